import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TurnObserver, TurnOutcome } from '../app/turn-observer.js';
import type { ChannelId } from '../core/intake.js';
import { handoffStatuses } from '../core/handoff/handoff.js';
import { reminderStatuses } from '../core/reminders/reminder.js';

/** Counts that live in the database, shared by every replica. */
export interface StatusCounts {
  handoffsByStatus(): Promise<Record<string, number>>;
  remindersByStatus(): Promise<Record<string, number>>;
}

export interface Metrics {
  registry: Registry;
  /** Counts and times every inbound turn (handle-inbound calls it for every channel). */
  turns: TurnObserver;
  /** The text exposition, with the database gauges read now. */
  render(): Promise<{ contentType: string; body: string }>;
}

export const metricNames = {
  turns: 'renkei_turns_total',
  turnDuration: 'renkei_turn_duration_seconds',
  handoffs: 'renkei_handoffs',
  reminders: 'renkei_reminders',
} as const;

/**
 * Prometheus metrics for one process, on a registry of its own (not prom-client's global one,
 * so that tests can build several). Turn counters are per replica, as Prometheus expects (it
 * sums over instances); handoffs and reminders are gauges read from the database at scrape
 * time, so they are right whichever replica is scraped.
 */
export function createMetrics(opts: { counts: StatusCounts; channels?: readonly ChannelId[]; processMetrics?: boolean }): Metrics {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const turnsTotal = new Counter({
    name: metricNames.turns,
    help: 'Inbound turns (messages, clicks, commands) by channel and outcome: processed, invalid (re-asked), rate_limited, too_long, error.',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: metricNames.turnDuration,
    help: 'Time to handle one inbound turn (load, advance, save, and the assessment after the last answer), in seconds.',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: metricNames.handoffs,
    help: 'Handoffs by state (open, claimed, in_brushup, closed), read from the database at scrape time.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await opts.counts.handoffsByStatus();
      this.reset();
      for (const state of new Set([...handoffStatuses, ...Object.keys(counts)])) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: metricNames.reminders,
    help: 'Reminders by status (pending, sending, sent, failed = given up after the last attempt, cancelled), read from the database at scrape time.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await opts.counts.remindersByStatus();
      this.reset();
      for (const status of new Set([...reminderStatuses, ...Object.keys(counts)])) this.set({ status }, counts[status] ?? 0);
    },
  });
  // The channels served are shown from the first scrape, at zero, so rates work before the first turn.
  for (const channel of opts.channels ?? []) duration.zero({ channel });
  const turns: TurnObserver = {
    begin(channel) {
      const stop = duration.startTimer({ channel });
      return (outcome: TurnOutcome) => {
        stop();
        turnsTotal.inc({ channel, outcome });
      };
    },
  };
  return {
    registry,
    turns,
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
