import type { Params } from '../core/messages.js';
import type { IntakeServices } from './intake-services.js';
import { auditChange, checkAccess, intakeAccessTarget, principalOf, type Caller } from './access.js';

export type CancelReminderResult = { ok: true } | { ok: false; code: string; params?: Params };

/** Staff cancel a pending reminder; one about a company only from that company's office (or an admin). */
export async function cancelReminder(s: IntakeServices, caller: Caller, reminderId: string): Promise<CancelReminderResult> {
  const principal = await principalOf(s, caller);
  const reminder = await s.reminders.get(reminderId);
  const intake = reminder?.intakeId ? await s.repo.getIntake(reminder.intakeId) : null;
  const target = intake ? intakeAccessTarget(s.offices, intake, await s.handoffs.handoffForIntake(intake.id)) : { ownerPersonId: null, officeId: null };
  const decision = await checkAccess(s, principal, 'reminder.manage', target, { channel: caller.channel, intakeId: intake?.id ?? null });
  if (!decision.ok) return decision;
  if (!reminder || !(await s.reminders.cancel(reminderId, s.clock.now()))) return { ok: false, code: 'reminders.not_cancellable', params: { id: reminderId } };
  await auditChange(s, principal, 'reminder.cancelled', { channel: caller.channel, intakeId: intake?.id ?? null, detail: reminderId });
  return { ok: true };
}
