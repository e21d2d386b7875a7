import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startCli } from '../support/cli-process.js';
import { startSlackStandin } from '../support/slack-standin.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-slack-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Slack configuration', () => {
  it('is off without Slack variables, HTTP mode with token and secret, Socket Mode with an app token', () => {
    expect(loadConfig({}).slack).toBeNull();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789' }).slack).toMatchObject({ botToken: 'xoxb-1', appToken: null });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({ appToken: 'xapp-1', signingSecret: null });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789', SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack?.apiUrl).toBe('http://127.0.0.1:9/api/');
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_SIGNING_SECRET: 'abcdef0123456789' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 'abcdef0123456789' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'not-an-app-token' }, 'SLACK_APP_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789', SLACK_API_URL: 'ftp://x' }, 'SLACK_API_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
  ])('stops start-up naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('npm start with Slack credentials serves /slack/events and the health endpoints on PORT', async () => {
    const standin = await startSlackStandin();
    const port = 40000 + Math.floor(Math.random() * 20000);
    const cli = startCli(['start'], {
      DATABASE_URL: `file:${join(dir, 'slack.db')}`,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_API_URL: standin.url,
      PORT: String(port),
      NO_PROXY: '127.0.0.1,localhost',
    });
    try {
      await cli.waitFor('server listening');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', slack: 'configured' } });
      const unsigned = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' , headers: { 'content-type': 'application/json' } });
      expect(unsigned.status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      await standin.close();
    }
  });
});
