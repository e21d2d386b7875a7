import { authorize, type Permission } from '../core/access/authorize.js';
import { principalRef, type Principal } from '../core/access/principal.js';
import type { Intake } from '../core/intake.js';
import type { Reminder } from '../core/reminders/reminder.js';
import type { ReminderFilter, ReminderRepository } from '../ports/reminder-repository.js';
import { checkAccess, officeOfIntake, type AccessDeps } from './access.js';

/**
 * Reminders are about companies, so they follow the handoffs' rule: a PM or staff member acts
 * only on what belongs to their office, an admin on everything. Whatever names the company —
 * intake id, handoff id, person id, the company's chat id — leads to the same check, and a
 * reminder found by its own id is checked by what it is about.
 */

/** The offices a person's consultations belong to, latest intake first. */
async function officesOfPerson(s: AccessDeps, personId: string): Promise<{ intake: Intake; officeId: string }[]> {
  const intakes = (await s.repo.listIntakes({ personId })).sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
  return Promise.all(intakes.map(async (intake) => ({ intake, officeId: officeOfIntake(s.offices, intake, await s.handoffs.handoffForIntake(intake.id)) })));
}

/**
 * The offices a reminder belongs to. An empty list means no office: a reminder between
 * colleagues (`pm:…`) or to a person without any intake, which only its creator and an admin see.
 */
export async function officesOfReminder(s: AccessDeps, r: Pick<Reminder, 'intakeId' | 'handoffId' | 'recipient'>): Promise<string[]> {
  if (r.intakeId) {
    const intake = await s.repo.getIntake(r.intakeId);
    if (intake) return [officeOfIntake(s.offices, intake, await s.handoffs.handoffForIntake(intake.id))];
  }
  if (r.handoffId) {
    const handoff = await s.handoffs.getHandoff(r.handoffId);
    if (handoff) return [handoff.officeId];
  }
  const [kind, id = ''] = splitRecipient(r.recipient);
  if (kind === 'office') return [id];
  if (kind === 'person') return [...new Set((await officesOfPerson(s, id)).map((o) => o.officeId))];
  if (kind === 'pm') {
    const office = s.offices.offices.find((o) => o.pms.some((p) => p.id === id));
    return office ? [office.id] : [];
  }
  return [];
}

const splitRecipient = (recipient: string): [string, string | undefined] => {
  const at = recipient.indexOf(':');
  return at < 0 ? [recipient, undefined] : [recipient.slice(0, at), recipient.slice(at + 1)];
};

/**
 * Whether the principal may see and manage a reminder of these offices. `createdBy` is given only
 * for a note to a colleague (`pm:…`, about no company): anything about a company follows the
 * company's office, even for the person who set it once the company moved to another office.
 */
export function reminderVisibleTo(p: Principal, permission: Permission, offices: string[], createdBy: string | null): boolean {
  if (p.role === 'admin') return authorize(p, permission).ok;
  if (p.role === 'sme') return false;
  if (createdBy !== null && createdBy === p.id && authorize(p, permission).ok) return true;
  return offices.some((officeId) => authorize(p, permission, { ownerPersonId: null, officeId }).ok);
}

/**
 * Records a refusal that the policy's office check cannot express by itself (a reminder with no
 * office, set by someone else): every refusal is in the audit log, whatever made it.
 */
export async function auditRefusal(s: AccessDeps, p: Principal, permission: Permission, ctx: { channel: string; intakeId?: string | null; handoffId?: string | null; code: string }): Promise<void> {
  await s.audit.record({
    at: s.clock.now(),
    actor: principalRef(p),
    action: permission,
    outcome: 'denied',
    channel: ctx.channel,
    intakeId: ctx.intakeId ?? null,
    handoffId: ctx.handoffId ?? null,
    detail: ctx.code,
  });
}

/** A reminder the principal may manage, checked (refusals audited); null when it does not exist or is not theirs to see. */
export async function reminderFor(s: AccessDeps & { reminders: ReminderRepository }, p: Principal, reminderId: string, channel: string): Promise<Reminder | null> {
  const reminder = await s.reminders.get(reminderId);
  if (!reminder) return null;
  const offices = await officesOfReminder(s, reminder);
  if (reminderVisibleTo(p, 'reminder.manage', offices, creatorOf(reminder))) return reminder;
  const [officeId] = offices;
  const ctx = { channel, intakeId: reminder.intakeId, handoffId: reminder.handoffId };
  // Through the policy when there is an office to refuse on, so the entry carries its code.
  if (officeId !== undefined) await checkAccess(s, p, 'reminder.manage', { ownerPersonId: null, officeId }, ctx);
  else await auditRefusal(s, p, 'reminder.manage', { ...ctx, code: 'access.denied' });
  return null;
}

/**
 * The reminders the principal may see, for `reminders list` on every channel. Rows of other
 * offices are left out, not refused: a list is scoped, like the handoff list.
 */
export async function listVisibleReminders(s: AccessDeps & { reminders: ReminderRepository }, p: Principal, filter: ReminderFilter = {}): Promise<Reminder[]> {
  const rows = await s.reminders.list(filter);
  if (p.role === 'admin') return rows;
  // Many rows share an intake: each intake's office is looked up once.
  const cache = new Map<string, Promise<string[]>>();
  const officesOf = (r: Reminder) => {
    const key = `${r.intakeId ?? ''}|${r.handoffId ?? ''}|${r.intakeId || r.handoffId ? '' : r.recipient}`;
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = officesOfReminder(s, r)));
    return hit;
  };
  const visible = await Promise.all(rows.map(async (r) => reminderVisibleTo(p, 'reminder.manage', await officesOf(r), creatorOf(r))));
  return rows.filter((_, i) => visible[i]);
}

const creatorOf = (r: Reminder): string | null => (r.recipient.startsWith('pm:') && !r.intakeId && !r.handoffId ? r.createdBy : null);

export { officesOfPerson };
