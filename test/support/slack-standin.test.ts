import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from './slack-standin.js';
import {
  appHomeOpened,
  blockActions,
  messageIm,
  nowSeconds,
  send,
  signRequest,
  slackSignature,
  slashCommand,
  urlVerification,
  viewSubmission,
  type SignOptions,
} from './slack-requests.js';

// Loopback must never go through a proxy a developer's shell may export.
process.env.NO_PROXY = '127.0.0.1,localhost';

const TOKEN = 'xoxb-test';
const SIGNING_SECRET = 'test-signing-secret';

/** Keeps expected warnings (signature failures, retries) out of the test output, but on record. */
function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (...m: unknown[]) => void lines.push(m.map(String).join(' '));
  return {
    lines,
    debug: () => undefined,
    info: keep,
    warn: keep,
    error: keep,
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}

describe('Slack Web API stand-in with the real WebClient', () => {
  let standin: SlackStandin;
  let client: WebClient;

  beforeAll(async () => {
    standin = await startSlackStandin();
  });
  afterAll(async () => {
    await standin.close();
  });
  beforeEach(() => {
    standin.clear();
    client = new WebClient(TOKEN, { slackApiUrl: standin.url, logger: quietLogger() });
  });

  it('serves a URL ending in /api/ on loopback', () => {
    expect(standin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('answers auth.test with the bot identity and records the bearer token', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'renkei' });
    expect(standin.calls('auth.test')).toHaveLength(1);
    expect(standin.calls('auth.test')[0]?.token).toBe(TOKEN);
  });

  it('decodes blocks to objects and reflects chat.update in messages()', async () => {
    const blocks = [{ type: 'section', block_id: 'q1', text: { type: 'mrkdwn', text: '会社名を教えてください 🏢' } }];
    const posted = await client.chat.postMessage({ channel: 'D1', text: '会社名を教えてください', blocks });
    expect(posted.ok).toBe(true);
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.channel).toBe('D1');

    const [call] = standin.calls('chat.postMessage');
    // WebClient sends a form body with blocks as a JSON string; the stand-in hands back objects.
    expect(call?.args.blocks).toEqual(blocks);
    expect(call?.args.text).toBe('会社名を教えてください');
    expect(call?.at).toBeInstanceOf(Date);

    const second = await client.chat.postMessage({ channel: 'D1', text: 'second' });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    const answered = [{ type: 'section', text: { type: 'mrkdwn', text: '✅ 株式会社テスト' } }];
    const updated = await client.chat.update({ channel: 'D1', ts: posted.ts!, text: '回答済み', blocks: answered });
    expect(updated).toMatchObject({ ok: true, channel: 'D1', ts: posted.ts });

    const now = standin.messages('D1');
    expect(now.map((m) => m.text)).toEqual(['回答済み', 'second']);
    expect(now[0]).toMatchObject({ ts: posted.ts, blocks: answered, updates: 1 });
    expect(standin.messages('C-other')).toEqual([]);
  });

  it('answers chat.update of an unknown message with message_not_found', async () => {
    const error = await client.chat.update({ channel: 'D1', ts: '1.000001', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'message_not_found' } });
  });

  it('removes a message on chat.delete', async () => {
    const posted = await client.chat.postMessage({ channel: 'D1', text: 'bye' });
    await client.chat.delete({ channel: 'D1', ts: posted.ts! });
    expect(standin.messages()).toEqual([]);
  });

  it('maps a user id to the app DM channel like Slack does', async () => {
    const posted = await client.chat.postMessage({ channel: 'U1', text: 'hi' });
    expect(posted.channel).toBe('DU1');
    const opened = await client.conversations.open({ users: 'U1' });
    expect(opened.channel?.id).toBe('DU1');
    expect(standin.messages('U1')).toHaveLength(1);
  });

  it('answers users.info with a per-user locale, ja-JP by default', async () => {
    standin.setUserLocale('U2', 'en-US');
    const ja = await client.users.info({ user: 'U1', include_locale: true });
    const en = await client.users.info({ user: 'U2', include_locale: true });
    expect(ja.user).toMatchObject({ id: 'U1', locale: 'ja-JP', tz: 'Asia/Tokyo', is_bot: false });
    expect(en.user?.locale).toBe('en-US');
    // Form bodies carry every value as a string.
    expect(standin.calls('users.info')[0]?.args.include_locale).toBe('true');
  });

  it('echoes views and answers ephemeral, permalink and unknown methods', async () => {
    const view = {
      type: 'modal' as const,
      callback_id: 'answer',
      title: { type: 'plain_text' as const, text: '回答' },
      blocks: [{ type: 'divider' as const }],
    };
    const opened = await client.views.open({ trigger_id: '1.2.3', view });
    expect(opened.view).toMatchObject({ callback_id: 'answer', blocks: [{ type: 'divider' }] });
    expect(opened.view?.id).toMatch(/^V/);
    expect(standin.calls('views.open')[0]?.args.view).toEqual(view);

    const updated = await client.views.update({ view_id: opened.view!.id!, view });
    expect(updated.view?.id).toBe(opened.view?.id);

    const published = await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    expect(published.view?.type).toBe('home');

    const ephemeral = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);

    const link = await client.chat.getPermalink({ channel: 'C1', message_ts: '1700000000.000100' });
    expect(link.permalink).toContain('/archives/C1/p1700000000000100');

    const other = await client.apiCall('reactions.add', { channel: 'C1', timestamp: '1.1', name: 'eyes' });
    expect(other.ok).toBe(true);
  });

  it('lets a rate-limited postMessage be retried by WebClient, posting it once', async () => {
    standin.failNext('chat.postMessage', 1, { kind: 'ratelimited', retryAfterSeconds: 1 });
    const rateLimited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));

    const started = Date.now();
    const posted = await client.chat.postMessage({ channel: 'D1', text: 'after the pause' });
    const elapsed = Date.now() - started;

    expect(posted.ok).toBe(true);
    expect(rateLimited).toEqual([1]);
    const attempts = standin.calls('chat.postMessage');
    expect(attempts.map((c) => [c.outcome, c.status])).toEqual([
      ['ratelimited', 429],
      ['ok', 200],
    ]);
    // WebClient sleeps Retry-After, then p-retry adds its own back-off (1–2 s at the first retry).
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(attempts[1]!.at.getTime() - attempts[0]!.at.getTime()).toBeGreaterThanOrEqual(1_000);
    expect(standin.messages()).toHaveLength(1);
  });

  it('rejects a rate-limited call at once when the client is told to', async () => {
    const strict = new WebClient(TOKEN, { slackApiUrl: standin.url, rejectRateLimitedCalls: true, logger: quietLogger() });
    standin.failNext('chat.postMessage', 1, { kind: 'ratelimited', retryAfterSeconds: 30 });
    const error = await strict.chat.postMessage({ channel: 'D1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 30 });
    expect(standin.messages()).toEqual([]);
  });

  it('surfaces a scripted Slack error as a platform error, once, without retrying', async () => {
    standin.failNext('chat.postMessage', 1, { kind: 'error', error: 'channel_not_found' });
    const error = await client.chat.postMessage({ channel: 'C404', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'channel_not_found' } });
    expect(standin.calls('chat.postMessage')).toHaveLength(1);
    // The script is used up: the next call succeeds.
    expect((await client.chat.postMessage({ channel: 'C404', text: 'x' })).ok).toBe(true);
  });

  it('surfaces an HTTP 500 as an HTTP error (WebClient retries those unless told not to)', async () => {
    const noRetry = new WebClient(TOKEN, { slackApiUrl: standin.url, retryConfig: { retries: 0 }, logger: quietLogger() });
    standin.failNext('chat.postMessage', 1, { kind: 'http', status: 500 });
    const error = await noRetry.chat.postMessage({ channel: 'D1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });

    const retrying = new WebClient(TOKEN, { slackApiUrl: standin.url, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 }, logger: quietLogger() });
    standin.failNext('chat.postMessage', 1, { kind: 'http', status: 500 });
    expect((await retrying.chat.postMessage({ channel: 'D1', text: 'y' })).ok).toBe(true);
    expect(standin.calls('chat.postMessage').map((c) => c.status)).toEqual([500, 500, 200]);
  });

  it('waits for calls and explains a timeout', async () => {
    setTimeout(() => void client.chat.postMessage({ channel: 'D1', text: 'later' }), 50);
    await expect(standin.waitForCalls('chat.postMessage', 1, 2_000)).resolves.toHaveLength(1);
    await expect(standin.waitForCalls('views.open', 1, 50)).rejects.toThrow(/expected 1 call\(s\) of views\.open within 50 ms, got 0; calls seen: chat\.postMessage/);
  });

  it('accepts JSON bodies too', async () => {
    const response = await fetch(`${standin.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ channel: 'C1', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(standin.messages('C1')[0]).toMatchObject({ text: 'json', blocks: [{ type: 'divider' }] });
  });

  it('takes a plan file through files.uploadV2', async () => {
    const result = await client.files.uploadV2({
      channel_id: 'DU1',
      filename: 'plan.md',
      title: '相談計画書',
      content: '# 計画\n- 目的',
      initial_comment: '計画書です',
    });
    expect(result.ok).toBe(true);
    const [upload] = standin.uploads();
    expect(upload).toMatchObject({ filename: 'plan.md', title: '相談計画書', channel: 'DU1', initialComment: '計画書です', completed: true });
    expect(upload?.content?.toString('utf8')).toBe('# 計画\n- 目的');
  });

  it('clear() forgets calls, messages and scripted failures', async () => {
    standin.failNext('chat.postMessage', 5, { kind: 'error', error: 'channel_not_found' });
    standin.clear();
    await client.chat.postMessage({ channel: 'D1', text: 'fresh' });
    standin.clear();
    expect(standin.calls()).toEqual([]);
    expect(standin.messages()).toEqual([]);
  });
});

describe('signed requests against Bolt’s HTTPReceiver', () => {
  let standin: SlackStandin;
  let app: App;
  let eventsUrl: string;
  const logger = quietLogger();
  const seen: { messages: Array<{ user?: string; text?: string; channel: string; retryNum?: number }>; homes: string[] } = {
    messages: [],
    homes: [],
  };
  const interactions: Array<{ kind: string; body: unknown }> = [];

  const signed = (payload: Parameters<typeof signRequest>[0], options: Partial<SignOptions> = {}) =>
    signRequest(payload, { signingSecret: SIGNING_SECRET, ...options });

  beforeAll(async () => {
    standin = await startSlackStandin();
    const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logger });
    app = new App({ token: TOKEN, receiver, logger, clientOptions: { slackApiUrl: standin.url } });
    app.message(async ({ message, say, context }) => {
      if (message.subtype === undefined) {
        seen.messages.push({ user: message.user, text: message.text, channel: message.channel, retryNum: context.retryNum });
        await say(`echo: ${message.text ?? ''}`);
      }
    });
    app.event('app_home_opened', async ({ event }) => {
      seen.homes.push(event.user);
    });
    app.action('answer', async ({ ack, body }) => {
      await ack();
      interactions.push({ kind: 'action', body });
    });
    app.view('intake', async ({ ack, body }) => {
      await ack({ response_action: 'errors', errors: { q1: 'もう一度' } });
      interactions.push({ kind: 'view', body });
    });
    app.command('/renkei', async ({ ack, command }) => {
      await ack('受け付けました');
      interactions.push({ kind: 'command', body: command });
    });
    const server = await receiver.start(0);
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await standin.close();
  });

  it('calls auth.test against the stand-in when the App is built', async () => {
    const [call] = await standin.waitForCalls('auth.test', 1, 2_000);
    expect(call?.token).toBe(TOKEN);
  });

  it('delivers a signed message.im to app.message and the reply to the stand-in', async () => {
    const response = await send(eventsUrl, signed(messageIm({ user: 'U1', text: 'こんにちは 👋' })));
    expect(response.status).toBe(200);
    const [reply] = await standin.waitForCalls('chat.postMessage', 1, 3_000);
    expect(reply?.args).toMatchObject({ channel: 'DU1', text: 'echo: こんにちは 👋' });
    expect(seen.messages.at(-1)).toMatchObject({ user: 'U1', text: 'こんにちは 👋', channel: 'DU1' });
  });

  it('passes the retry number of a redelivered event to the listener', async () => {
    const before = standin.calls('chat.postMessage').length;
    const response = await send(eventsUrl, signed(messageIm({ user: 'U1', text: 'again' }), { retry: { num: 1, reason: 'http_timeout' } }));
    expect(response.status).toBe(200);
    await standin.waitForCalls('chat.postMessage', before + 1, 3_000);
    expect(seen.messages.at(-1)).toMatchObject({ text: 'again', retryNum: 1 });
  });

  it('refuses a wrong signature, a stale timestamp and missing headers with 401 and no body', async () => {
    const count = seen.messages.length;
    const forged = await send(eventsUrl, signed(messageIm({ user: 'U1', text: 'forged' }), { wrongSecret: true }));
    const stale = await send(eventsUrl, signed(messageIm({ user: 'U1', text: 'stale' }), { stale: true }));
    const unsigned = await send(eventsUrl, signed(messageIm({ user: 'U1', text: 'unsigned' }), { omitHeaders: ['signature'] }));
    const undated = await send(eventsUrl, signed(messageIm({ user: 'U1', text: 'undated' }), { omitHeaders: ['timestamp'] }));
    expect([forged.status, stale.status, unsigned.status, undated.status]).toEqual([401, 401, 401, 401]);
    expect(forged.body).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.messages).toHaveLength(count);
    expect(logger.lines.some((l) => /signature mismatch/.test(l))).toBe(true);
    expect(logger.lines.some((l) => /stale/.test(l))).toBe(true);
  });

  it('accepts a timestamp from the future: Bolt only refuses old ones', async () => {
    // Pinned so nobody counts on Bolt for clock-skew checks in the other direction.
    const response = await send(eventsUrl, signed(urlVerification('future'), { timestampSeconds: nowSeconds() + 3_600 }));
    expect(response.status).toBe(200);
  });

  it('parses form bodies only under the exact Content-Type Slack sends', async () => {
    const request = signed(slashCommand({ user: 'U1', text: 'charset', channelId: 'DU1' }));
    const withCharset = { ...request, headers: { ...request.headers, 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' } };
    // The signature still verifies; Bolt then tries JSON.parse on the form body and answers 400.
    expect((await send(eventsUrl, withCharset)).status).toBe(400);
  });

  it('refuses a body changed after signing', async () => {
    const request = signed(messageIm({ user: 'U1', text: 'original' }));
    const tampered = { ...request, body: request.body.replace('original', 'tampered') };
    expect((await send(eventsUrl, tampered)).status).toBe(401);
  });

  it('matches Bolt’s own verification of the signature', async () => {
    const { verifySlackRequest } = await import('@slack/bolt');
    const request = signed(urlVerification('abc'));
    expect(() =>
      verifySlackRequest({
        signingSecret: SIGNING_SECRET,
        body: request.body,
        headers: {
          'x-slack-signature': request.headers['X-Slack-Signature']!,
          'x-slack-request-timestamp': Number(request.headers['X-Slack-Request-Timestamp']),
        },
      }),
    ).not.toThrow();
    expect(slackSignature('s', 1, 'b')).toMatch(/^v0=[0-9a-f]{64}$/);
  });

  it('answers url_verification with the challenge', async () => {
    const response = await send(eventsUrl, signed(urlVerification('challenge-xyz')));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ challenge: 'challenge-xyz' });
  });

  it('routes app_home_opened', async () => {
    expect((await send(eventsUrl, signed(appHomeOpened({ user: 'U7' })))).status).toBe(200);
    await expect.poll(() => seen.homes).toContain('U7');
  });

  it('routes form-encoded block_actions to app.action', async () => {
    const response = await send(
      eventsUrl,
      signed(
        blockActions({
          user: 'U1',
          actions: [{ action_id: 'answer', block_id: 'q1', type: 'button', value: 'yes', text: { type: 'plain_text', text: 'はい' } }],
          message: { ts: '1700000000.000100', channel: 'DU1', text: '質問' },
        }),
      ),
    );
    expect(response.status).toBe(200);
    const action = interactions.find((i) => i.kind === 'action')?.body;
    expect(action).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'DU1' },
      channel: { id: 'DU1' },
      actions: [{ action_id: 'answer', block_id: 'q1', value: 'yes' }],
    });
  });

  it('routes view_submission to app.view and returns its ack body', async () => {
    const response = await send(
      eventsUrl,
      signed(
        viewSubmission({
          user: 'U1',
          callbackId: 'intake',
          privateMetadata: JSON.stringify({ intakeId: 'i-1' }),
          values: { q1: { a1: { type: 'plain_text_input', value: '' } } },
        }),
      ),
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ response_action: 'errors', errors: { q1: 'もう一度' } });
    expect(interactions.find((i) => i.kind === 'view')?.body).toMatchObject({
      view: { callback_id: 'intake', private_metadata: '{"intakeId":"i-1"}', state: { values: { q1: { a1: { value: '' } } } } },
    });
  });

  it('routes a form-encoded slash command to app.command', async () => {
    const response = await send(eventsUrl, signed(slashCommand({ user: 'U1', text: 'start 新規事業', channelId: 'DU1' })));
    expect(response.status).toBe(200);
    expect(response.body).toBe('受け付けました');
    expect(interactions.find((i) => i.kind === 'command')?.body).toMatchObject({
      command: '/renkei',
      text: 'start 新規事業',
      user_id: 'U1',
      channel_id: 'DU1',
    });
  });
});
