/**
 * One line of the audit log: who read or changed which intake, through which channel, and
 * whether the policy let them. Ids and codes only, so the log itself holds no company data.
 */
export interface AuditEntry {
  id: string;
  at: Date;
  /** `pm:pm-kanto`, `admin:ops`, `sme:pe_…`, or `system`. */
  actor: string;
  action: string;
  outcome: 'allowed' | 'denied';
  channel: string;
  intakeId: string | null;
  handoffId: string | null;
  /** A short code for a refusal or what was changed (`access.other_office`, `claimed`, …). */
  detail: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;
