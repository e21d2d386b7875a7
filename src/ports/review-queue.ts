/** What the reminder sweep reviews: an intake's nudges or a handoff's reminders. */
export type ReviewSubject = 'intake' | 'handoff';

/** A claim on rows due for review: theirs until `leaseUntil`, by compare-and-set on that time. */
export interface ReviewClaim {
  ids: string[];
  leaseUntil: Date;
}

/**
 * The sweep's work list: intakes and handoffs whose `nextReviewAt` has come, read through an
 * index so that idle rows cost nothing however many there are.
 */
export interface ReviewQueue {
  /**
   * Claims up to `limit` rows due at or before `dueBy`, oldest first, by moving their review
   * time to `leaseUntil` in one statement: another replica does not see them as due until the
   * lease runs out (a replica that died mid-review leaves them due again then).
   */
  claim(subject: ReviewSubject, dueBy: Date, leaseUntil: Date, limit: number): Promise<ReviewClaim>;
  /**
   * Sets the next review time of a reviewed row, unless it changed while the claim was held
   * (a turn, a claim, an opt-out, a sent nudge moved its review time): then it stays due and
   * the next sweep reviews it again with its new state. False in that case.
   */
  settle(subject: ReviewSubject, id: string, leaseUntil: Date, next: Date | null): Promise<boolean>;
  /**
   * Unfinished intakes (in progress or paused) last active before `cutoff`, oldest first, after
   * the given one (keyset paging: a row whose purge failed is not read again in the same run).
   */
  abandonedIntakes(cutoff: Date, limit: number, after: { lastActivityAt: Date; id: string } | null): Promise<{ id: string; lastActivityAt: Date }[]>;
}
