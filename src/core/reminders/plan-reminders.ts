import type { RemindersConfig, ReminderKind, ReminderPayload } from './reminder.js';

/** The calendar operations planning needs (the business calendar provides them). */
export interface PlanningCalendar {
  addBusinessDays(from: Date, days: number): Date;
  addBusinessHours(from: Date, hours: number): Date;
  nextBusinessSlot(from: Date): Date;
}

export interface PlannedReminder {
  kind: ReminderKind;
  recipient: string;
  intakeId: string | null;
  handoffId: string | null;
  dueAt: Date;
  idempotencyKey: string;
  payload: ReminderPayload;
}

export interface StalledIntakeFacts {
  intakeId: string;
  personId: string;
  officeId: string;
  completed: boolean;
  optedOut: boolean;
  lastActivityAt: Date;
  /** Nudges of the current series (since the last activity) already sent. */
  sentSteps: number;
  /** How far the person got, as the prompts show it: questions answered of about how many apply. */
  progress: { section: string; answered: number; total: number; percent: number };
}

/**
 * The next nudge for a stalled intake: after 1, 3 and 7 business days (configurable) without
 * activity; after the last one the office is told once. Any activity starts a new series
 * (the key carries the activity time), completion or an opt-out ends it.
 */
export function planStalledIntake(f: StalledIntakeFacts, cfg: RemindersConfig, cal: PlanningCalendar): PlannedReminder | null {
  if (f.completed || f.optedOut) return null;
  const since = f.lastActivityAt.toISOString();
  const steps = cfg.smeStalled.afterBusinessDays;
  const days = steps[f.sentSteps];
  if (days !== undefined)
    return {
      kind: 'sme_stalled',
      recipient: `person:${f.personId}`,
      intakeId: f.intakeId,
      handoffId: null,
      dueAt: cal.addBusinessDays(f.lastActivityAt, days),
      idempotencyKey: `sme_stalled:${f.intakeId}:${since}:${f.sentSteps}`,
      payload: { key: 'reminders.sme_stalled', params: { section: f.progress.section, answered: f.progress.answered, total: f.progress.total, percent: f.progress.percent }, step: f.sentSteps, since },
    };
  if (f.sentSteps === steps.length) {
    const last = steps[steps.length - 1] ?? 1;
    return {
      kind: 'sme_stalled_final',
      recipient: `office:${f.officeId}`,
      intakeId: f.intakeId,
      handoffId: null,
      dueAt: cal.addBusinessDays(f.lastActivityAt, last + 1),
      idempotencyKey: `sme_stalled_final:${f.intakeId}:${since}`,
      payload: { key: 'reminders.sme_stalled_final', params: { intake: f.intakeId, days: last }, step: f.sentSteps, since },
    };
  }
  return null;
}

export interface HandoffFacts {
  handoffId: string;
  intakeId: string;
  officeId: string;
  leadPmId: string | null;
  status: 'open' | 'claimed' | 'in_brushup' | 'closed';
  createdAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
  /** Follow-ups already sent to the current claimer. */
  followupsSent: number;
  company: string;
}

/**
 * Reminders a handoff should have now: an unclaimed one nudges the office's PMs after N
 * business hours and escalates to the office lead later; a claimed one reminds its PM on a
 * schedule until it is closed.
 */
export function planHandoff(f: HandoffFacts, cfg: RemindersConfig, cal: PlanningCalendar): PlannedReminder[] {
  const base = { intakeId: f.intakeId, handoffId: f.handoffId };
  if (f.status === 'closed') return [];
  if (f.status === 'open') {
    const planned: PlannedReminder[] = [
      {
        ...base,
        kind: 'handoff_unclaimed',
        recipient: `office:${f.officeId}`,
        dueAt: cal.addBusinessHours(f.createdAt, cfg.handoffUnclaimed.afterBusinessHours),
        idempotencyKey: `handoff_unclaimed:${f.handoffId}`,
        payload: { key: 'reminders.handoff_unclaimed', params: { handoff: f.handoffId, company: f.company, hours: cfg.handoffUnclaimed.afterBusinessHours } },
      },
    ];
    if (f.leadPmId)
      planned.push({
        ...base,
        kind: 'handoff_escalation',
        recipient: `pm:${f.leadPmId}`,
        dueAt: cal.addBusinessHours(f.createdAt, cfg.handoffUnclaimed.escalateAfterBusinessHours),
        idempotencyKey: `handoff_escalation:${f.handoffId}`,
        payload: { key: 'reminders.handoff_escalation', params: { handoff: f.handoffId, company: f.company, hours: cfg.handoffUnclaimed.escalateAfterBusinessHours } },
      });
    return planned;
  }
  if (!f.claimedBy || !f.claimedAt) return [];
  const n = f.followupsSent + 1;
  return [
    {
      ...base,
      kind: 'handoff_followup',
      recipient: `pm:${f.claimedBy}`,
      dueAt: cal.addBusinessDays(f.claimedAt, cfg.handoffFollowup.everyBusinessDays * n),
      idempotencyKey: `handoff_followup:${f.handoffId}:${f.claimedBy}:${n}`,
      payload: { key: 'reminders.handoff_followup', params: { handoff: f.handoffId, company: f.company }, step: n - 1 },
    },
  ];
}
