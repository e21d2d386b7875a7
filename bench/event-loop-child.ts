import { EventEmitter } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { composeApp } from '../src/main.js';
import { serveUntilSignal } from '../src/run-server.js';
import type { ReviewQueue } from '../src/ports/review-queue.js';

/**
 * The bot as `npm start` runs it in server mode (composeApp, then serveUntilSignal: the HTTP
 * server and the dispatcher, whose every round sweeps and dispatches), with the event loop's
 * delay watched from inside, as perf_hooks.monitorEventLoopDelay sees it. BENCH_SWEEP=off
 * leaves the dispatcher running but gives the sweep nothing to review and no purge: the
 * baseline the same load is compared with.
 */

export type LoopChildRequest = { type: 'measure-start' } | { type: 'measure-stop' } | { type: 'stop' };
export interface LoopReading {
  /** Event-loop delay in ms over the measured window. */
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Rows the sweep reviewed and claim statements it made in the window. */
  reviewed: number;
  claims: number;
  /** The server's CPU time over the window (user + system), in ms. */
  cpuMs: number;
}
export type LoopChildReply = { type: 'ready'; port: number; pid: number } | { type: 'reading'; reading: LoopReading } | { type: 'error'; message: string };

if (!process.send) throw new Error('bench/event-loop-child.ts is started by the bench (it needs an IPC channel)');
const send = (m: LoopChildReply) => process.send?.(m);

const app = await composeApp();
let reviewed = 0;
let claims = 0;
const real = app.deps.reviews;
const sweepOff = process.env.BENCH_SWEEP === 'off';
const counted: ReviewQueue = {
  claim: async (subject, dueBy, leaseUntil, limit) => {
    claims += 1;
    if (sweepOff) return { ids: [], leaseUntil };
    return real.claim(subject, dueBy, leaseUntil, limit);
  },
  settle: async (subject, id, leaseUntil, next) => {
    reviewed += 1;
    return real.settle(subject, id, leaseUntil, next);
  },
  abandonedIntakes: async (cutoff, limit, after) => (sweepOff ? [] : real.abandonedIntakes(cutoff, limit, after)),
};
app.deps.reviews = counted;

const signals = new EventEmitter();
const served = serveUntilSignal(app, { signals, exit: (code) => process.exit(code) });
const port = app.config.port;
for (let i = 0; ; i++) {
  const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  if (healthy) break;
  if (i > 600) throw new Error(`the bot did not answer on port ${port}`);
  await new Promise((r) => setTimeout(r, 50));
}

// 1 ms resolution: the figure the targets are in (20 ms p99, 100 ms max) with room to spare.
const delay = monitorEventLoopDelay({ resolution: 1 });
const ms = (ns: number) => ns / 1e6;
let cpuAtStart = process.cpuUsage();

process.on('message', (m: LoopChildRequest) => {
  void (async () => {
    try {
      if (m.type === 'measure-start') {
        cpuAtStart = process.cpuUsage();
        delay.reset();
        delay.enable();
        reviewed = 0;
        claims = 0;
        send({ type: 'reading', reading: { p50: 0, p99: 0, max: 0, mean: 0, reviewed: 0, claims: 0, cpuMs: 0 } });
      } else if (m.type === 'measure-stop') {
        delay.disable();
        const cpu = process.cpuUsage(cpuAtStart);
        send({ type: 'reading', reading: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean), reviewed, claims, cpuMs: (cpu.user + cpu.system) / 1000 } });
      } else if (m.type === 'stop') {
        signals.emit('SIGTERM');
        process.exit(await served);
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  })();
});

send({ type: 'ready', port, pid: process.pid });
