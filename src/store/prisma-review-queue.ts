import { z } from 'zod';
import type { ReviewClaim, ReviewQueue, ReviewSubject } from '../ports/review-queue.js';
import type { Db, Provider } from './database.js';

const TABLE: Record<ReviewSubject, 'Intake' | 'Handoff'> = { intake: 'Intake', handoff: 'Handoff' };
const idRows = z.array(z.object({ id: z.string() }));

export class PrismaReviewQueue implements ReviewQueue {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
  ) {}

  async claim(subject: ReviewSubject, dueBy: Date, leaseUntil: Date, limit: number): Promise<ReviewClaim> {
    const table = TABLE[subject];
    // One statement, so two replicas cannot both take a row: PostgreSQL skips rows another
    // transaction has locked, SQLite has one writer. The inner select reads the
    // nextReviewAt index from its start and stops after `limit` rows.
    const sql =
      this.provider === 'postgresql'
        ? `UPDATE "${table}" SET "nextReviewAt" = $1 WHERE "id" IN (SELECT "id" FROM "${table}"
             WHERE "nextReviewAt" <= $2 ORDER BY "nextReviewAt" LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING "id"`
        : `UPDATE "${table}" SET "nextReviewAt" = ? WHERE "id" IN (SELECT "id" FROM "${table}"
             WHERE "nextReviewAt" <= ? ORDER BY "nextReviewAt" LIMIT ?) RETURNING "id"`;
    const params = this.provider === 'postgresql' ? [leaseUntil, dueBy, limit] : [iso(leaseUntil), iso(dueBy), limit];
    const rows = idRows.parse(await this.db.$queryRawUnsafe(sql, ...params));
    return { ids: rows.map((r) => r.id).sort(), leaseUntil };
  }

  async settle(subject: ReviewSubject, id: string, leaseUntil: Date, next: Date | null): Promise<boolean> {
    // Raw: the ORM's update would also move updatedAt, and a review changes nothing of the row's own.
    const pg = this.provider === 'postgresql';
    const sql = pg
      ? `UPDATE "${TABLE[subject]}" SET "nextReviewAt" = $1 WHERE "id" = $2 AND "nextReviewAt" = $3`
      : `UPDATE "${TABLE[subject]}" SET "nextReviewAt" = ? WHERE "id" = ? AND "nextReviewAt" = ?`;
    const at = (d: Date | null) => (d === null ? null : pg ? d : iso(d));
    return (await this.db.$executeRawUnsafe(sql, at(next), id, at(leaseUntil))) === 1;
  }

  async abandonedIntakes(cutoff: Date, limit: number, after: { lastActivityAt: Date; id: string } | null): Promise<{ id: string; lastActivityAt: Date }[]> {
    // Through the (status, lastActivityAt) index: only rows past the cutoff are read.
    return this.db.intake.findMany({
      where: {
        status: { in: ['in_progress', 'paused'] },
        lastActivityAt: { lt: cutoff },
        ...(after ? { OR: [{ lastActivityAt: { gt: after.lastActivityAt } }, { lastActivityAt: after.lastActivityAt, id: { gt: after.id } }] } : {}),
      },
      select: { id: true, lastActivityAt: true },
      orderBy: [{ lastActivityAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
  }
}

/** As in prisma-reminder-repository.ts: raw parameters in the adapter's stored text shape, so text comparison orders correctly. */
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
