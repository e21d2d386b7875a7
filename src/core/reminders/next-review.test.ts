import { describe, expect, it } from 'vitest';
import { nextReviewAt, reviewAfterChange } from './next-review.js';

const at = (iso: string) => new Date(iso);
const reviewed = at('2026-11-24T01:00:00.000Z');

describe('nextReviewAt', () => {
  it('is the earliest planned reminder still to go out', () => {
    const planned = [
      { dueAt: at('2026-11-26T06:00:00.000Z'), status: 'pending' as const },
      { dueAt: at('2026-11-25T02:00:00.000Z'), status: 'pending' as const },
      { dueAt: at('2026-11-24T05:00:00.000Z'), status: 'sent' as const },
    ];
    expect(nextReviewAt(planned, reviewed)).toEqual(at('2026-11-25T02:00:00.000Z'));
  });

  it('is null when nothing is left to go out: sent, failed for good, cancelled, or nothing planned', () => {
    expect(nextReviewAt([], reviewed)).toBeNull();
    for (const status of ['sent', 'failed', 'cancelled'] as const) expect(nextReviewAt([{ dueAt: at('2026-11-25T00:00:00.000Z'), status }], reviewed)).toBeNull();
  });

  it('is just after the review for a reminder already due (being sent), never at or before it', () => {
    for (const status of ['pending', 'sending'] as const)
      expect(nextReviewAt([{ dueAt: at('2026-11-20T00:00:00.000Z'), status }], reviewed)).toEqual(new Date(reviewed.getTime() + 1));
  });

  it('a change of state is due for review at the moment of the change', () => {
    expect(reviewAfterChange(reviewed)).toEqual(reviewed);
  });
});
