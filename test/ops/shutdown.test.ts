import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../support/cli-process.js';
import { startSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import { messageIm, send, signRequest } from '../support/slack-requests.js';
import { startConnectorStandin, type ConnectorStandin } from '../support/teams-connector-standin.js';
import { messageActivity, personalConversation, type TeamsPerson } from '../support/teams-activities.js';
import { cardOf, textsOf } from '../support/teams-user.js';
import { openDatabase } from '../../src/store/database.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';
import { PrismaChannelMessages } from '../../src/store/prisma-channel-state.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const METRICS_TOKEN = 'shutdown-metrics-token-42';
const dir = mkdtempSync(join(tmpdir(), 'renkei-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Between the bot and a platform stand-in (Slack's Web API, Teams' Connector): passes every
 * call on, except that it can hold the next call whose path matches for a while (a slow
 * platform). A held call whose client has gone (the bot exited) is dropped, so what reaches
 * the stand-in is what the bot really finished.
 */
interface SlowProxy {
  /** The proxy's base URL, ending in `/`. */
  url: string;
  /** Resolves when the next matching call arrives; that call is passed on after `ms`. */
  hold(path: RegExp, ms: number): Promise<void>;
  close(): Promise<void>;
}

async function startSlowProxy(target: string): Promise<SlowProxy> {
  const origin = new URL(target).origin;
  let held: { path: RegExp; ms: number; arrived: () => void } | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '/';
        if (held?.path.test(path)) {
          const h = held;
          held = null;
          h.arrived();
          await new Promise((r) => setTimeout(r, h.ms));
          if (res.destroyed || req.socket.destroyed) return;
        }
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'authorization']) {
          const v = req.headers[name];
          if (typeof v === 'string') headers[name] = v;
        }
        const method = req.method ?? 'POST';
        const upstream = await fetch(`${origin}${path}`, { method, headers, ...(method === 'GET' ? {} : { body: Buffer.concat(chunks) }) });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch((err: unknown) => {
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    hold: (path, ms) => new Promise<void>((arrived) => (held = { path, ms, arrived })),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let standin: SlackStandin;
let slow: SlowProxy;
let connector: ConnectorStandin;
let slowConnector: SlowProxy;
let cli: RunningCli | null = null;
beforeAll(async () => {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  standin = await startSlackStandin();
  slow = await startSlowProxy(standin.url);
  connector = await startConnectorStandin();
  slowConnector = await startSlowProxy(connector.url);
});
afterEach(async () => {
  if (cli && cli.child.exitCode === null && cli.child.signalCode === null) {
    cli.child.kill('SIGKILL');
    await cli.exited;
  }
  cli = null;
});
afterAll(async () => {
  await Promise.all([slow.close(), slowConnector.close()]);
  await Promise.all([standin.close(), connector.close()]);
});

const slackEnv = (): Record<string, string> => ({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${slow.url}api/` });

async function startBot(name: string, env: Record<string, string> = slackEnv()) {
  const databaseUrl = `file:${join(dir, `${name}.db`)}`;
  cli = startCli(['start'], {
    DATABASE_URL: databaseUrl,
    // Port 0: the system picks a free one, and the bot logs it.
    PORT: '0',
    NO_PROXY: '127.0.0.1,localhost',
    RENKEI_METRICS_TOKEN: METRICS_TOKEN,
    ...env,
  });
  await cli.waitFor('server listening', 0, 60_000);
  const listening = cli
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg?: string; port?: number })
    .find((e) => e.msg === 'server listening');
  const base = `http://127.0.0.1:${listening?.port ?? 0}`;
  const say = async (user: string, text: string) => {
    const res = await send(`${base}/slack/events`, signRequest(messageIm({ user, text }), { signingSecret: SECRET }));
    expect(res.status).toBe(200);
  };
  return { running: cli, base, databaseUrl, say };
}

const dmHas = async (user: string, text: string) => {
  for (let i = 0; i < 250; i++) {
    if (standin.messages(`D${user}`).some((m) => (m.text ?? '').includes(text))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the DM of ${user} never showed "${text}"`);
};

// Each test starts `renkei start` as a child process: seconds of start-up on a busy machine.
describe('npm start: graceful shutdown', { timeout: 90_000 }, () => {
  it('on SIGTERM stops taking requests, finishes the turn in flight (answer saved, reply posted), then exits 0', async () => {
    const user = 'USHUTDOWN';
    const bot = await startBot('graceful');
    await bot.say(user, 'こんにちは');
    await dmHas(user, '会社名');
    // The turn is counted where every channel's turns are, and /metrics wants its token.
    expect((await fetch(`${bot.base}/metrics`)).status).toBe(401);
    const scrape = await (await fetch(`${bot.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(scrape).toContain('renkei_turns_total{channel="slack",outcome="processed"} 1');

    const replyArrived = slow.hold(/chat\.postMessage$/, 1500);
    await bot.say(user, '株式会社終了処理');
    await replyArrived;
    bot.running.child.kill('SIGTERM');
    await bot.running.waitFor('shutting down');
    // No new connections while the turn finishes (the listening socket closes within moments of the signal).
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      refused = await fetch(`${bot.base}/healthz`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 25));
    }
    expect(refused).toBe(true);
    expect(bot.running.child.exitCode).toBeNull();

    const exit = await bot.running.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const posted = standin.messages(`D${user}`).find((m) => (m.text ?? '').includes('都道府県'));
    expect(posted).toBeDefined();

    const database = await openDatabase(bot.databaseUrl);
    try {
      const repo = new PrismaIntakeRepository(database.db);
      const person = await repo.findPerson('slack', user);
      const intake = person ? await repo.latestIntake(person.id) : null;
      expect(intake?.state.answers['company.name']).toBe('株式会社終了処理');
      // The bookkeeping after the reply (which question message is open) was written before the database closed.
      const open = person ? await new PrismaChannelMessages(database.db).get('slack_prompt', person.id, 'slack') : null;
      expect(open?.ts).toBe(posted?.ts);
    } finally {
      await database.close();
    }
    const logs = bot.running.output().split('\n').filter((l) => l.startsWith('{'));
    expect(logs.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('on SIGTERM finishes the Teams turns already queued for a conversation before it exits 0', async () => {
    const p: TeamsPerson = { aad: '70000000-0000-4000-8000-000000000001', name: 'Shutdown', locale: 'ja-JP' };
    const conversation = personalConversation(p);
    const shown = () => connector.activities(conversation).flatMap((a) => textsOf(cardOf(a.activity))).join('\n');
    const bot = await startBot('teams', { RENKEI_TEAMS_LOCAL: 'true' });
    const post = async (text: string) => {
      const res = await fetch(`${bot.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(slowConnector.url, p, text)) });
      expect(res.status).toBe(200);
    };
    await post('こんにちは');
    for (let i = 0; i < 250 && !shown().includes('会社名'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(shown()).toContain('会社名');

    // The answer is queued (Teams has its 200); its reply card is on the slow Connector when SIGTERM comes.
    const replyArrived = slowConnector.hold(/\/activities$/, 1500);
    await post('株式会社チームズ終了');
    await replyArrived;
    bot.running.child.kill('SIGTERM');
    expect(await bot.running.exited).toEqual({ code: 0, signal: null });
    expect(shown()).toContain('都道府県');

    const database = await openDatabase(bot.databaseUrl);
    try {
      const repo = new PrismaIntakeRepository(database.db);
      const person = await repo.findPerson('teams', p.aad);
      const intake = person ? await repo.latestIntake(person.id) : null;
      expect(intake?.state.answers['company.name']).toBe('株式会社チームズ終了');
    } finally {
      await database.close();
    }
  });

  it('exits 1 without waiting longer once RENKEI_SHUTDOWN_GRACE_MS has passed', async () => {
    const user = 'UGRACE';
    const bot = await startBot('grace', { ...slackEnv(), RENKEI_SHUTDOWN_GRACE_MS: '300' });
    const replyArrived = slow.hold(/chat\.postMessage$/, 8000);
    await bot.say(user, 'こんにちは');
    await replyArrived;
    const signalled = Date.now();
    bot.running.child.kill('SIGTERM');
    const exit = await bot.running.exited;
    expect(exit.code).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(bot.running.output()).toMatch(/"msg":"shutdown forced".*"reason":"grace_elapsed"|"reason":"grace_elapsed".*"msg":"shutdown forced"/);
  });

  it('exits 1 at once on a second signal', async () => {
    const user = 'UTWICE';
    const bot = await startBot('twice', { ...slackEnv(), RENKEI_SHUTDOWN_GRACE_MS: '30000' });
    const replyArrived = slow.hold(/chat\.postMessage$/, 8000);
    await bot.say(user, 'こんにちは');
    await replyArrived;
    bot.running.child.kill('SIGTERM');
    await bot.running.waitFor('shutting down');
    const signalled = Date.now();
    bot.running.child.kill('SIGINT');
    const exit = await bot.running.exited;
    expect(exit.code).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(3000);
    expect(bot.running.output()).toContain('second_signal');
  });
});
