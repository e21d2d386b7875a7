import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChannelId } from '../../src/core/intake.js';
import { faultPoints, type FaultPointName } from '../../src/fault-point.js';
import { LINE_WEBHOOK_PATH } from '../../src/channels/line/line-channel.js';
import { openDatabase } from '../../src/store/database.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';
import { listeningBase, startCli, type RunningCli } from '../support/cli-process.js';
import { startLineStandin, type LineStandin } from '../support/line-standin.js';
import { CHANNEL_SECRET, lineSignature, redelivered, textEvent, webhookBody } from '../support/line-webhook.js';
import { SIGNING_SECRET } from '../support/slack-harness.js';
import { messageIm, send, signRequest } from '../support/slack-requests.js';
import { startSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import { messageActivity, type TeamsPerson } from '../support/teams-activities.js';
import { startConnectorStandin, type ConnectorStandin } from '../support/teams-connector-standin.js';

/**
 * The real server (`renkei start` on a SQLite file) killed with SIGKILL at each named fault
 * point of a chat turn (src/fault-point.ts), not at a moment chosen by timing. After the
 * restart the platform delivers the same event again (Slack's retry, Teams' and LINE's
 * redelivery: the same id), and whatever the point, the answer is stored exactly once and
 * the next question reaches the person.
 */

const ANSWER = '株式会社クラッシュ試験';
const FIRST = 'company.name';
const NEXT = 'company.prefecture';
const TEAMS_PERSON: TeamsPerson = { aad: '40000000-0000-4000-8000-00000000c0de', name: 'Crash Test', locale: 'ja-JP' };

interface Platform {
  channel: Extract<ChannelId, 'slack' | 'teams' | 'line'>;
  externalId: string;
  env: Record<string, string>;
  /** Messages the platform stand-in accepted for the person so far. */
  delivered(): number;
  /** A message event; `again` sends the one sent before with the same id (a redelivery). */
  say(base: string, text: string): Promise<void>;
  again(base: string): Promise<void>;
  close(): Promise<void>;
}

async function slackPlatform(): Promise<Platform> {
  const standin: SlackStandin = await startSlackStandin();
  const user = 'UCRASH';
  let last: ReturnType<typeof messageIm> | null = null;
  const post = async (base: string, payload: ReturnType<typeof messageIm>) => {
    await send(`${base}/slack/events`, signRequest(payload, { signingSecret: SIGNING_SECRET })).catch(() => undefined);
  };
  return {
    channel: 'slack',
    externalId: user,
    env: { SLACK_BOT_TOKEN: 'xoxb-crash', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standin.url },
    delivered: () => standin.calls('chat.postMessage').filter((c) => c.outcome === 'ok' && c.args.channel === `D${user}`).length,
    say: async (base, text) => {
      last = messageIm({ user, text, eventId: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}` });
      await post(base, last);
    },
    again: async (base) => {
      if (last) await post(base, last);
    },
    close: () => standin.close(),
  };
}

async function teamsPlatform(): Promise<Platform> {
  const connector: ConnectorStandin = await startConnectorStandin();
  let last: Record<string, unknown> | null = null;
  const post = async (base: string, activity: Record<string, unknown>) => {
    await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) })
      .then((r) => r.text())
      .catch(() => undefined);
  };
  return {
    channel: 'teams',
    externalId: TEAMS_PERSON.aad,
    env: { RENKEI_TEAMS_LOCAL: 'true' },
    delivered: () => connector.calls().filter((c) => (c.operation === 'send' || c.operation === 'reply') && c.status < 300).length,
    say: async (base, text) => {
      last = messageActivity(connector.url, TEAMS_PERSON, text);
      await post(base, last);
    },
    again: async (base) => {
      if (last) await post(base, last);
    },
    close: () => connector.close(),
  };
}

async function linePlatform(): Promise<Platform> {
  const standin: LineStandin = await startLineStandin();
  const userId = 'U00000000000000000000000000c0de1';
  let last: Record<string, unknown> | null = null;
  const post = async (base: string, event: Record<string, unknown>) => {
    const body = webhookBody([event]);
    await fetch(`${base}${LINE_WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(body) }, body })
      .then((r) => r.text())
      .catch(() => undefined);
  };
  return {
    channel: 'line',
    externalId: userId,
    env: { LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: standin.accessToken, LINE_API_URL: standin.url },
    delivered: () => standin.delivered(userId).length,
    say: async (base, text) => {
      last = textEvent(userId, text, standin.issueReplyToken(userId));
      await post(base, last);
    },
    // LINE redelivers with a fresh reply token and isRedelivery set; the webhookEventId is the same.
    again: async (base) => {
      if (last) await post(base, redelivered(last, standin.issueReplyToken(userId)));
    },
    close: () => standin.close(),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'renkei-crash-points-'));
const running: { cli: RunningCli | null } = { cli: null };
afterAll(async () => {
  const cli = running.cli;
  if (cli) {
    cli.child.kill('SIGKILL');
    await cli.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const platforms = { slack: slackPlatform, teams: teamsPlatform, line: linePlatform };

describe.each(Object.keys(platforms) as (keyof typeof platforms)[])('%s: a crash at each point of a turn, then the same delivery again', (name) => {
  it.each([...faultPoints])('crash at %s: the answer is stored once and the next question is sent', async (point: FaultPointName) => {
    const platform = await platforms[name]();
    const url = `file:${join(dir, `${name}-${point}.db`)}`;
    const env = { DATABASE_URL: url, PORT: '0', RENKEI_PLANS_DIR: join(dir, 'plans'), RENKEI_RATE_LIMIT_PER_MINUTE: '100000', NO_PROXY: '127.0.0.1,localhost', ...platform.env };
    const start = async (extra: Record<string, string>) => {
      const cli = startCli(['start'], { ...env, ...extra });
      running.cli = cli;
      return { cli, base: await listeningBase(cli) };
    };
    const reader = await openDatabase(url);
    const repo = new PrismaIntakeRepository(reader.db);
    const stored = async () => {
      const { intake } = await repo.loadTurn({ channel: platform.channel, externalId: platform.externalId });
      const history = intake ? await repo.answerHistory(intake.id) : [];
      return { intake, answers: history.filter((a) => a.raw === ANSWER).length };
    };
    try {
      // The first turn (the welcome and the first question) passes each point once; the answer's turn dies at the second.
      const crashing = await start({ RENKEI_FAULT_CRASH_AT: `${point}:2` });
      await platform.say(crashing.base, 'こんにちは');
      await until(async () => (await stored()).intake?.shownPromptId === FIRST, 'the first question shown');
      await platform.say(crashing.base, ANSWER);
      const exit = await crashing.cli.exited;
      running.cli = null;
      expect(exit.signal).toBe('SIGKILL');
      const committed = point !== 'before-commit';
      expect((await stored()).answers).toBe(committed ? 1 : 0);

      const restarted = await start({});
      const before = platform.delivered();
      await platform.again(restarted.base);
      await until(async () => (await stored()).intake?.shownPromptId === NEXT && platform.delivered() > before, 'the next question sent after the redelivery');
      const after = await stored();
      expect(after.answers).toBe(1);
      expect(after.intake?.state.answers[FIRST]).toBe(ANSWER);

      // A further copy of the same delivery changes nothing and sends nothing.
      const settled = platform.delivered();
      await platform.again(restarted.base);
      await new Promise((r) => setTimeout(r, 400));
      expect((await stored()).answers).toBe(1);
      expect(platform.delivered()).toBe(settled);

      restarted.cli.child.kill('SIGTERM');
      expect((await restarted.cli.exited).code).toBe(0);
      running.cli = null;
    } finally {
      await reader.close();
      await platform.close();
    }
  }, 60_000);
});
