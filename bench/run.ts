import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSlack, benchTeams, type ChatFigures } from './chat.js';
import { benchDispatch, type DispatchFigures } from './dispatch.js';
import { benchMemory, type MemoryFigures } from './memory.js';
import { benchStartup, type StartupFigures } from './startup.js';
import { benchParse, type ParseFigures } from './parse.js';
import { benchEventLoop, eventLoopLines, type EventLoopFigures } from './event-loop.js';
import { benchProcesses, describeMachine, LoadWatch } from './support/machine.js';
import { renderReport, summaryLines, type Run, type Section } from './report.js';

/**
 * `npm run bench`: every figure of issue 7 point 7 in one run on this machine, each next to
 * its baseline measured in the same run, written to docs/benchmarks.md (overwritten).
 * `--quick` runs each part small, to check the bench itself; its figures mean little;
 * `--only=startup,slack,teams,dispatch,memory,parse,event-loop` runs some parts; `--render` re-renders the last run.
 */
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const want = (name: string) => !only || only.includes(name);

const params = quick
  ? { startupRuns: 2, chat: { concurrency: 10, conversationsPerSlot: 1, warmupTurns: 50 }, reminders: 2_000, intakes: 100, leak: [500, 1_000, 2_000], engine: [2_000, 5_000, 10_000] }
  : { startupRuns: 5, chat: { concurrency: 50, conversationsPerSlot: 2, warmupTurns: 300 }, reminders: 10_000, intakes: 1_000, leak: [2_000, 5_000, 10_000], engine: [20_000, 50_000, 100_000] };

async function section<T>(name: string, run: () => Promise<T>): Promise<Section<T>> {
  const watch = new LoadWatch(benchProcesses);
  const started = performance.now();
  watch.start();
  process.stdout.write(`bench: ${name} …\n`);
  try {
    const figures = await run();
    return { name, figures, seconds: (performance.now() - started) / 1000, machine: watch.stop() };
  } catch (err) {
    process.stdout.write(`bench: ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return { name, error: err instanceof Error ? err.message : String(err), seconds: (performance.now() - started) / 1000, machine: watch.stop() };
  }
}

// `--render` writes docs/benchmarks.md again from the last run's figures (kept in the temp
// folder), for work on the report's wording without measuring again. The file is this
// script's own output of a moment ago, not outside data, hence read without a schema.
const lastRun = join(tmpdir(), 'renkei-bench-last-run.json');
const run: Run = process.argv.includes('--render') ? (JSON.parse(readFileSync(lastRun, 'utf8')) as Run) : await measure();

async function measure(): Promise<Run> {
  const machine = await describeMachine();
  const started = performance.now();
  const skipped = <T>(name: string): Section<T> => ({ name, skipped: true, seconds: 0, machine: { maxLoad: 0, othersShare: 0 } });
  // Start-up first, while no other part of the bench has warmed the file cache for it.
  const startup = want('startup') ? await section<StartupFigures>('start-up', () => benchStartup(params.startupRuns)) : skipped<StartupFigures>('start-up');
  const slack = want('slack') ? await section<ChatFigures>('Slack turns', () => benchSlack(params.chat)) : skipped<ChatFigures>('Slack turns');
  const teams = want('teams') ? await section<ChatFigures>('Teams turns', () => benchTeams(params.chat)) : skipped<ChatFigures>('Teams turns');
  const dispatch = want('dispatch') ? await section<DispatchFigures>('reminder dispatch', () => benchDispatch(params.reminders, 2)) : skipped<DispatchFigures>('reminder dispatch');
  const memory = want('memory') ? await section<MemoryFigures>('memory', () => benchMemory(params.intakes, 2, params.leak, params.engine)) : skipped<MemoryFigures>('memory');
  const parse = want('parse') ? await section<ParseFigures>('answer parser', () => benchParse(quick ? 3 : 20)) : skipped<ParseFigures>('answer parser');
  // The sweep at its shipped period (config/reminders.json: 5 s), so no shortening: a quick run only measures a shorter window.
  const eventLoop = want('event-loop')
    ? await section<EventLoopFigures>('event loop under the sweep', async () => {
        const f = await benchEventLoop({ intakes: 10_000, handoffs: 2_000, seconds: quick ? 12 : 30, warmupSeconds: 3, companiesPerPlatform: 8, providers: ['sqlite', 'postgresql'] });
        process.stdout.write(`${eventLoopLines(f).join('\n')}\n`);
        return f;
      })
    : skipped<EventLoopFigures>('event loop under the sweep');
  const totalSeconds = (performance.now() - started) / 1000;
  const result: Run = { machine, quick, totalSeconds, startup, slack, teams, dispatch, memory, parse, eventLoop };
  writeFileSync(lastRun, JSON.stringify(result));
  return result;
}

const report = renderReport(run);
const docs = fileURLToPath(new URL('../docs/', import.meta.url));
mkdirSync(docs, { recursive: true });
writeFileSync(`${docs}benchmarks.md`, report);
process.stdout.write(`\n${summaryLines(run).join('\n')}\n\nwritten to docs/benchmarks.md (${run.totalSeconds.toFixed(0)} s)\n`);
const failed = [run.startup, run.slack, run.teams, run.dispatch, run.memory, ...(run.parse ? [run.parse] : []), ...(run.eventLoop ? [run.eventLoop] : [])].some((s) => 'error' in s);
process.exitCode = failed ? 1 : 0;
