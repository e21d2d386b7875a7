import { z } from 'zod';
import type { Inbox, Notice, Recipient, StoredNotice } from '../ports/inbox.js';
import { recipientKey } from '../ports/inbox.js';
import type { Db } from './database.js';
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

export class PrismaInbox implements Inbox {
  constructor(private readonly db: Db) {}

  async add(recipient: Recipient, notice: Notice, now: Date): Promise<StoredNotice> {
    const row = await this.db.notification.create({
      data: {
        id: newSortableId('no', now),
        recipient: recipientKey(recipient),
        kind: notice.kind,
        intakeId: notice.intakeId ?? null,
        payload: { key: notice.key, params: notice.params, ...(notice.handoffId ? { handoffId: notice.handoffId } : {}) },
        createdAt: now,
      },
    });
    return toNotice(row);
  }

  async addOnce(id: string, recipient: Recipient, notice: Notice, now: Date): Promise<{ notice: StoredNotice; created: boolean }> {
    const existing = await this.db.notification.findUnique({ where: { id } });
    if (existing) return { notice: toNotice(existing), created: false };
    try {
      const row = await this.db.notification.create({
        data: {
          id,
          recipient: recipientKey(recipient),
          kind: notice.kind,
          intakeId: notice.intakeId ?? null,
          payload: { key: notice.key, params: notice.params, ...(notice.handoffId ? { handoffId: notice.handoffId } : {}) },
          createdAt: now,
        },
      });
      return { notice: toNotice(row), created: true };
    } catch (err) {
      const again = await this.db.notification.findUnique({ where: { id } });
      if (again) return { notice: toNotice(again), created: false };
      throw err;
    }
  }

  async unread(recipient: Recipient): Promise<StoredNotice[]> {
    const rows = await this.db.notification.findMany({ where: { recipient: recipientKey(recipient), readAt: null }, orderBy: { id: 'asc' } });
    return rows.map(toNotice);
  }

  async list(recipient: Recipient): Promise<StoredNotice[]> {
    const rows = await this.db.notification.findMany({ where: { recipient: recipientKey(recipient) }, orderBy: { id: 'asc' } });
    return rows.map(toNotice);
  }

  async markRead(ids: string[], now: Date): Promise<void> {
    if (ids.length > 0) await this.db.notification.updateMany({ where: { id: { in: ids }, readAt: null }, data: { readAt: now } });
  }

  async forIntake(intakeId: string): Promise<StoredNotice[]> {
    const rows = await this.db.notification.findMany({ where: { intakeId }, orderBy: { id: 'asc' } });
    return rows.map(toNotice);
  }

  async deleteForIntake(intakeId: string): Promise<void> {
    await this.db.notification.deleteMany({ where: { intakeId } });
  }
}
