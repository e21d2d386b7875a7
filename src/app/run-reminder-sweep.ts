import { setImmediate as nextTurnOfLoop } from 'node:timers/promises';
import { planHandoff, planStalledIntake, type PlannedReminder } from '../core/reminders/plan-reminders.js';
import { nextReviewAt, type PlannedOccurrence } from '../core/reminders/next-review.js';
import { currentPrompt } from '../core/questionnaire/engine-flow.js';
import { progressOf } from '../core/questionnaire/navigation.js';
import { routeHandoff } from '../core/routing/route-handoff.js';
import { officeById } from '../core/routing/office-by-id.js';
import type { ReviewSubject } from '../ports/review-queue.js';
import type { IntakeServices } from './intake-services.js';
import { errorCode } from './notify.js';
import { purgeWhenDue } from './purge-abandoned-intakes.js';

export interface SweepResult {
  scheduled: number;
  cancelled: number;
  /** Intakes and handoffs looked at: those due for review, not every row. */
  reviewed: number;
}

const STALLED = ['sme_stalled', 'sme_stalled_final'] as const;
const HANDOFF = ['handoff_unclaimed', 'handoff_escalation', 'handoff_followup'] as const;

/**
 * One step of a review, then a turn of the event loop. On SQLite every statement runs on the
 * main thread, and a chain of awaits on it never lets a request in: after each statement,
 * the requests that arrived meanwhile are acknowledged before the sweep goes on.
 */
async function paced<T>(step: Promise<T>): Promise<T> {
  const value = await step;
  await nextTurnOfLoop();
  return value;
}

/** Rows claimed per statement: a bounded read, and a bounded lease if the replica dies. */
export const REVIEW_BATCH = 100;

/**
 * Brings the reminder rows in line with the state of the intakes and handoffs that are due for
 * review (their state changed, a nudge was sent, or a planned reminder fell due): schedules the
 * next nudge each one should get and cancels the ones that no longer apply (activity,
 * completion, an opt-out, a claim, a close). Idempotent: every occurrence has its own key.
 *
 * Idle rows cost nothing: they are not read. Between rows and batches the event loop gets a
 * turn, so chat requests are acknowledged while a large backlog (the first sweep after the
 * upgrade reviews every row once) is worked through.
 */
export async function runReminderSweep(s: IntakeServices): Promise<SweepResult> {
  // The hourly retention purge rides on the sweep; first, so no nudge is planned for an intake about to go.
  await purgeWhenDue(s);
  const dueBy = s.clock.now();
  const result: SweepResult = { scheduled: 0, cancelled: 0, reviewed: 0 };
  const schedule = async (p: PlannedReminder): Promise<PlannedOccurrence> => {
    const { reminder, created } = await paced(s.reminders.schedule({ ...p, createdBy: null }, s.clock.now()));
    if (created) result.scheduled += 1;
    return reminder;
  };

  const reviewIntake = async (id: string): Promise<PlannedOccurrence[]> => {
    const intake = await paced(s.repo.getIntake(id));
    if (!intake) return [];
    const now = s.clock.now();
    const person = await paced(s.repo.getPerson(intake.personId));
    const since = intake.lastActivityAt.toISOString();
    const sent = (await paced(s.reminders.list({ intakeId: intake.id, kinds: ['sme_stalled'], status: 'sent' }))).filter((r) => r.payload.since === since);
    const def = s.questionnaires.get(intake.questionnaireVersion) ?? s.questionnaires.latest;
    const prompt = currentPrompt(def, intake.state);
    const prefecture = intake.state.answers['company.prefecture'];
    const planned = planStalledIntake(
      {
        intakeId: intake.id,
        personId: intake.personId,
        officeId: routeHandoff(s.offices, typeof prefecture === 'string' ? prefecture : undefined).officeId,
        completed: intake.status === 'completed',
        optedOut: person?.remindersOptOut ?? false,
        lastActivityAt: intake.lastActivityAt,
        sentSteps: sent.length,
        progress: prompt ? prompt.progress : progressOf(def, intake.state, undefined),
      },
      s.remindersConfig,
      s.calendar,
    );
    const stored = planned ? [await schedule(planned)] : [];
    result.cancelled += await paced(s.reminders.cancelObsolete({ intakeId: intake.id }, [...STALLED], planned ? [planned.idempotencyKey] : [], now));
    return stored;
  };

  const reviewHandoff = async (id: string): Promise<PlannedOccurrence[]> => {
    const h = await paced(s.handoffs.getHandoff(id));
    if (!h) return [];
    const now = s.clock.now();
    const intake = await paced(s.repo.getIntake(h.intakeId));
    const name = intake?.state.answers['company.name'];
    const followupsSent = h.claimedBy
      ? (await paced(s.reminders.list({ handoffId: h.id, kinds: ['handoff_followup'], status: 'sent' }))).filter((r) => r.recipient === `pm:${h.claimedBy}`).length
      : 0;
    const planned = planHandoff(
      {
        handoffId: h.id,
        intakeId: h.intakeId,
        officeId: h.officeId,
        leadPmId: officeById(s.offices, h.officeId)?.lead ?? null,
        status: h.status,
        createdAt: h.createdAt,
        claimedBy: h.claimedBy,
        claimedAt: h.claimedAt,
        followupsSent,
        company: typeof name === 'string' ? name : '',
      },
      s.remindersConfig,
      s.calendar,
    );
    const stored: PlannedOccurrence[] = [];
    for (const p of planned) stored.push(await schedule(p));
    result.cancelled += await paced(s.reminders.cancelObsolete({ handoffId: h.id }, [...HANDOFF], planned.map((p) => p.idempotencyKey), now));
    return stored;
  };

  await reviewDue(s, 'intake', dueBy, reviewIntake, result);
  await reviewDue(s, 'handoff', dueBy, reviewHandoff, result);
  return result;
}

/**
 * Batches per table and round. A backlog (the first round after the upgrade reviews every row
 * once) is worked through over several rounds, so that the dispatcher's send, which follows
 * the sweep in each round, is never held up for long.
 */
export const REVIEW_BATCHES_PER_ROUND = 10;

/**
 * Claims the rows due by `dueBy` batch after batch until none is left (or the round's share is
 * done), reviews each and sets its next review time. A reviewed row's next time is always
 * after `dueBy`, so the loop ends.
 */
async function reviewDue(
  s: IntakeServices,
  subject: ReviewSubject,
  dueBy: Date,
  review: (id: string) => Promise<PlannedOccurrence[]>,
  result: SweepResult,
): Promise<void> {
  const leaseMs = s.remindersConfig.dispatcher.leaseSeconds * 1000;
  for (let batch = 0; batch < REVIEW_BATCHES_PER_ROUND; batch++) {
    const claim = await s.reviews.claim(subject, dueBy, new Date(s.clock.now().getTime() + leaseMs), REVIEW_BATCH);
    for (const id of claim.ids) {
      try {
        const planned = await review(id);
        await paced(s.reviews.settle(subject, id, claim.leaseUntil, nextReviewAt(planned, dueBy)));
        result.reviewed += 1;
      } catch (err) {
        // The row keeps its lease and comes due again when it runs out; the others go on.
        s.log.error('reminder review failed', { subject, id, code: errorCode(err) });
      }
    }
    await nextTurnOfLoop();
    if (claim.ids.length < REVIEW_BATCH) return;
  }
}
