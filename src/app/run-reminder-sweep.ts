import { planHandoff, planStalledIntake, type PlannedReminder } from '../core/reminders/plan-reminders.js';
import { currentPrompt } from '../core/questionnaire/engine-flow.js';
import { routeHandoff } from '../core/routing/route-handoff.js';
import { officeById } from '../core/routing/office-by-id.js';
import type { IntakeServices } from './intake-services.js';
import { purgeWhenDue } from './purge-abandoned-intakes.js';

export interface SweepResult {
  scheduled: number;
  cancelled: number;
}

const STALLED = ['sme_stalled', 'sme_stalled_final'] as const;
const HANDOFF = ['handoff_unclaimed', 'handoff_escalation', 'handoff_followup'] as const;

/**
 * Brings the reminder rows in line with the state of intakes and handoffs: schedules the next
 * nudge each one should get and cancels the ones that no longer apply (activity, completion,
 * an opt-out, a claim, a close). Idempotent: every occurrence has its own key.
 */
export async function runReminderSweep(s: IntakeServices): Promise<SweepResult> {
  // The hourly retention purge rides on the sweep; first, so no nudge is planned for an intake about to go.
  await purgeWhenDue(s);
  const now = s.clock.now();
  const result: SweepResult = { scheduled: 0, cancelled: 0 };
  const schedule = async (p: PlannedReminder) => {
    const { created } = await s.reminders.schedule({ ...p, createdBy: null }, now);
    if (created) result.scheduled += 1;
  };

  for (const intake of await s.repo.listIntakes()) {
    const person = await s.repo.getPerson(intake.personId);
    const since = intake.lastActivityAt.toISOString();
    const sent = (await s.reminders.list({ intakeId: intake.id, kinds: ['sme_stalled'], status: 'sent' })).filter((r) => r.payload.since === since);
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
        progress: prompt ? prompt.progress : { section: def.sections[0] ?? '', index: 1, count: def.sections.length },
      },
      s.remindersConfig,
      s.calendar,
    );
    if (planned) await schedule(planned);
    result.cancelled += await s.reminders.cancelObsolete({ intakeId: intake.id }, [...STALLED], planned ? [planned.idempotencyKey] : [], now);
  }

  for (const h of await s.handoffs.listHandoffs()) {
    const intake = await s.repo.getIntake(h.intakeId);
    const name = intake?.state.answers['company.name'];
    const followupsSent = h.claimedBy
      ? (await s.reminders.list({ handoffId: h.id, kinds: ['handoff_followup'], status: 'sent' })).filter((r) => r.recipient === `pm:${h.claimedBy}`).length
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
    for (const p of planned) await schedule(p);
    result.cancelled += await s.reminders.cancelObsolete({ handoffId: h.id }, [...HANDOFF], planned.map((p) => p.idempotencyKey), now);
  }
  return result;
}
