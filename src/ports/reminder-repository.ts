import type { Reminder, ReminderKind, ReminderStatus } from '../core/reminders/reminder.js';
import type { PlannedReminder } from '../core/reminders/plan-reminders.js';

/** A planned occurrence, and who asked for it (null for the automatic ones). */
export interface NewReminder extends PlannedReminder {
  createdBy: string | null;
}

export interface ReminderFilter {
  status?: ReminderStatus;
  intakeId?: string;
  handoffId?: string;
  /** `person:ID`, `pm:ID` or `office:ID`. */
  recipient?: string;
  kinds?: ReminderKind[];
}

export interface ReminderRepository {
  /** Inserts the reminder unless one with the same idempotency key exists; returns the stored one. */
  schedule(r: NewReminder, now: Date): Promise<{ reminder: Reminder; created: boolean }>;
  /**
   * Claims up to `limit` due reminders for `owner` with a lease until `leaseUntil`: pending ones
   * whose time has come, and ones whose previous lease expired (a replica that died mid-send).
   * Atomic across replicas: a row is claimed by one owner at a time.
   */
  claimDue(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<Reminder[]>;
  /** Only the lease owner can settle a claim; false when the lease was lost. */
  markSent(id: string, owner: string, now: Date): Promise<boolean>;
  /** `markSent` for many; returns how many this owner still held. */
  markSentMany(ids: string[], owner: string, now: Date): Promise<number>;
  markFailed(id: string, owner: string, now: Date, error: string, retryAt: Date | null): Promise<boolean>;
  cancel(id: string, now: Date): Promise<boolean>;
  /** Cancels pending reminders of these kinds for the intake or handoff, except the given keys. */
  cancelObsolete(scope: { intakeId?: string; handoffId?: string }, kinds: ReminderKind[], keep: string[], now: Date): Promise<number>;
  releaseLeases(owner: string, now: Date): Promise<number>;
  get(id: string): Promise<Reminder | null>;
  list(filter?: ReminderFilter): Promise<Reminder[]>;
}
