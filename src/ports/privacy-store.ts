/**
 * What a privacy deletion removes in the database. Intakes, their handoffs and the person are
 * named by id; every row that holds one of those ids (or the person's chat address) goes.
 */
export interface ErasureScope {
  /** The person goes too, with what is keyed by them alone: their inbox, reminders to them, their chat's prompts. */
  personId: string | null;
  intakeIds: string[];
  handoffIds: string[];
  /**
   * Entries of the handled-deliveries ledger that name the person's chat, as source and id
   * prefix (Teams records `<conversation id>|<activity id>`).
   */
  ledger: { source: string; idPrefix: string }[];
  /**
   * Retention only: erase only if every intake is still unfinished and has had no activity
   * since this time; a company that came back in the meantime keeps its intake.
   */
  inactiveBefore?: Date;
}

/** Rows removed, by table. */
export interface ErasureCounts {
  person: number;
  intakes: number;
  answerRecords: number;
  assessments: number;
  handoffs: number;
  handoffEvents: number;
  notifications: number;
  reminders: number;
  channelMessages: number;
  processedEvents: number;
}

/**
 * What a scrub after an erasure achieved. `complete` false: something kept it from finishing
 * (SQLite: a reader held on to the WAL past the busy timeout), and old copies of the deleted
 * rows may still be in the WAL until the next scrub or checkpoint.
 */
export interface ScrubReport {
  complete: boolean;
  /** What was done, for the log: `wal_checkpoint(TRUNCATE)`, `VACUUM "Person", …`. */
  step: string;
}

export interface PrivacyStore {
  /** Removes everything in the scope in one transaction; null when `inactiveBefore` no longer holds (nothing removed). */
  erase(scope: ErasureScope): Promise<ErasureCounts | null>;
  /**
   * After erasures: makes the storage give up the old copies of what was removed, as far as the
   * provider allows (README, Privacy: what each provider guarantees). Outside any transaction.
   */
  scrub(): Promise<ScrubReport>;
}
