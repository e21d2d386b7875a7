import type { ReminderStatus } from './reminder.js';

/**
 * When the reminder sweep must look at an intake or a handoff next. The sweep reads only rows
 * whose time has come (an index on the column), so its cost follows what is due, not how many
 * intakes exist.
 *
 * After a change of state (a turn, a completion, an opt-out, a claim, a close) the answer is
 * the moment of the change: the nudges of the old state must be cancelled before they fall due
 * and the first of the new state planned, as the every-row sweep used to do on its next round.
 */
export const reviewAfterChange = (changedAt: Date): Date => changedAt;

/** A reminder the review planned, as the store holds it after scheduling. */
export interface PlannedOccurrence {
  dueAt: Date;
  status: ReminderStatus;
}

/**
 * After a review: the next planned reminder still to go out falls due, and once it is sent the
 * next step of the series (1, 3, 7 business days; the follow-up after N business days) is
 * planned — the dispatcher marks the row for review when it sends, this is the safety net if
 * that mark is lost. Null when nothing is left to go out (series over, completed, opted out, or
 * the occurrence failed for good or was cancelled by staff): only a change brings it back.
 *
 * A reminder already due is about to be sent by the dispatcher's round after the sweep; the row
 * is looked at again just after `reviewedAt`, never at or before it, so that one sweep, which
 * reads rows due at its start, never takes the same row twice.
 */
export function nextReviewAt(planned: readonly PlannedOccurrence[], reviewedAt: Date): Date | null {
  let next: number | null = null;
  for (const p of planned) {
    if (p.status !== 'pending' && p.status !== 'sending') continue;
    const t = p.dueAt.getTime();
    if (next === null || t < next) next = t;
  }
  if (next === null) return null;
  return new Date(Math.max(next, reviewedAt.getTime() + 1));
}
