import { mkdtempSync, rmSync } from 'node:fs';
import { recordingLogger } from '../support/recording-logger.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type App } from '../../src/main.js';
import { runServer, type RunningServer } from '../../src/run-server.js';
import { ManualClock } from '../support/harness.js';
import { SIGNING_SECRET, type SlackHarness } from '../support/slack-harness.js';
import { send, signRequest } from '../support/slack-requests.js';
import { startSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import type { TeamsHarness } from '../support/teams-harness.js';
import type { LogLine } from '../support/recording-logger.js';
import { startConnectorStandin, type ConnectorStandin } from '../support/teams-connector-standin.js';

/**
 * The production composition (composeApp + runServer: the real /readyz, both channels on one
 * server) on a given DATABASE_URL, with the Slack Web API and Teams Connector stand-ins, and
 * harness views of it for the scripted Slack and Teams users.
 */
export interface FaultServer {
  app: App;
  running: RunningServer;
  base: string;
  slackStandin: SlackStandin;
  connector: ConnectorStandin;
  logs: LogLine[];
  slackHarness: SlackHarness;
  teamsHarness: TeamsHarness;
  readyz(): Promise<{ status: number; body: unknown; ms: number }>;
  close(): Promise<void>;
}

export async function startFaultServer(databaseUrl: string): Promise<FaultServer> {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  process.env.no_proxy = '127.0.0.1,localhost';
  const slackStandin = await startSlackStandin();
  const connector = await startConnectorStandin();
  const plansDir = mkdtempSync(join(tmpdir(), 'renkei-fault-plans-'));
  const { logs, logger } = recordingLogger();
  const clock = new ManualClock(new Date());
  const app = await composeApp({
    env: {
      DATABASE_URL: databaseUrl,
      SLACK_BOT_TOKEN: 'xoxb-fault',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slackStandin.url,
      RENKEI_TEAMS_LOCAL: 'true',
      RENKEI_PLANS_DIR: plansDir,
      // The scripted people answer faster than anyone types; the flood limit is not under test.
      RENKEI_RATE_LIMIT_PER_MINUTE: '100000',
    },
    clock,
    logger,
  });
  const running = await runServer(app, { port: 0, host: '127.0.0.1' });
  const { slack, teams } = running;
  if (!slack || !teams) throw new Error('both channels should be configured');
  const base = `http://127.0.0.1:${running.port}`;
  const close = async () => {
    await running.close();
    await app.close();
    await slackStandin.close();
    await connector.close();
    rmSync(plansDir, { recursive: true, force: true });
  };
  const env = { services: app.deps, clock, database: app.database, plansDir, url: databaseUrl, close };
  const slackHarness: SlackHarness = {
    env,
    standin: slackStandin,
    slack,
    url: `${base}/slack/events`,
    post: (payload, sign = {}) => send(`${base}/slack/events`, signRequest(payload, { signingSecret: SIGNING_SECRET, ...sign })),
    close,
  };
  const teamsHarness: TeamsHarness = {
    env,
    standin: connector,
    teams,
    url: `${base}/api/messages`,
    logs,
    post: async (body, headers = {}) => {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const text = await res.text();
      await teams.idle();
      return { status: res.status, text, json: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null };
    },
    close,
  };
  return {
    app,
    running,
    base,
    slackStandin,
    connector,
    logs,
    slackHarness,
    teamsHarness,
    readyz: async () => {
      const started = Date.now();
      const res = await fetch(`${base}/readyz`);
      const body: unknown = await res.json();
      return { status: res.status, body, ms: Date.now() - started };
    },
    close,
  };
}

/** Polls `check` until it holds or `ms` pass; returns whether it held. */
export async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
