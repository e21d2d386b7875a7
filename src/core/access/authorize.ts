import type { Principal } from './principal.js';

export const permissions = [
  'intake.read',
  'intake.list',
  'handoff.act',
  'reminder.create',
  'reminder.manage',
  'stats.read',
  'inbox.read',
  'audit.read',
  'privacy.delete',
  'privacy.export',
  'privacy.purge',
] as const;
export type Permission = (typeof permissions)[number];

/** What is being touched: whose it is and which office it belongs to (null when unknown or not about an intake). */
export interface AccessTarget {
  ownerPersonId: string | null;
  officeId: string | null;
}

export type AccessDecision = { ok: true } | { ok: false; code: 'access.denied' | 'access.other_office' | 'access.not_staff' };

const officeWork: readonly Permission[] = ['intake.read', 'intake.list', 'reminder.create', 'reminder.manage', 'stats.read', 'inbox.read'];

/**
 * The one access policy for every channel. A company sees and deletes only its own intake; a
 * PM sees and works the intakes of their office; staff see their office's intakes and send
 * reminders but do not work handoffs; an admin sees everything and alone may read the audit
 * log or delete and export someone else's data.
 */
export function authorize(p: Principal, permission: Permission, target: AccessTarget = { ownerPersonId: null, officeId: null }): AccessDecision {
  const deny = { ok: false, code: 'access.denied' } as const;
  switch (p.role) {
    case 'admin':
      // Handoff work needs a PM of the office (claims name a PM), so an admin does not act on handoffs.
      return permission === 'handoff.act' ? { ok: false, code: 'access.not_staff' } : { ok: true };
    case 'sme': {
      const own = p.personId !== null && target.ownerPersonId === p.personId;
      if (permission === 'intake.read' || permission === 'privacy.delete' || permission === 'privacy.export') return own ? { ok: true } : deny;
      return officeWork.includes(permission) || permission === 'handoff.act' ? { ok: false, code: 'access.not_staff' } : deny;
    }
    case 'pm':
    case 'staff': {
      const allowed = officeWork.includes(permission) || (permission === 'handoff.act' && p.role === 'pm');
      if (!allowed) return deny;
      // No office on the target (a list, counts, a reminder to a colleague): the caller scopes it to the principal's office.
      if (target.officeId !== null && target.officeId !== p.officeId) return { ok: false, code: 'access.other_office' };
      return { ok: true };
    }
  }
}

/** The offices whose intakes a principal may list: all, one, or none. */
export function visibleOffices(p: Principal): 'all' | string | null {
  if (p.role === 'admin') return 'all';
  if (p.role === 'pm' || p.role === 'staff') return p.officeId;
  return null;
}
