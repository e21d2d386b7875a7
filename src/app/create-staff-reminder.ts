import { randomUUID } from 'node:crypto';
import type { Params } from '../core/messages.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Reminder } from '../core/reminders/reminder.js';
import { findPm, type PmChannel } from '../core/routing/find-pm.js';
import { parseWhen } from '../core/calendar/parse-when.js';
import type { IntakeServices } from './intake-services.js';
import { pmNames } from './handoff-actions.js';
import { auditChange, checkAccess, intakeAccessTarget, principalOf } from './access.js';
import { auditRefusal, officesOfPerson } from './reminder-access.js';
import { authorize } from '../core/access/authorize.js';
import type { Principal } from '../core/access/principal.js';
import type { Handoff } from '../core/handoff/handoff.js';
import type { Intake, Person } from '../core/intake.js';

export type StaffReminderResult =
  | { ok: true; reminder: Reminder; adjusted: boolean; at: Date }
  | { ok: false; code: string; params?: Params };

const MAX_MESSAGE = 1000;

/**
 * `remind <intake id | handoff id | person> <when> <message>` from any channel. The target is
 * an intake or handoff (its company), a PM id, or a person the bot knows; someone the bot cannot
 * reach is refused here, with the reason, rather than dropped later.
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
  const target = await resolveTarget(s, principal, args.target.trim(), sender.channel);
  if (!target.ok) return target;
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
      handoffId: target.handoffId,
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

type Target = { ok: true; recipient: string; intakeId: string | null; handoffId: string | null } | { ok: false; code: string; params?: Params };

/**
 * Who the reminder goes to, and whether the sender may remind them. A company, named by its
 * intake, its handoff, its person id or its chat id, is checked against the sender's office like
 * a handoff; when the check refuses (audited), the answer is the one an unknown id of the same
 * form gets, so ids of other offices cannot be probed.
 */
async function resolveTarget(s: IntakeServices, principal: Principal, target: string, channel: string): Promise<Target> {
  const missing: Target = { ok: false, code: /^[UW][A-Z0-9]+$/.test(target) ? 'reminders.no_address' : 'reminders.no_target', params: { target } };
  const company = async (intake: Intake, handoff: Handoff | null): Promise<Target> => {
    const decision = await checkAccess(s, principal, 'reminder.create', intakeAccessTarget(s.offices, intake, handoff), { channel, intakeId: intake.id, handoffId: handoff?.id ?? null });
    return decision.ok ? { ok: true, recipient: `person:${intake.personId}`, intakeId: intake.id, handoffId: handoff?.id ?? null } : missing;
  };
  if (/^in_[0-9a-z]+$/.test(target)) {
    const intake = await s.repo.getIntake(target);
    return intake ? company(intake, await s.handoffs.handoffForIntake(intake.id)) : missing;
  }
  if (/^ho_[0-9a-z]+$/.test(target)) {
    const handoff = await s.handoffs.getHandoff(target);
    const intake = handoff ? await s.repo.getIntake(handoff.intakeId) : null;
    return handoff && intake ? company(intake, handoff) : missing;
  }
  const pm = s.offices.offices.flatMap((o) => o.pms).find((p) => p.id === target || p.slack === target || p.local === target || p.teams === target);
  if (pm) {
    // A note to a colleague, in any office: it names no company.
    const reachable = pm.slack !== undefined || pm.local !== undefined || (await s.channelMessages.get('teams_ref', pm.id, 'teams')) !== null;
    return reachable ? { ok: true, recipient: `pm:${pm.id}`, intakeId: null, handoffId: null } : { ok: false, code: 'reminders.no_address', params: { target } };
  }
  let person: Person | null = null;
  if (/^pe_[0-9a-z]+$/.test(target)) person = await s.repo.getPerson(target);
  for (const c of ['slack', 'teams', 'local'] as const) person ??= await s.repo.findPerson(c, target);
  if (!person) return missing;
  // A person is a company through their intakes: the latest one the sender's office may act on.
  const theirs = await officesOfPerson(s, person.id);
  const mine = theirs.find((o) => authorize(principal, 'reminder.create', { ownerPersonId: null, officeId: o.officeId }).ok);
  if (mine) return company(mine.intake, await s.handoffs.handoffForIntake(mine.intake.id));
  // Refused, or a person with no intake at all (only an admin may remind them): audited either way.
  const [latest] = theirs;
  if (latest) return company(latest.intake, await s.handoffs.handoffForIntake(latest.intake.id));
  if (principal.role === 'admin') return { ok: true, recipient: `person:${person.id}`, intakeId: null, handoffId: null };
  await auditRefusal(s, principal, 'reminder.create', { channel, code: 'access.denied' });
  return missing;
}
