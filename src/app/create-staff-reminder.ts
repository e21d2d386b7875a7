import { randomUUID } from 'node:crypto';
import type { Params } from '../core/messages.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Reminder } from '../core/reminders/reminder.js';
import { findPm, type PmChannel } from '../core/routing/find-pm.js';
import { parseWhen } from '../core/calendar/parse-when.js';
import type { IntakeServices } from './intake-services.js';
import { pmNames } from './handoff-actions.js';
import { auditChange, checkAccess, intakeAccessTarget, principalOf } from './access.js';

export type StaffReminderResult =
  | { ok: true; reminder: Reminder; adjusted: boolean; at: Date }
  | { ok: false; code: string; params?: Params };

const MAX_MESSAGE = 1000;

/**
 * `remind <intake id | person> <when> <message>` from any channel. The target is an intake
 * (its company), a PM id, or a person the bot knows; someone the bot cannot reach is refused
 * here, with the reason, rather than dropped later.
 */
export async function createStaffReminder(
  s: IntakeServices,
  sender: { channel: PmChannel; externalId: string },
  args: { target: string; when: string; message: string },
  locale: Locale,
): Promise<StaffReminderResult> {
  const principal = await principalOf(s, sender);
  const allowed = await checkAccess(s, principal, 'reminder.create', { ownerPersonId: null, officeId: null }, { channel: sender.channel });
  if (!allowed.ok) return allowed;
  const staff = findPm(s.offices, sender.channel, sender.externalId);
  const message = args.message.trim();
  if (!message) return { ok: false, code: 'reminders.no_message' };
  if (message.length > MAX_MESSAGE) return { ok: false, code: 'input.too_long', params: { max: MAX_MESSAGE } };
  const target = await resolveTarget(s, args.target.trim());
  if (!target.ok) return target;
  if (target.intakeId) {
    // Reminding a company is acting on its intake: only its own office (or an admin) may.
    const intake = await s.repo.getIntake(target.intakeId);
    const handoff = intake ? await s.handoffs.handoffForIntake(intake.id) : null;
    if (intake) {
      const decision = await checkAccess(s, principal, 'reminder.create', intakeAccessTarget(s.offices, intake, handoff), { channel: sender.channel, intakeId: intake.id });
      if (!decision.ok) return decision;
    }
  }
  const now = s.clock.now();
  const when = parseWhen(args.when, now, s.calendar, locale);
  if (!when.ok) return when.params ? { ok: false, code: when.code, params: when.params } : { ok: false, code: when.code };
  const senderId = staff?.pm.id ?? (principal.role === 'admin' ? principal.id : sender.externalId);
  const names = pmNames(s.offices, senderId);
  const { reminder } = await s.reminders.schedule(
    {
      kind: 'staff',
      recipient: target.recipient,
      intakeId: target.intakeId,
      handoffId: null,
      dueAt: when.value.at,
      idempotencyKey: `staff:${randomUUID()}`,
      payload: { key: 'reminders.staff', params: { from: locale === 'ja' ? names.pm : names.pm_en, message } },
      createdBy: senderId,
    },
    now,
  );
  await auditChange(s, principal, 'reminder.created', { channel: sender.channel, intakeId: target.intakeId, detail: reminder.id });
  return { ok: true, reminder, adjusted: when.value.adjusted, at: when.value.at };
}

async function resolveTarget(s: IntakeServices, target: string): Promise<{ ok: true; recipient: string; intakeId: string | null } | { ok: false; code: string; params?: Params }> {
  if (/^in_[0-9a-z]+$/.test(target)) {
    const intake = await s.repo.getIntake(target);
    return intake ? { ok: true, recipient: `person:${intake.personId}`, intakeId: intake.id } : { ok: false, code: 'reminders.no_target', params: { target } };
  }
  const pm = s.offices.offices.flatMap((o) => o.pms).find((p) => p.id === target || p.slack === target || p.local === target || p.teams === target);
  if (pm) {
    const reachable = pm.slack !== undefined || pm.local !== undefined || (await s.channelMessages.get('teams_ref', pm.id, 'teams')) !== null;
    return reachable ? { ok: true, recipient: `pm:${pm.id}`, intakeId: null } : { ok: false, code: 'reminders.no_address', params: { target } };
  }
  if (/^pe_[0-9a-z]+$/.test(target)) {
    const person = await s.repo.getPerson(target);
    return person ? { ok: true, recipient: `person:${person.id}`, intakeId: null } : { ok: false, code: 'reminders.no_target', params: { target } };
  }
  for (const channel of ['slack', 'teams', 'local'] as const) {
    const person = await s.repo.findPerson(channel, target);
    if (person) return { ok: true, recipient: `person:${person.id}`, intakeId: null };
  }
  return { ok: false, code: /^[UW][A-Z0-9]+$/.test(target) ? 'reminders.no_address' : 'reminders.no_target', params: { target } };
}
