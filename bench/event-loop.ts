import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/config.js';
import { loadQuestionnaires } from '../src/config/load-questionnaires.js';
import { loadRemindersConfig } from '../src/config/load-reminders.js';
import { createTranslator } from '../src/i18n/translator.js';
import { openDatabase, type Provider } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { seedIntakes } from '../test/support/seed-intakes.js';
import { botEnv, BOT_TOKEN, freePort, SIGNING_SECRET } from './chat.js';
import type { LoopChildReply, LoopChildRequest, LoopReading } from './event-loop-child.js';
import { startChild } from './support/child.js';
import { startConnector } from './support/connector.js';
import { createBenchDatabase } from './support/postgres.js';
import { Conversation, HELLO } from './support/script.js';
import { startSlackApi } from './support/slack-api.js';
import { summarize, type Summary } from './support/stats.js';
import { slackPlatform, teamsPlatform, type Platform } from './turns.js';

/**
 * Issue 13 point 2: does the reminder sweep hold up the event loop on a campaign-sized
 * database? The real server on 10,000 intakes and 2,000 handoffs, the sweep at its shipped
 * period, under a steady load of signed Slack events and Teams activities for several sweep
 * periods; the same run with the sweep switched off is the baseline for the acknowledgement
 * latency. The event loop's delay is read inside the server (perf_hooks.monitorEventLoopDelay).
 */

export interface LoopRun {
  sweep: boolean;
  loop: LoopReading;
  /** HTTP acknowledgement latency of every request sent in the window, in ms. */
  ack: Summary;
  slackRequests: number;
  teamsRequests: number;
  failures: number;
  seconds: number;
}

export interface LoopProviderFigures {
  provider: Provider;
  on: LoopRun;
  off: LoopRun;
}

export interface EventLoopFigures {
  intakes: number;
  handoffs: number;
  /** Rows seeded due for review during the window, besides those the load's own turns make due. */
  seededDue: number;
  sweepPeriodSeconds: number;
  /** True: the shipped period from config/reminders.json, not shortened. */
  shippedPeriod: boolean;
  requestsPerSecond: number;
  runs: LoopProviderFigures[];
  /** Why PostgreSQL was not measured, when it was not. */
  postgresSkipped: string | null;
}

export interface EventLoopOptions {
  intakes: number;
  handoffs: number;
  /** Measured window, after the warm-up. */
  seconds: number;
  warmupSeconds: number;
  /** Companies per platform, each sending one message a second (waiting for the bot's reply in between). */
  companiesPerPlatform: number;
  providers: Provider[];
}

export const eventLoopTargets = { loopP99Ms: 20, loopMaxMs: 100, ackRatio: 1.5 };

const DUE_EVERY = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ack {
  at: number;
  ms: number;
  platform: 'slack' | 'teams';
}

/**
 * A company that sends one message every `intervalMs`: its next answer once the bot's reply
 * has arrived, so each turn is a real step of the questionnaire; a finished intake starts over
 * as a new company.
 */
async function steadyCompany(platform: Platform, name: 'slack' | 'teams', intervalMs: number, until: () => boolean, acks: Ack[], failures: { n: number }): Promise<void> {
  while (!until()) {
    const company = platform.newCompany();
    const talk = new Conversation();
    let text = HELLO;
    for (;;) {
      if (until()) return;
      const start = performance.now();
      try {
        await company.send(text);
      } catch {
        failures.n += 1;
        break;
      }
      acks.push({ at: start, ms: performance.now() - start, platform: name });
      let prompt: string | null = null;
      try {
        while (!prompt) prompt = (await platform.mailboxes.next(company.key, 30_000)).prompt;
      } catch {
        failures.n += 1;
        break;
      }
      if (Conversation.isLast(prompt)) break;
      text = talk.next(prompt);
      await sleep(Math.max(0, start + intervalMs - performance.now()));
    }
    platform.mailboxes.close(company.key);
  }
}

async function prepare(url: string, o: EventLoopOptions, windowMs: number): Promise<number> {
  const database = await openDatabase(url);
  try {
    await migrate(database);
    const version = loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), createTranslator()).latest.version;
    const now = new Date();
    const rows = Math.max(o.intakes, o.handoffs);
    // One row in DUE_EVERY falls due during the run, spread over it; the rest wait for a nudge
    // a day away or have nothing planned: a campaign's steady state after the upgrade's first
    // sweep. A nudge series makes about four reviews a week per intake (0.07/s over 10,000);
    // this is some fifty times that, besides the review each of the load's own turns causes.
    let due = 0;
    const reviewAt = (i: number) => {
      if (i % DUE_EVERY === 0) return new Date(now.getTime() + (i / rows) * (windowMs + o.warmupSeconds * 1000));
      return i % 2 === 0 ? new Date(now.getTime() + 86_400_000 + i) : null;
    };
    for (let i = 0; i < o.intakes; i++) if (i % DUE_EVERY === 0) due += 1;
    for (let i = 0; i < o.handoffs; i++) if (i % DUE_EVERY === 0) due += 1;
    await seedIntakes(database.db, { intakes: o.intakes, handoffs: o.handoffs, questionnaireVersion: version, now, reviewAt, prefix: 'loop' });
    return due;
  } finally {
    await database.close();
  }
}

async function oneRun(provider: Provider, sweep: boolean, o: EventLoopOptions): Promise<{ run: LoopRun; seededDue: number }> {
  const dir = mkdtempSync(join(tmpdir(), `renkei-bench-loop-${provider}-`));
  const pg = provider === 'postgresql' ? await createBenchDatabase() : null;
  const url = pg ? pg.url : `file:${join(dir, 'renkei.db')}`;
  const api = await startSlackApi();
  const connector = await startConnector();
  try {
    const seededDue = await prepare(url, o, o.seconds * 1000);
    const env = botEnv(dir, {
      DATABASE_URL: url,
      PORT: String(await freePort()),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
      RENKEI_TEAMS_LOCAL: 'true',
      BENCH_SWEEP: sweep ? 'on' : 'off',
    });
    // BENCH_CPU_PROF=DIR writes a CPU profile of the server to DIR, as for bench/chat.ts.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const bot = await startChild<LoopChildRequest, LoopChildReply>('event-loop-child.ts', env, join(dir, 'bot.log'), profile);
    try {
      const port = bot.ready.type === 'ready' ? bot.ready.port : 0;
      const slack = slackPlatform(api, `http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
      const teams = teamsPlatform(connector, `http://127.0.0.1:${port}/api/messages`);
      const acks: Ack[] = [];
      const failures = { n: 0 };
      let stop = false;
      const until = () => stop;
      const load = [
        ...Array.from({ length: o.companiesPerPlatform }, (_, i) => sleep((i * 1000) / o.companiesPerPlatform).then(() => steadyCompany(slack, 'slack', 1000, until, acks, failures))),
        ...Array.from({ length: o.companiesPerPlatform }, (_, i) => sleep((i * 1000) / o.companiesPerPlatform + 500 / o.companiesPerPlatform).then(() => steadyCompany(teams, 'teams', 1000, until, acks, failures))),
      ];
      await sleep(o.warmupSeconds * 1000);
      await bot.request({ type: 'measure-start' });
      const from = performance.now();
      failures.n = 0;
      await sleep(o.seconds * 1000);
      const reading = await bot.request({ type: 'measure-stop' });
      const to = performance.now();
      stop = true;
      await Promise.all(load);
      const inWindow = acks.filter((a) => a.at >= from && a.at <= to);
      if (reading.type !== 'reading') throw new Error(`unexpected reply ${reading.type}`);
      return {
        seededDue,
        run: {
          sweep,
          loop: reading.reading,
          ack: summarize(inWindow.map((a) => a.ms)),
          slackRequests: inWindow.filter((a) => a.platform === 'slack').length,
          teamsRequests: inWindow.filter((a) => a.platform === 'teams').length,
          failures: failures.n,
          seconds: (to - from) / 1000,
        },
      };
    } finally {
      await bot.stop({ type: 'stop' });
    }
  } finally {
    await api.close();
    await connector.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchEventLoop(o: EventLoopOptions): Promise<EventLoopFigures> {
  const period = loadRemindersConfig(join(projectRoot, 'config', 'reminders.json')).dispatcher.pollSeconds;
  const runs: LoopProviderFigures[] = [];
  let postgresSkipped: string | null = null;
  let seededDue = 0;
  for (const provider of o.providers) {
    try {
      const on = await oneRun(provider, true, o);
      const off = await oneRun(provider, false, o);
      seededDue = on.seededDue;
      runs.push({ provider, on: on.run, off: off.run });
    } catch (err) {
      if (provider !== 'postgresql') throw err;
      postgresSkipped = err instanceof Error ? err.message.split('\n')[0] ?? 'failed' : String(err);
    }
  }
  return {
    intakes: o.intakes,
    handoffs: o.handoffs,
    seededDue,
    sweepPeriodSeconds: period,
    shippedPeriod: true,
    requestsPerSecond: o.companiesPerPlatform * 2,
    runs,
    postgresSkipped,
  };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');

/** The figures as lines, each target with its ratio (≤ 1 meets it). */
export function eventLoopLines(f: EventLoopFigures): string[] {
  const lines = [
    `event loop: ${f.intakes} intakes, ${f.handoffs} handoffs (${f.seededDue} seeded due during the window), sweep every ${f.sweepPeriodSeconds} s (${f.shippedPeriod ? 'the shipped period, not shortened' : 'shortened by env'}), ${f.requestsPerSecond} requests/s (Slack + Teams)`,
  ];
  for (const r of f.runs) {
    const t = eventLoopTargets;
    const ackRatio = r.on.ack.p99 / (t.ackRatio * r.off.ack.p99);
    lines.push(
      `  ${r.provider}: loop delay p99 ${f1(r.on.loop.p99)} ms (ratio to ${t.loopP99Ms} ms: ${(r.on.loop.p99 / t.loopP99Ms).toFixed(2)}), max ${f1(r.on.loop.max)} ms (ratio to ${t.loopMaxMs} ms: ${(r.on.loop.max / t.loopMaxMs).toFixed(2)}); ` +
        `ack p99 ${f1(r.on.ack.p99)} ms vs ${f1(r.off.ack.p99)} ms sweep off (ratio to ${t.ackRatio}×: ${ackRatio.toFixed(2)})`,
      `    sweep on: ${r.on.loop.reviewed} rows reviewed in ${r.on.loop.claims} claims over ${f1(r.on.seconds)} s, ${r.on.slackRequests} Slack + ${r.on.teamsRequests} Teams requests, ack p50 ${f1(r.on.ack.p50)} ms max ${f1(r.on.ack.max)} ms, server CPU ${f1(r.on.loop.cpuMs / (r.on.slackRequests + r.on.teamsRequests))} ms a request, ${r.on.failures} failures`,
      `    sweep off: loop delay p99 ${f1(r.off.loop.p99)} ms max ${f1(r.off.loop.max)} ms, ${r.off.slackRequests} Slack + ${r.off.teamsRequests} Teams requests, ack p50 ${f1(r.off.ack.p50)} ms max ${f1(r.off.ack.max)} ms, server CPU ${f1(r.off.loop.cpuMs / (r.off.slackRequests + r.off.teamsRequests))} ms a request, ${r.off.failures} failures`,
    );
  }
  if (f.postgresSkipped) lines.push(`  postgresql: not measured (${f.postgresSkipped})`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const providers: Provider[] = process.argv.includes('--sqlite') ? ['sqlite'] : process.argv.includes('--postgresql') ? ['postgresql'] : ['sqlite', 'postgresql'];
  const f = await benchEventLoop({ intakes: 10_000, handoffs: 2_000, seconds: quick ? 12 : 20, warmupSeconds: 3, companiesPerPlatform: 8, providers });
  console.log(eventLoopLines(f).join('\n'));
}
