import type { AuditEntry, NewAuditEntry } from '../core/access/audit-entry.js';
import type { AuditFilter, AuditLog } from '../ports/audit-log.js';
import type { Db } from './database.js';
import { newSortableId } from './ids.js';

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly db: Db) {}

  async record(e: NewAuditEntry): Promise<void> {
    await this.db.auditEntry.create({ data: { id: newSortableId('au', e.at), ...e } });
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const rows = await this.db.auditEntry.findMany({
      where: {
        ...(filter.intakeId ? { intakeId: filter.intakeId } : {}),
        ...(filter.actor ? { actor: filter.actor } : {}),
        ...(filter.since ? { at: { gte: filter.since } } : {}),
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: filter.limit ?? 200,
    });
    return rows.map((r) => ({ ...r, outcome: r.outcome === 'denied' ? 'denied' : 'allowed' }));
  }

  async replaceActor(actor: string, replacement: string): Promise<number> {
    return (await this.db.auditEntry.updateMany({ where: { actor }, data: { actor: replacement } })).count;
  }
}
