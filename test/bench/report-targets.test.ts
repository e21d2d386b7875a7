import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport, summaryLines, targets, type Run, type Section } from '../../bench/report.js';
import type { ChatFigures } from '../../bench/chat.js';
import type { LoadResult } from '../../bench/turns.js';
import type { Summary } from '../../bench/support/stats.js';
import { Database, durableStore } from '../../bench/support/durable-store.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const summary = (p99: number): Summary => ({ count: 100, p50: p99 / 2, p90: p99 * 0.9, p99, max: p99 * 1.2, mean: p99 / 2 });
const load = (p99: number, cpuMsPerTurn: number): LoadResult => ({
  turns: 1000,
  seconds: 10,
  perSecond: 100,
  latency: summary(p99),
  completion: summary(p99 * 2),
  script: [],
  allTurns: 1200,
  cpuMsPerTurn,
  driverCpuMsPerTurn: 1,
});
const machine = { maxLoad: 0.5, othersShare: 0 };
const skipped = <T>(name: string): Section<T> => ({ name, skipped: true, seconds: 0, machine });
const run = (slack: ChatFigures): Run => ({
  machine: { cpu: 'test', cores: 2, ramGiB: 1, os: 'test', node: process.version, postgres: '—', date: '2026-12-04', loadAtStart: 0 },
  quick: true,
  totalSeconds: 1,
  startup: skipped('start-up'),
  slack: { name: 'Slack turns', figures: slack, seconds: 1, machine },
  teams: skipped('Teams turns'),
  dispatch: skipped('reminder dispatch'),
  memory: skipped('memory'),
});

describe('bench report: the issue-13 targets against the durable-write floor', () => {
  it('prints the bot against the floor as ratios, each with its target and result', () => {
    const lines = summaryLines(run({ bot: load(300, 6), echo: load(100, 1.5), floor: load(250, 2.5) }));
    expect(lines).toContain(`Slack turn latency p99 vs the durable-write floor: 300 ms  vs 250 ms (floor)  = 1.20×  (target ≤ ${targets.p99FloorRatio}× floor: pass)`);
    expect(lines).toContain(`Slack server CPU per turn vs the durable-write floor: 6.0 ms  vs 2.5 ms (floor)  = 2.40×  (target ≤ ${targets.cpuFloorRatio}× floor: pass)`);
    const missed = summaryLines(run({ bot: load(400, 8), echo: load(100, 1.5), floor: load(250, 2.5) }));
    expect(missed.filter((l) => l.includes('durable-write floor') && l.endsWith('MISS)'))).toHaveLength(2);
    // docs/benchmarks.md says what the floor is and shows its figures, and why a missed target was missed.
    const report = renderReport(run({ bot: load(400, 8), echo: load(100, 1.5), floor: load(250, 2.5) }));
    expect(report).toContain('**Durable-write floors**');
    expect(report).toContain('- durable-write floor: 1000 turns');
    expect(report).toContain(`### Why the turn latency misses ${targets.p99FloorRatio}× the durable-write floor`);
  });

  it('says so when a run has no floor, instead of judging against the echo', () => {
    const lines = summaryLines(run({ bot: load(300, 6), echo: load(100, 1.5) }));
    expect(lines).toContain('Slack durable-write floor: not in this run');
    expect(lines.some((l) => l.includes('target'))).toBe(false);
  });

  it('the floor stores every message durably: what it wrote is there after it closes', () => {
    const file = join(dir, 'floor.db');
    const store = durableStore(file);
    store.store('D1', 'こんにちは');
    store.store('D2', '株式会社テスト');
    store.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT conversation, text FROM message ORDER BY id').all()).toEqual([
        { conversation: 'D1', text: 'こんにちは' },
        { conversation: 'D2', text: '株式会社テスト' },
      ]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });
});
