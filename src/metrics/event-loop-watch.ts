import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../ports/logger.js';

/** What the watch reads: perf_hooks' IntervalHistogram, in nanoseconds (a stand-in in tests). */
export interface EventLoopDelaySource {
  percentile(percentile: number): number;
  readonly max: number;
  reset(): void;
  disable(): void;
}

export const eventLoopDelayMetric = 'renkei_event_loop_delay_seconds';

export interface EventLoopWatch {
  /** Looks at the delay since the last check, warns if it passed the limit; the timer calls it every `checkEveryMs`. */
  check(): void;
  stop(): void;
}

const realSource = (): EventLoopDelaySource => {
  // 10 ms sampling, perf_hooks' default: fine enough for the 20 ms and 200 ms limits we care about.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return histogram;
};

const ms = (ns: number) => Math.round(ns / 1e5) / 10;

/**
 * How long the event loop was blocked: a Prometheus gauge (p50, p99 and max since the previous
 * scrape) and a warning in the log when a delay passes `warnAboveMs`. While every request waits
 * for a blocked loop (a long synchronous sweep), Slack's 3-second limit passes and it retries,
 * so an operator must see it. At most one warning per `warnAtMostEveryMs`; the next one says how
 * many checks over the limit it stands for.
 */
export function watchEventLoop(opts: {
  log: Logger;
  registry: Registry;
  warnAboveMs?: number;
  checkEveryMs?: number;
  warnAtMostEveryMs?: number;
  source?: () => EventLoopDelaySource;
  now?: () => number;
}): EventLoopWatch {
  const warnAboveMs = opts.warnAboveMs ?? 200;
  const warnAtMostEveryMs = opts.warnAtMostEveryMs ?? 60_000;
  const now = opts.now ?? (() => performance.now());
  const source = opts.source ?? realSource;
  // Two histograms, because the scrape and the warning each reset theirs on their own schedule.
  const forScrape = source();
  const forWarning = source();
  new Gauge({
    name: eventLoopDelayMetric,
    help: 'Event-loop delay since the previous scrape (perf_hooks.monitorEventLoopDelay), in seconds: p50, p99 and max.',
    labelNames: ['stat'] as const,
    registers: [opts.registry],
    collect() {
      this.set({ stat: 'p50' }, forScrape.percentile(50) / 1e9);
      this.set({ stat: 'p99' }, forScrape.percentile(99) / 1e9);
      this.set({ stat: 'max' }, forScrape.max / 1e9);
      forScrape.reset();
    },
  });
  let lastWarning = Number.NEGATIVE_INFINITY;
  let overSinceWarning = 0;
  const check = () => {
    const maxMs = ms(forWarning.max);
    const p99Ms = ms(forWarning.percentile(99));
    forWarning.reset();
    if (maxMs <= warnAboveMs) return;
    overSinceWarning += 1;
    const at = now();
    if (at - lastWarning < warnAtMostEveryMs) return;
    opts.log.warn('event loop blocked', { maxMs, p99Ms, limitMs: warnAboveMs, checksOverLimit: overSinceWarning });
    lastWarning = at;
    overSinceWarning = 0;
  };
  const timer = setInterval(check, opts.checkEveryMs ?? 1_000);
  // A watch must never be what keeps the process alive.
  timer.unref();
  return {
    check,
    stop: () => {
      clearInterval(timer);
      forScrape.disable();
      forWarning.disable();
    },
  };
}
