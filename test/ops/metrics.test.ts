import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound } from '../../src/app/handle-inbound.js';
import { parseAnswersFile, simulate } from '../../src/app/simulate.js';
import { RateLimiter } from '../../src/app/rate-limit.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { projectRoot } from '../../src/config.js';
import { createHttpServer, listen } from '../../src/http/http-server.js';
import { createMetrics, metricNames, type Metrics } from '../../src/metrics/metrics.js';
import { PrismaStatusCounts } from '../../src/store/prisma-status-counts.js';
import type { IntakeServices } from '../../src/app/intake-services.js';
import { sqliteServices, type ServicesForTests } from '../support/services.js';
import { translator } from '../support/harness.js';

const TOKEN = 'metrics-token-0123456789';

let env: ServicesForTests;
let metrics: Metrics;
let server: Server;
let url = '';

beforeAll(async () => {
  env = await sqliteServices();
  metrics = createMetrics({ counts: new PrismaStatusCounts(env.database.db), channels: ['slack', 'teams'] });
  env.services.turns = metrics.turns;
  env.services.limits = { rate: new RateLimiter({ perMinute: 4, clock: env.clock, channels: ['slack', 'teams'] }), maxAnswerChars: 100 };
  server = createHttpServer({ slack: null, teams: null, ready: async () => ({ ok: true, checks: {} }), metrics: { render: metrics.render, token: TOKEN } });
  url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/metrics`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await env.close();
});

const scrape = async (token = TOKEN) => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};

/** The value of one sample, e.g. `renkei_handoffs{state="open"}`; undefined when absent. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const slackSays = (services: IntakeServices, userId: string, text: string) => handleInbound(services, { channel: 'slack', userId, locale: 'ja', input: { kind: 'text', text } });

describe('GET /metrics', () => {
  it('needs the bearer token when one is configured', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    expect(await scrape()).toContain('# TYPE renkei_turns_total counter');
  });

  it('counts every turn by channel and outcome, and times it', async () => {
    const s = env.services;
    expect((await slackSays(s, 'UMETRIC', 'こんにちは')).refused).toBeUndefined();
    await slackSays(s, 'UMETRIC', '株式会社メトリクス');
    await slackSays(s, 'UMETRIC', 'ナルニア国');
    expect((await slackSays(s, 'UMETRIC', 'あ'.repeat(101))).refused).toBe('too_long');
    expect((await slackSays(s, 'UMETRIC', '東京')).refused).toBe('rate_limited');
    expect((await slackSays(s, 'UMETRIC', '東京')).refused).toBe('rate_limited');
    // A turn that fails (the database refuses) is counted as an error and the error still reaches the channel.
    const broken = new Proxy(s.repo, {
      get: (target, key, receiver) => (key === 'upsertPerson' ? () => Promise.reject(Object.assign(new Error('down'), { code: 'P1001' })) : Reflect.get(target, key, receiver)),
    });
    await expect(slackSays({ ...s, repo: broken }, 'UBROKEN', 'こんにちは')).rejects.toMatchObject({ code: 'P1001' });

    const text = await scrape();
    const turns = (outcome: string) => sample(text, `${metricNames.turns}{channel="slack",outcome="${outcome}"}`);
    expect([turns('processed'), turns('invalid'), turns('too_long'), turns('rate_limited'), turns('error')]).toEqual([2, 1, 1, 2, 1]);
    expect(sample(text, `${metricNames.turnDuration}_count{channel="slack"}`)).toBe(7);
    expect(sample(text, `${metricNames.turnDuration}_bucket{le="+Inf",channel="slack"}`)).toBe(7);
    expect(sample(text, `${metricNames.turnDuration}_count{channel="teams"}`)).toBe(0);
    // prom-client's process metrics come along.
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('reads handoffs by state and reminders by status from the database at scrape time, the same on every replica', async () => {
    const before = await scrape();
    expect(sample(before, `${metricNames.handoffs}{state="open"}`)).toBe(0);
    expect(sample(before, `${metricNames.reminders}{status="sent"}`)).toBe(0);

    // A complete intake with consent opens a handoff (through the simulate channel, which counts as a channel too).
    const parsed = parseAnswersFile(JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/answers/battery-ja.json'), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.problem);
    const run = await simulate(env.services, parsed.value, { userId: 'sim-metrics', locale: 'ja', render: (r) => renderText(translator, r) });
    expect(run.handoff?.status).toBe('open');

    const now = env.clock.now();
    const r = env.services.reminders;
    for (const key of ['a', 'b', 'c'])
      await r.schedule({ kind: 'staff', recipient: 'pm:pm-kanto', intakeId: null, handoffId: null, dueAt: new Date(now.getTime() - 1000), idempotencyKey: `metrics-${key}`, payload: { key: 'reminders.staff', params: {} }, createdBy: 'pm-kanto' }, now);
    const [first, second] = await r.claimDue('test-owner', now, new Date(now.getTime() + 60_000), 10);
    await r.markSent(first?.id ?? '', 'test-owner', now);
    await r.markFailed(second?.id ?? '', 'test-owner', now, 'channel_not_found', null);

    const text = await scrape();
    expect(sample(text, `${metricNames.handoffs}{state="open"}`)).toBe(1);
    expect(sample(text, `${metricNames.handoffs}{state="closed"}`)).toBe(0);
    expect(['pending', 'sending', 'sent', 'failed', 'cancelled'].map((status) => sample(text, `${metricNames.reminders}{status="${status}"}`))).toEqual([0, 1, 1, 1, 0]);
    expect(sample(text, `${metricNames.turns}{channel="simulate",outcome="processed"}`)).toBeGreaterThan(30);

    // Another replica, which handled none of this, reports the same database gauges.
    const replica = createMetrics({ counts: new PrismaStatusCounts(env.database.db), processMetrics: false });
    const other = (await replica.render()).body;
    expect(sample(other, `${metricNames.handoffs}{state="open"}`)).toBe(1);
    expect(sample(other, `${metricNames.reminders}{status="failed"}`)).toBe(1);
    expect(sample(other, `${metricNames.turns}{channel="simulate",outcome="processed"}`)).toBeUndefined();
  });
});
