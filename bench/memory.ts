import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildReply, MemoryReading } from './app-child.js';
import { BOT_TOKEN, SIGNING_SECRET, startBot, type AppChild } from './chat.js';
import { startConnector } from './support/connector.js';
import { startSlackApi } from './support/slack-api.js';
import { Conversation, HELLO } from './support/script.js';
import { slackPlatform } from './turns.js';
import { benchScript, loaderArgs } from './support/compiled.js';

export interface MemoryPoint {
  label: string;
  turns: number;
  /** Resident set size as the OS reports it (VmRSS), before any forced collection. */
  rss: number;
  /** As the process reports itself just before the collections. */
  beforeGc: MemoryReading;
  /** After two forced full collections. */
  afterGc: MemoryReading;
}

export interface LeakPhase {
  points: MemoryPoint[];
  turnsPerSecond: number;
  cpuMsPerTurn: number;
}

export interface MemoryFigures {
  intakesInProgress: number;
  /** Turns (over Slack HTTP) that put them in progress. */
  httpTurns: number;
  idle: MemoryPoint;
  inProgress: MemoryPoint;
  /** Turns through handleInbound and the database (SQLite). */
  leak: LeakPhase;
  /** Turns through the engine alone (no database). */
  engineLeak: LeakPhase;
  peakRss: number;
  /** RSS after forced GC as each layer of the bot is imported in a fresh process (bench/module-probe.ts). */
  layers: { step: string; rss: number; heapUsed: number }[];
}

/** Resident memory of the layers the bot is built from, each imported in turn in a fresh process. */
export function probeLayers(): { step: string; rss: number; heapUsed: number }[] {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const bare = Number(execFileSync(process.execPath, ['--expose-gc', '-e', 'gc(); gc(); process.stdout.write(String(process.memoryUsage().rss))'], { cwd: root, encoding: 'utf8' }));
  const probe = benchScript('module-probe.ts');
  const steps = JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', ...loaderArgs(probe), probe], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH, HOME: process.env.HOME } }),
  ) as { step: string; rss: number; heapUsed: number }[];
  return [{ step: 'bare node', rss: bare, heapUsed: 0 }, ...steps];
}

async function reading(bot: AppChild, label: string, turns: number): Promise<MemoryPoint> {
  const rss = bot.rss().rss;
  const r = await bot.request({ type: 'memory' });
  if (r.type !== 'memory') throw new Error(`unexpected reply ${r.type}`);
  return { label, turns, rss, beforeGc: r.before, afterGc: r.after };
}

/**
 * The bot in server mode (Slack and Teams both on, as the heaviest deployment), started with
 * --expose-gc. Idle after start-up is the baseline; then `intakes` companies each open an
 * intake over Slack and answer its first questions, and stay in progress; then turns are
 * driven in-process, through the shared use case and the database up to each of
 * `leakCheckpoints`, then through the engine alone up to each of `engineCheckpoints`, reading
 * memory after forced collections at each checkpoint.
 */
export async function benchMemory(intakes = 1_000, answersEach = 2, leakCheckpoints = [2_000, 5_000, 10_000], engineCheckpoints = [20_000, 50_000, 100_000]): Promise<MemoryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-mem-'));
  const api = await startSlackApi();
  const connector = await startConnector();
  let bot: AppChild | null = null;
  try {
    const child = await startBot(dir, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.url, RENKEI_TEAMS_LOCAL: 'true' }, ['--expose-gc']);
    bot = child;
    const port = child.ready.type === 'ready' ? child.ready.port : 0;
    // Let start-up work that runs after "ready" (the first reminder sweep) settle.
    await new Promise((r) => setTimeout(r, 2_000));
    const idle = await reading(child, 'idle after start-up', 0);

    const platform = slackPlatform(api, `http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
    let next = 0;
    let httpTurns = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < intakes) {
          next += 1;
          const company = platform.newCompany();
          const talk = new Conversation();
          let text = HELLO;
          for (let i = 0; i <= answersEach; i++) {
            await company.send(text);
            httpTurns += 1;
            let reply = await platform.mailboxes.next(company.key);
            while (!reply.prompt) reply = await platform.mailboxes.next(company.key, 10_000);
            text = talk.next(reply.prompt);
          }
          platform.mailboxes.close(company.key);
        }
      }),
    );
    const inProgress = await reading(child, `${intakes.toLocaleString('en')} intakes in progress`, httpTurns);

    const phase = async (kind: 'drive' | 'drive-engine', checkpoints: number[]): Promise<LeakPhase> => {
      const points: MemoryPoint[] = [];
      let driven = 0;
      let ms = 0;
      let cpuMs = 0;
      for (const checkpoint of checkpoints) {
        const request = kind === 'drive' ? { type: kind, turns: checkpoint - driven, concurrency: 20, prefix: `leak${checkpoint}` } : { type: kind, turns: checkpoint - driven };
        const r: ChildReply = await child.request(request);
        if (r.type !== 'drive') throw new Error(`unexpected reply ${r.type}`);
        driven += r.turns;
        ms += r.ms;
        cpuMs += r.cpuMs;
        points.push(await reading(child, `${checkpoint.toLocaleString('en')} ${kind === 'drive' ? 'turns' : 'engine turns'}`, driven));
      }
      return { points, turnsPerSecond: driven / (ms / 1000), cpuMsPerTurn: cpuMs / driven };
    };
    const leak = await phase('drive', leakCheckpoints);
    const engineLeak = await phase('drive-engine', engineCheckpoints);
    return { intakesInProgress: intakes, httpTurns, idle, inProgress, leak, engineLeak, peakRss: child.rss().peak, layers: probeLayers() };
  } finally {
    await bot?.stop({ type: 'stop' });
    await api.close();
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map(Number) : d);
  const figures = await benchMemory(Number(process.env.BENCH_INTAKES ?? 1_000), 2, list(process.env.BENCH_LEAK, [2_000, 5_000, 10_000]), list(process.env.BENCH_ENGINE_LEAK, [20_000, 50_000, 100_000]));
  console.log(JSON.stringify(figures, null, 2));
}
