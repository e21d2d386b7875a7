import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, SIGNING_SECRET, type SlackHarness } from '../support/slack-harness.js';
import { appHomeOpened, blockActions, messageIm, nowSeconds, slackSignature, slashCommand, urlVerification, viewSubmission, type SlackPayload } from '../support/slack-requests.js';
import { anyText, runs, watchCrashes } from './fuzz-support.js';
import { healthy, sendRaw, type RawRequest, type RawResponse } from './raw-http.js';

/**
 * The real Bolt HTTPReceiver behind the real server on loopback, sent what the internet sends:
 * forged, stale and unsigned requests, bodies that are not JSON or not Slack's, odd methods,
 * headers and lengths. Nothing may produce a 5xx, crash the process or leave a promise
 * rejected with no handler; anything not signed by Slack is refused with a 4xx.
 */

let h: SlackHarness;
let port: number;
const watch = watchCrashes();
const { crashes } = watch;

beforeAll(async () => {
  watch.start();
  h = await startSlackHarness();
  port = Number(new URL(h.url).port);
});

afterAll(async () => {
  watch.stop();
  await h?.close();
});

/** Waits until the work acknowledged so far (replies to the stand-in) has stopped, so late failures are seen. */
async function settled(): Promise<void> {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const now = h.standin.calls().length;
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function expectStillHealthy(): Promise<void> {
  await settled();
  expect(crashes).toEqual([]);
  expect(await healthy(port)).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// Requests

type Signing = 'none' | 'garbage' | 'wrong_secret' | 'stale' | 'future' | 'bad_timestamp' | 'other_body' | 'duplicated' | 'valid';

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-8',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded; charset=utf-8',
  '',
  '\u00ff\u00fe;;',
] as const;

const HOSTILE_BODIES = [
  '',
  'null',
  'true',
  '0',
  '"x"',
  '[]',
  '{}',
  '{',
  '{"type":',
  '\u0000\u0001\u0002',
  '{"type":"url_verification"}',
  '{"type":"url_verification","challenge":{"nested":[1,2,3]}}',
  '{"__proto__":{"polluted":true},"type":"event_callback","event":{"type":"message"}}',
  '{"constructor":{"prototype":{"polluted":true}},"event":{"type":"app_home_opened","user":{"__proto__":1}}}',
  '{"event":null}',
  '{"event":5}',
  '{"event":"message"}',
  '{"event":{"item":5}}',
  '{"event":{"type":"message","channel_type":"im","user":5,"text":null,"channel":{}}}',
  '{"event":{"type":"app_home_opened","user":null}}',
  '{"command":null}',
  '{"command":"/renkei","text":{"a":1},"user_id":[],"channel_id":null}',
  '{"actions":null,"type":"block_actions"}',
  '{"actions":[null],"type":"block_actions","user":{"id":"U1"}}',
  '{"actions":[{"action_id":"answer_x","block_id":{"a":1}}],"type":"block_actions","user":null}',
  '{"type":"view_submission","view":null}',
  '{"type":"view_submission","view":{"callback_id":"ho_modal_note","state":null,"private_metadata":5},"user":{"id":"U1"}}',
  'payload=null',
  'payload=%7B',
  'payload=%7B%22actions%22%3A5%7D',
  'payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22action_id%22%3A%22ho_claim%22%7D%5D%7D',
  'payload=1&payload=2',
  'ssl_check=1',
  'ssl_check=1&payload=%7B%22event%22%3Anull%7D',
  'command=%2Frenkei&text=%00%01&user_id=&channel_id=',
  '__proto__[polluted]=1&constructor[prototype][polluted]=1',
];

/** JSON nested `depth` levels deep, as arrays or objects. */
const deep = (depth: number, kind: 'array' | 'object') => (kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

const bodyArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom(...HOSTILE_BODIES).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  anyText.map((s) => Buffer.from(s.slice(0, 20_000))),
  fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('payload', 'command', 'ssl_check', '__proto__', 'type')), fc.string({ maxLength: 20 })).map((d) => Buffer.from(new URLSearchParams(d).toString())),
  fc.tuple(fc.integer({ min: 2, max: 100_000 }), fc.constantFrom('array' as const, 'object' as const)).map(([n, k]) => Buffer.from(deep(n, k))),
  fc.integer({ min: 1, max: 400_000 }).map((n) => Buffer.from(JSON.stringify({ type: 'event_callback', event: { type: 'message', text: 'x'.repeat(n) } }))),
  fc.constantFrom<SlackPayload>(
    messageIm({ user: 'UFUZZ1', text: 'こんにちは' }),
    urlVerification('challenge-fuzz'),
    appHomeOpened({ user: 'UFUZZ2' }),
    slashCommand({ user: 'UFUZZ3', text: 'help', channelId: 'DUFUZZ3' }),
  ).map((p) => Buffer.from(p.body)),
);

const methodArb = fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 3, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'FOO', 'post') });
const pathArb = fc.constantFrom('/slack/events', '/slack/events', '/slack/events?x=1', '/slack/events?%ZZ=%', '/slack/events?__proto__[a]=1', '/slack/events/', '/SLACK/EVENTS', '/slack/events#x');
const headerValueArb = fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => Buffer.from(b)), fc.constantFrom('v0=', 'v1=abc', '0', '-1', '1e999', 'NaN', ' ', '\t'));

interface Fuzzed {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
  signing: Signing;
  extra: Array<[string, string | Buffer]>;
}

const requestArb = (signing: fc.Arbitrary<Signing>): fc.Arbitrary<Fuzzed> =>
  fc.record({
    method: methodArb,
    path: pathArb,
    contentType: fc.constantFrom(...CONTENT_TYPES),
    body: bodyArb,
    signing,
    extra: fc.array(fc.tuple(fc.constantFrom('X-Slack-Retry-Num', 'X-Slack-Retry-Reason', 'X-Forwarded-For', 'Accept', 'Expect', 'Content-Encoding', 'X-Fuzz'), headerValueArb), { maxLength: 3 }),
  });

function toRaw(r: Fuzzed): RawRequest {
  const text = r.body.toString('utf8');
  const ts = nowSeconds();
  const headers: Array<[string, string | Buffer]> = r.contentType ? [['Content-Type', r.contentType]] : [];
  const sign = (secret: string, timestamp: number | string, body: string) => slackSignature(secret, Number(timestamp), body);
  switch (r.signing) {
    case 'none':
      break;
    case 'garbage':
      headers.push(['X-Slack-Request-Timestamp', String(ts)], ['X-Slack-Signature', `v0=${'0'.repeat(64)}`]);
      break;
    case 'wrong_secret':
      headers.push(['X-Slack-Request-Timestamp', String(ts)], ['X-Slack-Signature', sign(`${SIGNING_SECRET}x`, ts, text)]);
      break;
    case 'stale':
      headers.push(['X-Slack-Request-Timestamp', String(ts - 6 * 60)], ['X-Slack-Signature', sign(SIGNING_SECRET, ts - 6 * 60, text)]);
      break;
    case 'future':
      headers.push(['X-Slack-Request-Timestamp', String(ts + 6 * 60)], ['X-Slack-Signature', sign(SIGNING_SECRET, ts + 6 * 60, text)]);
      break;
    case 'bad_timestamp':
      headers.push(['X-Slack-Request-Timestamp', 'yesterday'], ['X-Slack-Signature', sign(SIGNING_SECRET, ts, text)]);
      break;
    case 'other_body':
      headers.push(['X-Slack-Request-Timestamp', String(ts)], ['X-Slack-Signature', sign(SIGNING_SECRET, ts, `${text} `)]);
      break;
    case 'duplicated':
      headers.push(['X-Slack-Request-Timestamp', String(ts)], ['X-Slack-Signature', sign(SIGNING_SECRET, ts, text)], ['X-Slack-Signature', sign(SIGNING_SECRET, ts, text)]);
      break;
    case 'valid':
      headers.push(['X-Slack-Request-Timestamp', String(ts)], ['X-Slack-Signature', sign(SIGNING_SECRET, ts, text)]);
      break;
  }
  return { method: r.method, path: r.path, headers: [...headers, ...r.extra], body: r.body };
}

const describeRequest = (r: Fuzzed, res: RawResponse) =>
  `${r.method} ${r.path} [${r.contentType}] signing=${r.signing} body(${r.body.length})=${JSON.stringify(r.body.toString('utf8').slice(0, 120))} → ${JSON.stringify(res.statuses)}${res.timedOut ? ' (no answer)' : ''}`;

/** `ssl_check=1` is Slack's unsigned probe, answered 200 by design (Bolt strips anything else in it). */
const isSslCheck = (r: Fuzzed) => r.contentType === 'application/x-www-form-urlencoded' && new URLSearchParams(r.body.toString('utf8')).get('ssl_check') === '1';

describe('fuzz: POST /slack/events from the internet', () => {
  it('refuses anything not signed by Slack with a 4xx, and nothing gets a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb(fc.constantFrom<Signing>('none', 'garbage', 'wrong_secret', 'stale', 'future', 'bad_timestamp', 'other_body', 'duplicated')), async (r) => {
        const res = await sendRaw(port, toRaw(r));
        const what = describeRequest(r, res);
        expect(res.timedOut, what).toBe(false);
        expect(res.statuses.length, what).toBeGreaterThan(0);
        for (const status of res.statuses) expect(status, what).toBeLessThan(500);
        // Bolt refuses only past timestamps: a future one signed with the real secret is still Slack's.
        if (!isSslCheck(r) && r.signing !== 'future') expect(res.statuses[0], what).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: runs(60) },
    );
    await expectStillHealthy();
  });

  it('validly signed but hostile bodies never get a 5xx, crash or hang the server', async () => {
    // Signed bodies Bolt cannot route wait out its 3-second acknowledgement timeout, so requests go
    // out in parallel: every listed hostile body, signed, alongside a batch of random ones.
    const listed = HOSTILE_BODIES.flatMap((body) =>
      (['application/json', 'application/x-www-form-urlencoded'] as const).map((contentType): Fuzzed => ({ method: 'POST', path: '/slack/events', contentType, body: Buffer.from(body), signing: 'valid', extra: [] })),
    );
    const expectAnswered = (batch: readonly Fuzzed[], answers: readonly RawResponse[]) =>
      batch.forEach((r, i) => {
        const res = answers[i] as RawResponse;
        const what = describeRequest(r, res);
        expect(res.timedOut, what).toBe(false);
        for (const status of res.statuses) expect(status, what).toBeLessThan(500);
      });
    const listedAnswers = Promise.all(listed.map((r) => sendRaw(port, toRaw(r), 6000)));
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb(fc.constant<Signing>('valid')), { minLength: 16, maxLength: 16 }), async (batch) => {
        expectAnswered(batch, await Promise.all(batch.map((r) => sendRaw(port, toRaw(r), 6000))));
      }),
      { numRuns: runs(1) },
    );
    expectAnswered(listed, await listedAnswers);
    await expectStillHealthy();
    // Keys like __proto__ in a payload must not reach Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lying lengths, oversized and chunked bodies and broken framing: a 4xx or silence, never a 5xx', async () => {
    const body = Buffer.from(messageIm({ user: 'UFUZZ4', text: 'hi' }).body);
    const base: RawRequest = { method: 'POST', path: '/slack/events', headers: [['Content-Type', 'application/json']], body };
    const cases: Array<[string, RawRequest | Buffer, boolean]> = [
      // [name, request, may the server wait for bytes that never come]
      ['declares more than it sends', { ...base, contentLength: body.length + 100 }, true],
      ['declares less than it sends', { ...base, contentLength: Math.max(0, body.length - 10) }, false],
      ['declares a negative length', { ...base, contentLength: -1 }, false],
      ['declares a huge length', { ...base, contentLength: 10 ** 12 }, false],
      ['declares no length', { ...base, contentLength: null }, false],
      ['sends 5 MB', { ...base, body: Buffer.alloc(5 * 1024 * 1024, 0x61) }, false],
      ['chunked past the cap', Buffer.concat([Buffer.from('POST /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n'), ...Array.from({ length: 12 }, () => Buffer.from(`10000\r\n${'a'.repeat(0x10000)}\r\n`)), Buffer.from('0\r\n\r\n')]), false],
      ['chunked with a bad chunk size', Buffer.from('POST /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'), false],
      ['both chunked and a length', Buffer.from('POST /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n'), false],
      ['a header without a colon', Buffer.from('POST /slack/events HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n'), false],
      ['a NUL in a header', Buffer.from('POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-Signature: v0=\u0000\r\nContent-Length: 0\r\n\r\n', 'latin1'), false],
      ['HTTP/0.9 style', Buffer.from('GET /slack/events\r\n\r\n'), false],
      ['garbage', Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), false],
      ['an absolute URL', Buffer.from('POST http://evil.example/slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}'), false],
    ];
    const answers = await Promise.all(cases.map(([, request]) => sendRaw(port, request, 1500)));
    for (const [i, [name, , mayWait]] of cases.entries()) {
      const res = answers[i] as RawResponse;
      if (!(mayWait && res.timedOut)) {
        expect(res.timedOut, name).toBe(false);
        expect(res.statuses.length, name).toBeGreaterThan(0);
        for (const status of res.statuses) expect(status, `${name}: ${JSON.stringify(res.statuses)}`).toBeGreaterThanOrEqual(400);
        for (const status of res.statuses) expect(status, `${name}: ${JSON.stringify(res.statuses)}`).toBeLessThan(500);
      }
    }
    await expectStillHealthy();
  });
});

describe('regressions found by fuzzing /slack/events', () => {
  const signed = (body: string, contentType = 'application/json'): RawRequest => {
    return toRaw({ method: 'POST', path: '/slack/events', contentType, body: Buffer.from(body), signing: 'valid', extra: [] });
  };

  it('answers 405 to methods other than POST (Bolt threw, and the server answered 500)', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'HEAD']) {
      const res = await sendRaw(port, { method, path: '/slack/events', headers: [], body: Buffer.alloc(0), contentLength: null });
      expect(res.statuses, method).toEqual([405]);
    }
    await expectStillHealthy();
  });

  it('answers 400 to a signed body that is JSON null (Bolt rejected a promise nobody handled and never answered)', async () => {
    expect((await sendRaw(port, signed('null'))).statuses).toEqual([400]);
    expect((await sendRaw(port, signed(' null\n'))).statuses).toEqual([400]);
    expect((await sendRaw(port, signed('payload=null', 'application/x-www-form-urlencoded'))).statuses).toEqual([400]);
    await expectStillHealthy();
  });

  it('answers 400 to a signed payload Bolt cannot read (it answered 500, which Slack retries)', async () => {
    for (const body of ['{"event":null}', '{"event":5}', '{"event":{"item":5}}', '{"actions":null,"type":"block_actions"}']) {
      expect((await sendRaw(port, signed(body))).statuses, body).toEqual([400]);
    }
    await expectStillHealthy();
  });
});

// ---------------------------------------------------------------------------------------------
// Well-formed, validly signed payloads with random content

const userId = fc.oneof(fc.stringMatching(/^U[A-Z0-9]{2,10}$/), fc.constantFrom('UPMA', 'UPMB', 'U', '', 'UBOT'));
const text = fc.oneof(anyText.map((s) => s.slice(0, 3000)), fc.constantFrom('はい', 'help', 'ヘルプ', 'edit 3', 'english', 'わからない', 'restart', 'はい', '<!channel>', '*bold*'));
const actionId = fc.constantFrom('answer_choice', 'answer_select', 'answer_multi_submit', 'answer_checks', 'answer_unknown', 'cmd_back', 'cmd_skip', 'cmd_review', 'cmd_pause', 'cmd_lang', 'cmd_help', 'cmd_bogus', 'home_resume', 'ho_claim', 'ho_ask', 'ho_note', 'ho_close');
const blockId = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('q|company.name', 'q|company.industry', 'q|partners#1.name', 'q|', '|', 'q|confirm.restart'));
const option = fc.record({ text: fc.record({ type: fc.constant('plain_text' as const), text: fc.string({ maxLength: 20 }) }), value: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('manufacturing', 'yes', 'no', 'unknown', 'ho_1')) });

const signedPayload: fc.Arbitrary<SlackPayload> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ user: userId, text, channel: fc.option(fc.stringMatching(/^[DC][A-Z0-9]{1,10}$/), { nil: undefined }) }).map((o) => messageIm(o.channel ? { user: o.user, text: o.text, channel: o.channel } : { user: o.user, text: o.text })) },
  { weight: 1, arbitrary: fc.record({ user: userId, text }).map((o) => messageIm({ ...o, botId: 'B1', subtype: 'bot_message' })) },
  { weight: 1, arbitrary: userId.map((user) => appHomeOpened({ user })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((c) => urlVerification(c)) },
  {
    weight: 4,
    arbitrary: fc
      .record({
        user: userId,
        action_id: actionId,
        block_id: blockId,
        value: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('yes', 'no', 'unknown', 'manufacturing', 'en', 'ja', 'ho_unknown')), { nil: undefined }),
        selected: fc.option(option, { nil: undefined }),
        where: fc.constantFrom('message', 'view', 'none'),
        checks: fc.array(option, { maxLength: 4 }),
      })
      .map((o) =>
        blockActions({
          user: o.user,
          actions: [{ action_id: o.action_id, block_id: o.block_id, type: 'button', ...(o.value !== undefined ? { value: o.value } : {}), ...(o.selected ? { selected_option: o.selected } : {}) }],
          ...(o.where === 'message' ? { message: { ts: `${nowSeconds()}.000100`, channel: `D${o.user}` } } : {}),
          ...(o.where === 'view' ? { view: { id: 'VFUZZ', type: 'home' as const } } : {}),
          state: { values: { [o.block_id]: { answer_checks: { type: 'checkboxes', selected_options: o.checks } } } },
        }),
      ),
  },
  { weight: 2, arbitrary: fc.record({ user: userId, text: fc.oneof(text, fc.constantFrom('start', 'status', 'review', 'lang en', 'lang xx', '開始', 'handoffs', 'remind in_x 明日10時 hi', 'reminders failed', 'reminders cancel rm_x', '')) }).map((o) => slashCommand({ user: o.user, text: o.text, channelId: `D${o.user}` })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ user: userId, kind: fc.constantFrom('ask', 'note', 'close', 'bogus'), meta: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('ho_1', '')), value: fc.option(text, { nil: null }), outcome: fc.option(fc.constantFrom('applied', 'withdrawn', 'nonsense', ''), { nil: null }) })
      .map((o) =>
        viewSubmission({
          user: o.user,
          callbackId: `ho_modal_${o.kind}`,
          privateMetadata: o.meta,
          values: { text: { value: { type: 'plain_text_input', value: o.value } }, outcome: { value: { type: 'static_select', selected_option: o.outcome ? { value: o.outcome } : null } } },
        }),
      ),
  },
);

describe('fuzz: validly signed Slack payloads with random content', () => {
  it('never get a 5xx, and the work they start fails politely if at all', async () => {
    await fc.assert(
      fc.asyncProperty(signedPayload, async (p) => {
        const res = await h.post(p);
        expect(res.status, `${p.contentType} ${p.body.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: runs(50) },
    );
    await expectStillHealthy();
  });
});
