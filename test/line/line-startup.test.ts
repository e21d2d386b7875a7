import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startCli } from '../support/cli-process.js';
import { startLineStandin } from '../support/line-standin.js';
import { CHANNEL_SECRET, followEvent, lineSignature, webhookBody } from '../support/line-webhook.js';
import { textOf } from '../support/line-user.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-line-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TOKEN = 'a'.repeat(40);

describe('LINE configuration', () => {
  it('is off without LINE variables and on with the channel secret and access token', () => {
    expect(loadConfig({}).line).toBeNull();
    expect(loadConfig({ LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN })).toMatchObject({ line: { channelSecret: CHANNEL_SECRET, channelAccessToken: TOKEN, apiUrl: null } });
    expect(loadConfig({ LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_URL: 'http://127.0.0.1:9/' }).line?.apiUrl).toBe('http://127.0.0.1:9');
  });

  it.each([
    [{ LINE_CHANNEL_SECRET: CHANNEL_SECRET }, 'LINE_CHANNEL_ACCESS_TOKEN'],
    [{ LINE_CHANNEL_ACCESS_TOKEN: TOKEN }, 'LINE_CHANNEL_SECRET'],
    [{ LINE_CHANNEL_SECRET: 'not-hex', LINE_CHANNEL_ACCESS_TOKEN: TOKEN }, 'LINE_CHANNEL_SECRET'],
    [{ LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: 'short' }, 'LINE_CHANNEL_ACCESS_TOKEN'],
    [{ LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_URL: 'ftp://x' }, 'LINE_API_URL'],
    [{ LINE_API_URL: 'http://127.0.0.1:9' }, 'LINE_CHANNEL_SECRET'],
  ])('stops start-up naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('npm start with LINE credentials serves /line/webhook: a signed follow gets the first question back, an unsigned one 401', async () => {
    const standin = await startLineStandin();
    const cli = startCli(['start'], {
      DATABASE_URL: `file:${join(dir, 'line.db')}`,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: standin.accessToken,
      LINE_API_URL: standin.url,
      PORT: '0',
      NO_PROXY: '127.0.0.1,localhost',
    });
    try {
      await cli.waitFor('server listening');
      const port = Number(/"port":(\d+)/.exec(cli.output())?.[1]);
      expect(port).toBeGreaterThan(0);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', line: 'configured' } });
      const userId = 'U0123456789abcdef0123456789abcdef';
      standin.setProfile(userId, { displayName: '田中', language: 'ja' });
      const body = webhookBody([followEvent(userId, standin.issueReplyToken(userId))]);
      const unsigned = await fetch(`http://127.0.0.1:${port}/line/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(unsigned.status).toBe(401);
      const signed = await fetch(`http://127.0.0.1:${port}/line/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(body) } });
      expect(signed.status).toBe(200);
      for (let i = 0; i < 100 && standin.delivered(userId).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(textOf(standin.delivered(userId)[0] ?? {})).toContain('会社名');
      expect(standin.problems()).toEqual([]);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      await standin.close();
    }
  });
});
