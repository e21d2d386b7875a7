import type { Params } from '../core/messages.js';
import type { IntakeServices } from './intake-services.js';
import { auditChange, checkAccess, principalOf, type Caller } from './access.js';
import { reminderFor } from './reminder-access.js';

export type CancelReminderResult = { ok: true } | { ok: false; code: string; params?: Params };

/**
 * Staff cancel a pending reminder of their office (an admin any). One of another office gets the
 * answer of a reminder that does not exist, so ids cannot be probed; the refusal is audited.
 */
export async function cancelReminder(s: IntakeServices, caller: Caller, reminderId: string): Promise<CancelReminderResult> {
  const principal = await principalOf(s, caller);
  const notCancellable = { ok: false, code: 'reminders.not_cancellable', params: { id: reminderId } } as const;
  // Office staff only: a company or a stranger is told so (and audited) before any lookup.
  if (principal.role === 'sme') {
    const decision = await checkAccess(s, principal, 'reminder.manage', { ownerPersonId: null, officeId: null }, { channel: caller.channel });
    if (!decision.ok) return decision;
  }
  const reminder = await reminderFor(s, principal, reminderId, caller.channel);
  if (!reminder || !(await s.reminders.cancel(reminderId, s.clock.now()))) return notCancellable;
  await auditChange(s, principal, 'reminder.cancelled', { channel: caller.channel, intakeId: reminder.intakeId, handoffId: reminder.handoffId, detail: reminderId });
  return { ok: true };
}
