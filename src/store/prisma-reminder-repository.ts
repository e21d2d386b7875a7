import { z } from 'zod';
import { reminderKinds, reminderPayloadSchema, reminderStatuses, type Reminder, type ReminderKind } from '../core/reminders/reminder.js';
import type { NewReminder, ReminderFilter, ReminderRepository } from '../ports/reminder-repository.js';
import type { Db, Provider } from './database.js';
import { newId } from './ids.js';

type Row = {
  id: string; kind: string; recipient: string; intakeId: string | null; handoffId: string | null; dueAt: Date; status: string; attempts: number;
  leaseOwner: string | null; leaseUntil: Date | null; idempotencyKey: string; payload: unknown; createdBy: string | null; lastError: string | null;
  sentAt: Date | null; createdAt: Date;
};

const toReminder = (r: Row): Reminder => ({
  id: r.id,
  kind: z.enum(reminderKinds).parse(r.kind),
  recipient: r.recipient,
  intakeId: r.intakeId,
  handoffId: r.handoffId,
  dueAt: r.dueAt,
  status: z.enum(reminderStatuses).parse(r.status),
  attempts: r.attempts,
  leaseOwner: r.leaseOwner,
  leaseUntil: r.leaseUntil,
  idempotencyKey: r.idempotencyKey,
  payload: reminderPayloadSchema.parse(r.payload),
  createdBy: r.createdBy,
  lastError: r.lastError,
  sentAt: r.sentAt,
  createdAt: r.createdAt,
});

/** Every column, for RETURNING: Prisma types raw results by the columns' declared types (dates as Date, JSON parsed). */
const columns = ['id', 'kind', 'recipient', 'intakeId', 'handoffId', 'dueAt', 'status', 'attempts', 'leaseOwner', 'leaseUntil', 'idempotencyKey', 'payload', 'createdBy', 'lastError', 'sentAt', 'createdAt']
  .map((c) => `"${c}"`)
  .join(', ');
const rawRows = z.array(
  z.object({
    id: z.string(),
    kind: z.string(),
    recipient: z.string(),
    intakeId: z.string().nullable(),
    handoffId: z.string().nullable(),
    dueAt: z.date(),
    status: z.string(),
    attempts: z.number(),
    leaseOwner: z.string().nullable(),
    leaseUntil: z.date().nullable(),
    idempotencyKey: z.string(),
    payload: z.unknown(),
    createdBy: z.string().nullable(),
    lastError: z.string().nullable(),
    sentAt: z.date().nullable(),
    createdAt: z.date(),
  }),
);

/** Ids per statement: well under either database's limit on bound parameters whatever the batch size. */
const ID_CHUNK = 500;

/** Which row a sent reminder's series belongs to (constants: safe to write into the SQL). */
const REVIEWED_BY_KIND: readonly (readonly ['Intake' | 'Handoff', 'intakeId' | 'handoffId', readonly ReminderKind[]])[] = [
  ['Intake', 'intakeId', ['sme_stalled', 'sme_stalled_final']],
  ['Handoff', 'handoffId', ['handoff_unclaimed', 'handoff_escalation', 'handoff_followup']],
];

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && err.code === 'P2002';

export class PrismaReminderRepository implements ReminderRepository {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
  ) {}

  async schedule(r: NewReminder, now: Date): Promise<{ reminder: Reminder; created: boolean }> {
    const existing = await this.db.reminder.findUnique({ where: { idempotencyKey: r.idempotencyKey } });
    if (existing) return { reminder: toReminder(existing), created: false };
    try {
      const row = await this.db.reminder.create({
        data: { id: newId('rm'), ...r, payload: JSON.parse(JSON.stringify(r.payload)) as object, status: 'pending', createdAt: now, updatedAt: now },
      });
      return { reminder: toReminder(row), created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const again = await this.db.reminder.findUniqueOrThrow({ where: { idempotencyKey: r.idempotencyKey } });
      return { reminder: toReminder(again), created: false };
    }
  }

  async claimDue(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<Reminder[]> {
    // One statement, so the choice of rows and their claim cannot interleave with another
    // replica's: PostgreSQL skips rows another transaction has locked; SQLite has one writer.
    // It hands back the claimed rows whole, which saves reading them again.
    const sql =
      this.provider === 'postgresql'
        ? `UPDATE "Reminder" SET "status" = 'sending', "leaseOwner" = $1, "leaseUntil" = $2, "attempts" = "attempts" + 1, "updatedAt" = $3
           WHERE "id" IN (SELECT "id" FROM "Reminder"
             WHERE ("status" = 'pending' AND "dueAt" <= $3) OR ("status" = 'sending' AND "leaseUntil" < $3)
             ORDER BY "dueAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
           RETURNING ${columns}`
        : `UPDATE "Reminder" SET "status" = 'sending', "leaseOwner" = ?, "leaseUntil" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?
           WHERE "id" IN (SELECT "id" FROM "Reminder"
             WHERE ("status" = 'pending' AND "dueAt" <= ?) OR ("status" = 'sending' AND "leaseUntil" < ?)
             ORDER BY "dueAt" LIMIT ?)
           RETURNING ${columns}`;
    const params = this.provider === 'postgresql' ? [owner, leaseUntil, now, limit] : [owner, iso(leaseUntil), iso(now), iso(now), iso(now), limit];
    const rows = rawRows.parse(await this.db.$queryRawUnsafe(sql, ...params));
    // RETURNING keeps no order; due order is what the dispatcher sends in.
    return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id)).map(toReminder);
  }

  async markSent(id: string, owner: string, now: Date): Promise<boolean> {
    const r = await this.db.reminder.updateMany({
      where: { id, leaseOwner: owner, status: 'sending' },
      data: { status: 'sent', sentAt: now, leaseOwner: null, leaseUntil: null, lastError: null, updatedAt: now },
    });
    if (r.count === 1) await this.markForReview([id], now);
    return r.count === 1;
  }

  /** Raw SQL: once per batch, with as many ids as the batch, where the ORM's compile is costly. */
  async markSentMany(ids: string[], owner: string, now: Date): Promise<number> {
    const pg = this.provider === 'postgresql';
    let count = 0;
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      const list = chunk.map((_, i) => (pg ? `$${i + 3}` : '?')).join(', ');
      count += await this.db.$executeRawUnsafe(
        pg
          ? `UPDATE "Reminder" SET "status" = 'sent', "sentAt" = $1, "leaseOwner" = NULL, "leaseUntil" = NULL, "lastError" = NULL, "updatedAt" = $1
             WHERE "leaseOwner" = $2 AND "status" = 'sending' AND "id" IN (${list})`
          : `UPDATE "Reminder" SET "status" = 'sent', "sentAt" = ?, "leaseOwner" = NULL, "leaseUntil" = NULL, "lastError" = NULL, "updatedAt" = ?
             WHERE "leaseOwner" = ? AND "status" = 'sending' AND "id" IN (${list})`,
        ...(pg ? [now, owner] : [iso(now), iso(now), owner]),
        ...chunk,
      );
      await this.markForReview(chunk, now);
    }
    return count;
  }

  /**
   * A nudge, escalation or follow-up sent moves its series on a step: its intake or handoff is
   * due for review, so the sweep plans the next one on its next round. Were this lost (a crash
   * just before), the row would still come due at the sent reminder's own time.
   */
  private async markForReview(ids: string[], now: Date): Promise<void> {
    const pg = this.provider === 'postgresql';
    const list = ids.map((_, i) => (pg ? `$${i + 2}` : '?')).join(', ');
    const at = pg ? now : iso(now);
    for (const [table, column, kinds] of REVIEWED_BY_KIND)
      await this.db.$executeRawUnsafe(
        `UPDATE "${table}" SET "nextReviewAt" = ${pg ? '$1' : '?'}
         WHERE "id" IN (SELECT "${column}" FROM "Reminder" WHERE "id" IN (${list}) AND "kind" IN (${kinds.map((k) => `'${k}'`).join(', ')}))`,
        at,
        ...ids,
      );
  }

  async markFailed(id: string, owner: string, now: Date, error: string, retryAt: Date | null): Promise<boolean> {
    const r = await this.db.reminder.updateMany({
      where: { id, leaseOwner: owner, status: 'sending' },
      data: retryAt
        ? { status: 'pending', dueAt: retryAt, leaseOwner: null, leaseUntil: null, lastError: error.slice(0, 500), updatedAt: now }
        : { status: 'failed', leaseOwner: null, leaseUntil: null, lastError: error.slice(0, 500), updatedAt: now },
    });
    return r.count === 1;
  }

  async cancel(id: string, now: Date): Promise<boolean> {
    const r = await this.db.reminder.updateMany({ where: { id, status: { in: ['pending', 'failed'] } }, data: { status: 'cancelled', updatedAt: now } });
    return r.count === 1;
  }

  async cancelObsolete(scope: { intakeId?: string; handoffId?: string }, kinds: ReminderKind[], keep: string[], now: Date): Promise<number> {
    const r = await this.db.reminder.updateMany({
      where: { ...scope, kind: { in: kinds }, status: 'pending', idempotencyKey: { notIn: keep } },
      data: { status: 'cancelled', updatedAt: now },
    });
    return r.count;
  }

  async releaseLeases(owner: string, now: Date): Promise<number> {
    const r = await this.db.reminder.updateMany({ where: { leaseOwner: owner, status: 'sending' }, data: { status: 'pending', leaseOwner: null, leaseUntil: null, updatedAt: now } });
    return r.count;
  }

  async get(id: string): Promise<Reminder | null> {
    const row = await this.db.reminder.findUnique({ where: { id } });
    return row ? toReminder(row) : null;
  }

  async list(filter: ReminderFilter = {}): Promise<Reminder[]> {
    const rows = await this.db.reminder.findMany({
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.intakeId ? { intakeId: filter.intakeId } : {}),
        ...(filter.handoffId ? { handoffId: filter.handoffId } : {}),
        ...(filter.recipient ? { recipient: filter.recipient } : {}),
        ...(filter.kinds ? { kind: { in: filter.kinds } } : {}),
      },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toReminder);
  }
}

/**
 * The SQLite adapter stores DateTime as text like `2026-11-24T01:00:00.000+00:00`; raw
 * parameters must have exactly that shape for the text comparison to order correctly.
 */
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
