import type { AuditEntry, NewAuditEntry } from '../core/access/audit-entry.js';

export interface AuditFilter {
  intakeId?: string;
  actor?: string;
  since?: Date;
  /** Newest first; at most this many. */
  limit?: number;
}

/** Append-only: entries are never edited, except that a privacy deletion blanks the person's id in them. */
export interface AuditLog {
  record(entry: NewAuditEntry): Promise<void>;
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
  /**
   * Rewrites `actor` where it names someone whose data was deleted (`sme:pe_…` → `sme:deleted`):
   * the record of what happened to the intakes stays, the person's id does not. Returns how many.
   */
  replaceActor(actor: string, replacement: string): Promise<number>;
}
