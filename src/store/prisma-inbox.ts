import { z } from 'zod';
import type { Inbox, Notice, Recipient, StoredNotice } from '../ports/inbox.js';
import { recipientKey } from '../ports/inbox.js';
import type { Db, Provider } from './database.js';
import { newSortableId } from './ids.js';

const payloadSchema = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  handoffId: z.string().optional(),
});

type Row = { id: string; recipient: string; kind: string; intakeId: string | null; payload: unknown; createdAt: Date; readAt: Date | null };
const toNotice = (row: Row): StoredNotice => {
  const p = payloadSchema.parse(row.payload);
  return {
    id: row.id,
    recipient: row.recipient,
    kind: row.kind,
    key: p.key,
    params: p.params,
    ...(row.intakeId ? { intakeId: row.intakeId } : {}),
    ...(p.handoffId ? { handoffId: p.handoffId } : {}),
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
};

/** SQLite keeps DateTime as text in this exact shape; raw parameters must match it to compare and sort. */
const sqliteTime = (d: Date) => d.toISOString().replace('Z', '+00:00');

/** Rows per INSERT: well under either database's limit on bound parameters whatever the batch size. */
const INSERT_CHUNK = 500;

const payloadOf = (notice: Notice) => ({ key: notice.key, params: notice.params, ...(notice.handoffId ? { handoffId: notice.handoffId } : {}) });

const returnedIds = z.array(z.object({ id: z.string() }));

export class PrismaInbox implements Inbox {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
  ) {}

  async add(recipient: Recipient, notice: Notice, now: Date): Promise<StoredNotice> {
    const row = await this.db.notification.create({
      data: { id: newSortableId('no', now), recipient: recipientKey(recipient), kind: notice.kind, intakeId: notice.intakeId ?? null, payload: payloadOf(notice), createdAt: now },
    });
    return toNotice(row);
  }

  async addOnce(id: string, recipient: Recipient, notice: Notice, now: Date): Promise<{ notice: StoredNotice; created: boolean }> {
    const existing = await this.db.notification.findUnique({ where: { id } });
    if (existing) return { notice: toNotice(existing), created: false };
    try {
      const row = await this.db.notification.create({
        data: { id, recipient: recipientKey(recipient), kind: notice.kind, intakeId: notice.intakeId ?? null, payload: payloadOf(notice), createdAt: now },
      });
      return { notice: toNotice(row), created: true };
    } catch (err) {
      const again = await this.db.notification.findUnique({ where: { id } });
      if (again) return { notice: toNotice(again), created: false };
      throw err;
    }
  }

  /**
   * One INSERT … ON CONFLICT DO NOTHING for the lot, in raw SQL: through the ORM a batch insert
   * costs several times the CPU (its query compiler runs over every row), and the dispatcher
   * writes one for every batch it claims. Only ids that already existed are read back.
   */
  async addManyOnce(items: { id: string; recipient: Recipient; notice: Notice }[], now: Date): Promise<Map<string, { created: boolean; readAt: Date | null }>> {
    const result = new Map<string, { created: boolean; readAt: Date | null }>();
    const pg = this.provider === 'postgresql';
    for (let start = 0; start < items.length; start += INSERT_CHUNK) {
      const chunk = items.slice(start, start + INSERT_CHUNK);
      const params: unknown[] = [];
      const values = chunk.map((i) => {
        params.push(i.id, recipientKey(i.recipient), i.notice.kind, i.notice.intakeId ?? null, JSON.stringify(payloadOf(i.notice)), pg ? now : sqliteTime(now));
        const n = params.length - 6;
        return pg ? `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb, $${n + 6})` : '(?, ?, ?, ?, ?, ?)';
      });
      const inserted = returnedIds.parse(
        await this.db.$queryRawUnsafe(
          `INSERT INTO "Notification" ("id", "recipient", "kind", "intakeId", "payload", "createdAt") VALUES ${values.join(', ')} ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
          ...params,
        ),
      );
      for (const { id } of inserted) result.set(id, { created: true, readAt: null });
    }
    // Normally none: only an occurrence claimed again (after a crash or a failed send) has a record already.
    const existing = items.filter((i) => !result.has(i.id)).map((i) => i.id);
    if (existing.length > 0) {
      for (const e of await this.db.notification.findMany({ where: { id: { in: existing } }, select: { id: true, readAt: true } })) result.set(e.id, { created: false, readAt: e.readAt });
    }
    return result;
  }

  async unread(recipient: Recipient): Promise<StoredNotice[]> {
    const rows = await this.db.notification.findMany({ where: { recipient: recipientKey(recipient), readAt: null }, orderBy: { id: 'asc' } });
    return rows.map(toNotice);
  }

  async list(recipient: Recipient): Promise<StoredNotice[]> {
    const rows = await this.db.notification.findMany({ where: { recipient: recipientKey(recipient) }, orderBy: { id: 'asc' } });
    return rows.map(toNotice);
  }

  /** Raw SQL: the dispatcher calls it for every group of deliveries, and the ORM's per-query compile would dominate. */
  async markRead(ids: string[], now: Date): Promise<void> {
    const pg = this.provider === 'postgresql';
    for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
      const chunk = ids.slice(start, start + INSERT_CHUNK);
      const list = chunk.map((_, i) => (pg ? `$${i + 2}` : '?')).join(', ');
      await this.db.$executeRawUnsafe(`UPDATE "Notification" SET "readAt" = ${pg ? '$1' : '?'} WHERE "readAt" IS NULL AND "id" IN (${list})`, pg ? now : sqliteTime(now), ...chunk);
    }
  }

  async forIntake(intakeId: string): Promise<StoredNotice[]> {
    const rows = await this.db.notification.findMany({ where: { intakeId }, orderBy: { id: 'asc' } });
    return rows.map(toNotice);
  }
}
