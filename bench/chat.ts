import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { ChildReply, ChildRequest } from './app-child.js';
import { startChild, type Child } from './support/child.js';
import { benchScript } from './support/compiled.js';
import { startConnector } from './support/connector.js';
import { startSlackApi } from './support/slack-api.js';
import { runLoad, slackPlatform, teamsPlatform, type LoadOptions, type LoadResult, type Platform } from './turns.js';

export const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
export const BOT_TOKEN = 'xoxb-bench-token';

export type AppChild = Child<ChildRequest, ChildReply>;

/**
 * The bot's environment for the bench: Slack over HTTP and Teams in local mode, on a fresh
 * SQLite file (the embedded default), with the per-person rate limit out of the way
 * (scripted companies answer far faster than people type).
 */
export function botEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: `file:${join(dir, 'renkei.db')}`,
    RENKEI_PLANS_DIR: join(dir, 'plans'),
    RENKEI_RATE_LIMIT_PER_MINUTE: '1000000',
    RENKEI_LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** A port free on loopback now, for the bot's PORT. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startBot(dir: string, extra: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<AppChild> {
  // BENCH_CPU_PROF=DIR writes a CPU profile of the bot to DIR (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return startChild<ChildRequest, ChildReply>(benchScript('app-child.ts'), botEnv(dir, { PORT: String(await freePort()), ...extra }), join(dir, 'bot.log'), [...nodeArgs, ...profile]);
}

export interface ChatFigures {
  bot: LoadResult;
  echo: LoadResult;
  /** The durable-write floor: the echo that also stores every message in SQLite first. Absent from runs saved before it existed. */
  floor?: LoadResult;
}

const portOf = (c: { ready: ChildReply }) => (c.ready.type === 'ready' ? c.ready.port : 0);

/** One platform's bench: the bot, then its echo baseline replaying the bot's conversation, against one stand-in. */
interface ChatSetup {
  /** Environment for the bot and the echo app. */
  env: NodeJS.ProcessEnv;
  echoScript: string;
  floorScript: string;
  platform(port: number): Platform;
  close(): Promise<void>;
}

async function benchChat(setup: ChatSetup, dir: string, load: Omit<LoadOptions, 'replay'>): Promise<ChatFigures> {
  try {
    const bot = await startBot(dir, setup.env);
    let botResult: LoadResult;
    try {
      botResult = await runLoad(setup.platform(portOf(bot)), { ...load, serverCpuMs: bot.cpuMs });
    } finally {
      await bot.stop({ type: 'stop' });
    }
    const baseline = async (script: string, name: string, env: NodeJS.ProcessEnv = {}) => {
      const child = await startChild<unknown, ChildReply>(script, { ...botEnv(dir), ...setup.env, ...env }, join(dir, `${name}.log`));
      try {
        return await runLoad(setup.platform(portOf(child)), { ...load, replay: botResult.script, serverCpuMs: child.cpuMs });
      } finally {
        await child.stop({});
      }
    };
    const echo = await baseline(setup.echoScript, 'echo');
    const floor = await baseline(setup.floorScript, 'floor', { BENCH_FLOOR_DB: join(dir, 'floor.db') });
    return { bot: botResult, echo, floor };
  } finally {
    await setup.close();
    // BENCH_KEEP=1 leaves the bot's log behind, to read why a run failed.
    if (process.env.BENCH_KEEP === '1') console.error(`bench: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSlack(load: Omit<LoadOptions, 'replay'>): Promise<ChatFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-slack-'));
  const api = await startSlackApi();
  return benchChat(
    {
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.url },
      echoScript: 'echo-slack.ts',
      floorScript: 'floor-slack.ts',
      platform: (port) => slackPlatform(api, `http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET),
      close: () => api.close(),
    },
    dir,
    load,
  );
}

export async function benchTeams(load: Omit<LoadOptions, 'replay'>): Promise<ChatFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-teams-'));
  const connector = await startConnector();
  return benchChat(
    {
      env: { RENKEI_TEAMS_LOCAL: 'true' },
      echoScript: 'echo-teams.ts',
      floorScript: 'floor-teams.ts',
      platform: (port) => teamsPlatform(connector, `http://127.0.0.1:${port}/api/messages`),
      close: () => connector.close(),
    },
    dir,
    load,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv[2] ?? 'slack';
  const load = { concurrency: Number(process.env.BENCH_CONCURRENCY ?? 50), conversationsPerSlot: Number(process.env.BENCH_CONVERSATIONS ?? 2), warmupTurns: Number(process.env.BENCH_WARMUP ?? 300) };
  const r = which === 'teams' ? await benchTeams(load) : await benchSlack(load);
  const { script, ...bot } = r.bot;
  const { script: _s, ...echo } = r.echo;
  const { script: _f, ...floor } = r.floor ?? r.echo;
  console.log(JSON.stringify({ bot, echo, floor, scriptTurns: script.length }, null, 2));
}
