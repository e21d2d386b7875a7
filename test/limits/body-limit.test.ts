import { request } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../src/channels/slack/slack-channel.js';
import { createTeamsChannel, type TeamsChannel } from '../../src/channels/teams/teams-channel.js';
import { createHttpServer, listen } from '../../src/http/http-server.js';
import { sqliteServices, type ServicesForTests } from '../support/services.js';
import { startSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import { startConnectorStandin, type ConnectorStandin } from '../support/teams-connector-standin.js';
import { messageIm, signRequest } from '../support/slack-requests.js';
import { SIGNING_SECRET } from '../support/slack-harness.js';
import { teamsOffices, testRetryPolicy } from '../support/teams-harness.js';
import { messageActivity, personalConversation, type TeamsPerson } from '../support/teams-activities.js';

/** Small enough that a test body passes it cheaply; the shipped default is 512 KiB. */
const CAP = 8 * 1024;

let env: ServicesForTests;
let slackApi: SlackStandin;
let connector: ConnectorStandin;
let teams: TeamsChannel;
let server: Server;
let base = '';

beforeAll(async () => {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  env = await sqliteServices();
  slackApi = await startSlackStandin();
  connector = await startConnectorStandin();
  env.services.offices = teamsOffices(connector.url);
  const slack = createSlackChannel(() => env.services, { botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, appToken: null, apiUrl: slackApi.url });
  teams = createTeamsChannel(() => env.services, { appId: null, appPassword: null, appType: 'MultiTenant', tenantId: null }, { retry: testRetryPolicy });
  server = createHttpServer({ slack: slack.requestListener, teams: teams.requestListener, ready: async () => ({ ok: true, checks: {} }), maxBodyBytes: CAP });
  base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await teams.stop();
  await slackApi.close();
  await connector.close();
  await env.close();
});

interface Sent {
  status: number;
  body: string;
}

/**
 * POSTs `body` either with a Content-Length or chunked (no declared length, in 1 KiB pieces).
 * A client still writing when the server refuses and closes may see EPIPE after the answer;
 * what matters is the answer it got.
 */
function post(path: string, body: string, headers: Record<string, string>, mode: 'length' | 'chunked'): Promise<Sent> {
  const bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      `${base}${path}`,
      { method: 'POST', headers: { ...headers, ...(mode === 'length' ? { 'content-length': String(bytes.length) } : { 'transfer-encoding': 'chunked' }) } },
      (res) => {
        answered = true;
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (mode === 'length') return void req.end(bytes);
    for (let i = 0; i < bytes.length; i += 1024) req.write(bytes.subarray(i, i + 1024));
    req.end();
  });
}

const slackMessage = (user: string, text: string) => {
  const signed = signRequest(messageIm({ user, text }), { signingSecret: SIGNING_SECRET });
  return { body: signed.body, headers: signed.headers };
};

const teamsPerson = (n: number): TeamsPerson => ({ aad: `50000000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Body ${n}`, locale: 'ja-JP' });

describe('request body cap (RENKEI_MAX_BODY_BYTES)', () => {
  it.each(['length', 'chunked'] as const)('refuses an over-size Slack request (%s) with 413 and JSON before Bolt reads it', async (mode) => {
    const user = mode === 'length' ? 'UBIGLEN' : 'UBIGCHUNK';
    const m = slackMessage(user, 'あ'.repeat(CAP));
    const res = await post('/slack/events', m.body, m.headers, mode);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: 'body_too_large', maxBytes: CAP });
    // Nothing reached the use case: no person on record, nothing sent to Slack for them.
    await new Promise((r) => setTimeout(r, 200));
    expect(await env.services.repo.findPerson('slack', user)).toBeNull();
    expect(slackApi.messages(`D${user}`)).toEqual([]);
  });

  it('passes a chunked Slack request within the cap to Bolt, whose signature check still runs on the same bytes', async () => {
    const m = slackMessage('UCHUNKOK', 'こんにちは');
    const forged = { ...m.headers, 'X-Slack-Signature': `v0=${'0'.repeat(64)}` };
    expect((await post('/slack/events', m.body, forged, 'chunked')).status).toBe(401);
    const ok = await post('/slack/events', m.body, m.headers, 'chunked');
    expect(ok.status).toBe(200);
    await slackApi.waitForCalls('chat.postMessage', 1);
    for (let i = 0; i < 100 && slackApi.messages('DUCHUNKOK').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(slackApi.messages('DUCHUNKOK').map((x) => x.text ?? '').join('\n')).toContain('会社名');
  });

  it.each(['length', 'chunked'] as const)('refuses an over-size Teams activity (%s) with 413 before botbuilder sees it', async (mode) => {
    const p = teamsPerson(mode === 'length' ? 1 : 2);
    const res = await post('/api/messages', JSON.stringify(messageActivity(connector.url, p, 'あ'.repeat(CAP))), { 'content-type': 'application/json' }, mode);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: 'body_too_large', maxBytes: CAP });
    await teams.idle();
    expect(await env.services.repo.findPerson('teams', p.aad)).toBeNull();
    expect(connector.activities(personalConversation(p))).toEqual([]);
  });

  it('passes a chunked Teams activity within the cap to botbuilder, and keeps serving after refusals', async () => {
    const p = teamsPerson(3);
    const res = await post('/api/messages', JSON.stringify(messageActivity(connector.url, p, 'こんにちは')), { 'content-type': 'application/json' }, 'chunked');
    expect(res.status).toBe(200);
    await teams.idle();
    expect(connector.activities(personalConversation(p)).length).toBeGreaterThan(0);
    expect(await env.services.repo.findPerson('teams', p.aad)).not.toBeNull();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
