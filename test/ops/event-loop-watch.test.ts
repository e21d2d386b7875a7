import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventLoopDelayMetric, watchEventLoop, type EventLoopDelaySource } from '../../src/metrics/event-loop-watch.js';
import { recordingLogger } from '../support/recording-logger.js';

/** A histogram whose delays the test sets, in milliseconds. */
function fakeSource() {
  const made: { p50: number; p99: number; max: number; resets: number }[] = [];
  const factory = (): EventLoopDelaySource => {
    const h = { p50: 0, p99: 0, max: 0, resets: 0 };
    made.push(h);
    return {
      percentile: (p) => (p === 50 ? h.p50 : h.p99) * 1e6,
      get max() {
        return h.max * 1e6;
      },
      reset: () => {
        h.resets += 1;
        h.p50 = h.p99 = h.max = 0;
      },
      disable: () => undefined,
    };
  };
  return { made, factory };
}

const sample = (text: string, stat: string) => Number(text.split('\n').find((l) => l.startsWith(`${eventLoopDelayMetric}{stat="${stat}"} `))?.split(' ')[1]);

describe('event-loop watch', () => {
  it('exports p50, p99 and max since the previous scrape as a gauge, in seconds', async () => {
    const registry = new Registry();
    const { made, factory } = fakeSource();
    const watch = watchEventLoop({ log: recordingLogger().logger, registry, source: factory, checkEveryMs: 60_000 });
    try {
      const scrape = made[0]!;
      Object.assign(scrape, { p50: 10, p99: 20, max: 150 });
      const text = await registry.metrics();
      expect(text).toContain(`# TYPE ${eventLoopDelayMetric} gauge`);
      expect([sample(text, 'p50'), sample(text, 'p99'), sample(text, 'max')]).toEqual([0.01, 0.02, 0.15]);
      // The next scrape shows only what happened since this one.
      expect(sample(await registry.metrics(), 'max')).toBe(0);
    } finally {
      watch.stop();
    }
  });

  it('warns when a delay passes 200 ms, at most once a minute, counting the checks it stood for', () => {
    const { logs, logger } = recordingLogger();
    const { made, factory } = fakeSource();
    let now = 0;
    const watch = watchEventLoop({ log: logger, registry: new Registry(), source: factory, checkEveryMs: 60_000, now: () => now });
    try {
      const warning = made[1]!;
      Object.assign(warning, { p99: 15, max: 200 });
      watch.check();
      expect(logs).toEqual([]);
      Object.assign(warning, { p99: 30, max: 2500 });
      watch.check();
      expect(logs).toEqual([{ level: 'warn', message: 'event loop blocked', fields: { maxMs: 2500, p99Ms: 30, limitMs: 200, checksOverLimit: 1 } }]);
      for (const at of [1_000, 30_000]) {
        now = at;
        Object.assign(warning, { max: 900 });
        watch.check();
      }
      expect(logs).toHaveLength(1);
      now = 61_000;
      Object.assign(warning, { max: 300, p99: 12 });
      watch.check();
      expect(logs[1]).toEqual({ level: 'warn', message: 'event loop blocked', fields: { maxMs: 300, p99Ms: 12, limitMs: 200, checksOverLimit: 3 } });
    } finally {
      watch.stop();
    }
  });

  it('sees a real busy loop in this process, in the gauge and in the log', async () => {
    const { logs, logger } = recordingLogger();
    const registry = new Registry();
    const watch = watchEventLoop({ log: logger, registry, checkEveryMs: 50 });
    try {
      await new Promise((r) => setTimeout(r, 60));
      const until = performance.now() + 400;
      while (performance.now() < until) {
        // Blocks the loop, as a long synchronous sweep would.
      }
      // Polled, not a fixed sleep: on a loaded machine the watch's next check may come late.
      for (let waited = 0; waited < 3_000 && logs.length === 0; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const warning = logs.find((l) => l.message === 'event loop blocked');
      expect(warning?.fields.maxMs).toBeGreaterThanOrEqual(350);
      expect(sample(await registry.metrics(), 'max')).toBeGreaterThanOrEqual(0.35);
    } finally {
      watch.stop();
    }
  });
});
