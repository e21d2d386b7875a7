import type { Db } from './database.js';

/**
 * Read-only counts by status for the metrics scrape. Read from the database at every scrape,
 * so each replica reports the same totals (in-process counters would only know their own sends).
 */
export class PrismaStatusCounts {
  constructor(private readonly db: Db) {}

  async handoffsByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.handoff.groupBy({ by: ['status'], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }

  async remindersByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.reminder.groupBy({ by: ['status'], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }
}
