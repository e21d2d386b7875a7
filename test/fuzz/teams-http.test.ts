import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTeamsHarness, PM_A, type TeamsHarness } from '../support/teams-harness.js';
import { channelSubmitActivity, installActivity, invokeActivity, messageActivity, submitActivity, type TeamsPerson } from '../support/teams-activities.js';
import { anyText, runs, watchCrashes } from './fuzz-support.js';
import { healthy, sendRaw, type RawRequest, type RawResponse } from './raw-http.js';

/**
 * The real /api/messages (botbuilder's CloudAdapter behind the shared server) on loopback:
 * one endpoint without authentication, as for the Agents Playground, to reach the turn logic
 * with anything at all, and one with an app id, which must refuse every unauthenticated request.
 * Nothing may produce a 5xx or crash the process; the only exception is Bot Framework's own
 * answer to an invoke the bot does not implement, 501.
 */

const APP_ID = '6d2b0f4e-1a3c-4e5f-9a7b-0c1d2e3f4a5b';
let open: TeamsHarness;
let authed: TeamsHarness;
let openPort: number;
let authedPort: number;
const watch = watchCrashes();
const { crashes } = watch;

beforeAll(async () => {
  watch.start();
  open = await startTeamsHarness();
  authed = await startTeamsHarness({ appId: APP_ID, appPassword: 'not-a-real-secret' });
  openPort = Number(new URL(open.url).port);
  authedPort = Number(new URL(authed.url).port);
});

afterAll(async () => {
  watch.stop();
  await open?.close();
  await authed?.close();
});

/** Failures the channel must never have: a turn that threw to the adapter, or work that escaped its guard. */
const UNGUARDED = new Set(['teams request failed', 'teams turn failed', 'teams job failed']);

async function expectStillHealthy(h: TeamsHarness, port: number): Promise<void> {
  await h.teams.idle();
  expect(crashes).toEqual([]);
  expect(h.logs.filter((l) => UNGUARDED.has(l.message)).map((l) => `${l.message} ${JSON.stringify(l.fields)}`)).toEqual([]);
  expect(await healthy(port)).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// Activities. serviceUrl is always loopback: the stand-in, a closed port, or not a URL at all,
// so that nothing a test sends makes the bot call out to the internet.

const person = fc.record({
  aad: fc.oneof(fc.uuid(), fc.constantFrom(PM_A.aad, '', 'x', '__proto__')),
  name: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('Fuzz')),
  locale: fc.constantFrom('ja-JP', 'en-US', 'en', 'fr-FR', '', 'xx-invalid-∞'),
});

// The stand-in's URL is only known once it has started, so it is read when a value is generated.
const serviceUrl = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 8, arbitrary: fc.constant(0).map(() => open.standin.url) }, { weight: 1, arbitrary: fc.constantFrom('http://127.0.0.1:1/', 'not a url', '', 'javascript:alert(1)') });

const text = fc.oneof(anyText.map((s) => s.slice(0, 5000)), fc.constantFrom('start', 'はじめる', 'help', 'ヘルプ', 'はい', 'edit 3', 'english', 'remind in_x 明日10時 hi', 'リマインド pm-kanto 3日後 電話', 'わからない', ''));

const cardValue = fc.oneof(
  fc.record({ renkei: fc.constant('answer'), promptId: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('company.name', 'company.industry', 'partners#1.name')), input: fc.constantFrom('choice', 'multi', 'text', 'other'), choice: fc.string({ maxLength: 30 }), answer: text }, { requiredKeys: ['renkei', 'promptId'] }),
  fc.record({ renkei: fc.constant('command'), command: fc.oneof(fc.constantFrom('back', 'skip', 'review', 'pause', 'lang', 'help', 'restart', 'delete', 'bogus', ''), fc.string({ maxLength: 25 })), arg: fc.string({ maxLength: 25 }) }, { requiredKeys: ['renkei', 'command'] }),
  fc.record({ renkei: fc.constant('handoff'), action: fc.constantFrom('claim', 'ask', 'note', 'close', 'steal'), handoffId: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('ho_missing')), askText: text, noteText: text, outcome: fc.constantFrom('applied', 'withdrawn', '', 'bogus') }, { requiredKeys: ['renkei', 'action', 'handoffId'] }),
  fc.jsonValue({ maxDepth: 3 }),
);

const activity: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(serviceUrl(), person, text).map(([url, p, t]) => messageActivity(url, p as TeamsPerson, t)) },
  { weight: 3, arbitrary: fc.tuple(serviceUrl(), person, cardValue, fc.option(fc.string({ maxLength: 20 }), { nil: undefined })).map(([url, p, v, reply]) => submitActivity(url, p as TeamsPerson, v as Record<string, unknown>, reply)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(serviceUrl(), person, fc.constantFrom('adaptiveCard/action', 'adaptiveCard/action', 'signin/verifyState', 'task/fetch', ''), fc.oneof(fc.record({ action: fc.record({ type: fc.constantFrom('Action.Execute', 'Action.Submit'), verb: fc.constantFrom('answer', 'command', 'handoff', 'x'), data: cardValue }) }), fc.jsonValue({ maxDepth: 3 })))
      .map(([url, p, name, value]) => invokeActivity(url, p as TeamsPerson, name, value)),
  },
  { weight: 1, arbitrary: fc.tuple(serviceUrl(), person).map(([url, p]) => installActivity(url, p as TeamsPerson)) },
  { weight: 1, arbitrary: fc.tuple(serviceUrl(), person, cardValue).map(([url, p, v]) => channelSubmitActivity(url, p as TeamsPerson, '19:kanto-office@thread.tacv2', 'card-1', v as Record<string, unknown>)) },
);

const MANGLED_PATHS = [
  'type', 'id', 'text', 'value', 'from', 'recipient', 'conversation', 'channelData', 'locale', 'channelId', 'membersAdded', 'replyToId', 'name',
  'entities', 'attachments', 'timestamp', 'localTimestamp', 'expiration', 'serviceUrl', 'from.id', 'from.aadObjectId', 'from.role', 'recipient.id',
  'conversation.id', 'conversation.conversationType', 'conversation.isGroup', 'channelData.tenant', 'channelData.tenant.id', 'value.renkei', 'value.action',
  'value.action.data', '__proto__', 'constructor',
] as const;

/** Sets (or with undefined, deletes) a dotted path in a deep copy; intermediate objects are created as needed. */
function withPath(a: Record<string, unknown>, path: string, v: unknown): Record<string, unknown> {
  const copy = structuredClone(a);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    const child: Record<string, unknown> = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    Object.defineProperty(node, key, { value: child, enumerable: true, writable: true, configurable: true });
    node = child;
  }
  const last = keys[keys.length - 1] ?? '';
  // defineProperty, so that "__proto__" becomes an own key, as JSON.parse makes it, not a prototype change.
  if (v === undefined) delete node[last];
  else Object.defineProperty(node, last, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** An activity with one field, at any depth, replaced by something of the wrong type or removed. */
const mangled: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(activity, fc.constantFrom(...MANGLED_PATHS), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(undefined, '', 'garbage', -1, 1e308, '2026-13-45T99:99:99Z')))
  .map(([a, path, v]) => withPath(a, path, v));

const deep = (depth: number) => `{"type":"message","value":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
const HOSTILE_BODIES = [
  '',
  'null',
  '[]',
  '"message"',
  '{',
  '{"type":""}',
  '{"type":5}',
  '{"type":"message"}',
  '{"type":"invoke"}',
  '{"type":"message","__proto__":{"polluted":true},"text":"x"}',
  '{"type":"message","constructor":{"prototype":{"polluted":true}}}',
  '[{"type":"message"}]',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  '\u0000\u00ff',
];

const bodyArb = (): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.constantFrom(...HOSTILE_BODIES).map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
    anyText.map((s) => Buffer.from(s.slice(0, 20_000))),
    fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
    fc.integer({ min: 2, max: 60_000 }).map((n) => Buffer.from(deep(n))),
    fc.integer({ min: 1, max: 700_000 }).map((n) => Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(n) }))),
    mangled.map((a) => Buffer.from(JSON.stringify(a))),
    activity.map((a) => Buffer.from(JSON.stringify(a))),
  );

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', '', '\u00ff'] as const;

const rawArb = (authorization: fc.Arbitrary<string | null>) =>
  fc.record({
    method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'FOO') }),
    path: fc.constantFrom('/api/messages', '/api/messages?x=1', '/api/messages?%ZZ', '/api/messages/'),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    body: bodyArb(),
    authorization,
  });
type Fuzzed = { method: string; path: string; contentType: string; body: Buffer; authorization: string | null };

const toRaw = (r: Fuzzed): RawRequest => ({
  method: r.method,
  path: r.path,
  headers: [...(r.contentType ? [['Content-Type', r.contentType] as [string, string]] : []), ...(r.authorization !== null ? [['Authorization', r.authorization] as [string, string]] : [])],
  body: r.body,
});

const describeRequest = (r: Fuzzed, res: RawResponse) =>
  `${r.method} ${r.path} [${r.contentType}] auth=${JSON.stringify(r.authorization?.slice(0, 60))} body(${r.body.length})=${JSON.stringify(r.body.toString('utf8').slice(0, 160))} → ${JSON.stringify(res.statuses)} ${res.body.slice(0, 120)}`;

/** Bot Framework answers an invoke nobody implements with 501; that is the protocol, not a failure. */
const isUnimplementedInvoke = (r: Fuzzed, res: RawResponse) => res.statuses[0] === 501 && /"NotImplemented"/.test(res.body) && /"invoke"/.test(r.body.toString('utf8'));

/** A JWT-shaped token that no Bot Framework issuer signed; the issuer is never one the SDK would fetch keys for. */
const forgedToken = fc
  .tuple(fc.constantFrom('HS256', 'RS256', 'none', 'ES256'), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('https://evil.example', 'https://api.botframework.com.evil')), fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 4_000_000_000 }))
  .map(([alg, iss, kid, exp]) => {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${part({ alg, kid, typ: 'JWT' })}.${part({ iss, aud: APP_ID, exp, serviceurl: 'http://127.0.0.1:1/' })}.${Buffer.from('signature').toString('base64url')}`;
  });
const authorization = fc.oneof(
  fc.constant(null),
  forgedToken.map((t) => `Bearer ${t}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'bearer x.y.z', 'Bearer ...', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'),
  fc.string({ maxLength: 60 }),
);

describe('fuzz: POST /api/messages from the internet', () => {
  it('without authentication configured: malformed bodies get a 4xx, nothing gets a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(rawArb(fc.constant(null)), async (r) => {
        const res = await sendRaw(openPort, toRaw(r));
        const what = describeRequest(r, res);
        expect(res.timedOut, what).toBe(false);
        expect(res.statuses.length, what).toBeGreaterThan(0);
        if (!isUnimplementedInvoke(r, res)) for (const status of res.statuses) expect(status, what).toBeLessThan(500);
        if (r.method !== 'POST') expect([400, 404, 405, 413], what).toContain(res.statuses[0]);
        let json: unknown;
        try {
          json = JSON.parse(r.body.toString('utf8'));
        } catch {
          json = undefined;
        }
        const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { type?: unknown; serviceUrl?: unknown }) : null;
        const isActivity = fields !== null && typeof fields.type === 'string' && fields.type !== '' && (fields.serviceUrl === undefined || typeof fields.serviceUrl === 'string');
        if (r.method === 'POST' && !isActivity) expect(res.statuses[0], what).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: runs(70) },
    );
    await expectStillHealthy(open, openPort);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('with an app id: every request without a valid Bot Framework token is refused with a 4xx and does nothing', async () => {
    const before = authed.standin.calls().length;
    // CloudAdapter prints every refused token with console.error; only authentication failures may be among them.
    const printed: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((err: unknown) => void printed.push(err));
    await fc.assert(
      fc.asyncProperty(rawArb(authorization), async (r) => {
        const res = await sendRaw(authedPort, toRaw(r));
        const what = describeRequest(r, res);
        expect(res.timedOut, what).toBe(false);
        expect(res.statuses.length, what).toBeGreaterThan(0);
        for (const status of res.statuses) {
          expect(status, what).toBeGreaterThanOrEqual(400);
          expect(status, what).toBeLessThan(500);
        }
      }),
      { numRuns: runs(60) },
    ).finally(() => spy.mockRestore());
    expect(printed.filter((e) => !(e instanceof Error && 'statusCode' in e && e.statusCode === 401)).map(String)).toEqual([]);
    await expectStillHealthy(authed, authedPort);
    expect(authed.standin.calls().length).toBe(before);
  });

  it('lying lengths, oversized and chunked bodies and broken framing: a 4xx or silence, never a 5xx', async () => {
    const body = Buffer.from(JSON.stringify(messageActivity(open.standin.url, { aad: '40000000-0000-4000-8000-00000000f001', name: 'F', locale: 'ja-JP' }, 'hi')));
    const base: RawRequest = { method: 'POST', path: '/api/messages', headers: [['Content-Type', 'application/json']], body };
    const cases: Array<[string, RawRequest | Buffer, boolean]> = [
      ['declares more than it sends', { ...base, contentLength: body.length + 100 }, true],
      ['declares less than it sends', { ...base, contentLength: Math.max(0, body.length - 10) }, false],
      ['declares a negative length', { ...base, contentLength: -1 }, false],
      ['declares a huge length', { ...base, contentLength: 10 ** 12 }, false],
      ['sends 5 MB', { ...base, body: Buffer.alloc(5 * 1024 * 1024, 0x61) }, false],
      ['chunked past the cap', Buffer.concat([Buffer.from('POST /api/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n'), ...Array.from({ length: 12 }, () => Buffer.from(`10000\r\n${'a'.repeat(0x10000)}\r\n`)), Buffer.from('0\r\n\r\n')]), false],
      ['both chunked and a length', Buffer.from('POST /api/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n'), false],
      ['a header without a colon', Buffer.from('POST /api/messages HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n'), false],
      ['garbage', Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), false],
    ];
    const sent = cases.flatMap(([name, request, mayWait]) => [openPort, authedPort].map((port) => ({ name, mayWait, answer: sendRaw(port, request, 1500) })));
    for (const { name, mayWait, answer } of sent) {
      const res = await answer;
      if (mayWait && res.timedOut) continue;
      expect(res.timedOut, name).toBe(false);
      expect(res.statuses.length, name).toBeGreaterThan(0);
      for (const status of res.statuses) {
        expect(status, `${name}: ${JSON.stringify(res.statuses)}`).toBeGreaterThanOrEqual(400);
        expect(status, `${name}: ${JSON.stringify(res.statuses)}`).toBeLessThan(500);
      }
    }
    await expectStillHealthy(open, openPort);
    await expectStillHealthy(authed, authedPort);
  });
});

describe('fuzz: well-formed activities with random content (no authentication)', () => {
  it('never get a 5xx; the work they start either succeeds or fails politely', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: activity }, { weight: 1, arbitrary: mangled }), async (a) => {
        const res = await open.post(a);
        const unimplemented = a.type === 'invoke' && a.name !== 'adaptiveCard/action' && res.status === 501;
        if (!unimplemented) expect(res.status, `${JSON.stringify(a).slice(0, 400)} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: runs(50) },
    );
    await expectStillHealthy(open, openPort);
  });
});

describe('regressions found by fuzzing /api/messages', () => {
  const p: TeamsPerson = { aad: '40000000-0000-4000-8000-00000000f002', name: 'F', locale: 'ja-JP' };
  const card = { action: { type: 'Action.Execute', verb: 'command', data: { command: 'help' } } };

  it('answers 400 to an activity whose serviceUrl is not a string (the adapter threw: 500)', async () => {
    for (const serviceUrl of [1e308, 5, {}, [], true, null]) {
      const res = await open.post({ ...invokeActivity(open.standin.url, p, 'adaptiveCard/action', card), serviceUrl });
      expect(res.status, JSON.stringify(serviceUrl)).toBe(400);
    }
    await expectStillHealthy(open, openPort);
  });

  it('answers 400 to an invoke the bot cannot read (it went unanswered, which the adapter reports as 501)', async () => {
    const { channelId: _dropped, ...noChannel } = invokeActivity(open.standin.url, p, 'adaptiveCard/action', card);
    const res = await open.post(noChannel);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ statusCode: 400, value: { code: 'BadRequest' } });
    await expectStillHealthy(open, openPort);
  });
});
