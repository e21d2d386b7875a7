import { describe, expect, it } from 'vitest';
import { authorize, permissions, visibleOffices, type AccessTarget, type Permission } from './authorize.js';
import { principalRef, resolvePrincipal, type Principal } from './principal.js';
import type { OfficesConfig } from '../routing/offices-schema.js';
import { validateOffices } from '../routing/validate-offices.js';

const config: OfficesConfig = {
  version: '1',
  defaultOffice: 'kanto',
  offices: [
    {
      id: 'kanto',
      name: { ja: '関東', en: 'Kanto' },
      regions: ['kanto'],
      pms: [
        { id: 'pm-kanto', name: { ja: '関東 PM', en: 'Kanto PM' }, slack: 'U0KANTO', local: 'pm-kanto' },
        { id: 'staff-kanto', name: { ja: '関東 スタッフ', en: 'Kanto staff' }, teams: '00000000-0000-4000-8000-000000000001', role: 'staff' },
      ],
      channels: {},
    },
    { id: 'kinki', name: { ja: '近畿', en: 'Kinki' }, regions: ['kinki'], pms: [{ id: 'pm-kinki', name: { ja: '近畿 PM', en: 'Kinki PM' }, local: 'pm-kinki' }], channels: {} },
  ],
  admins: [{ id: 'ops', name: { ja: '管理者', en: 'Admin' }, slack: 'U0ADMIN', local: 'admin' }],
};

const admin: Principal = { role: 'admin', id: 'ops' };
const pm: Principal = { role: 'pm', id: 'pm-kanto', officeId: 'kanto' };
const staff: Principal = { role: 'staff', id: 'staff-kanto', officeId: 'kanto' };
const sme: Principal = { role: 'sme', personId: 'pe_owner' };
const stranger: Principal = { role: 'sme', personId: 'pe_other' };
const unknown: Principal = { role: 'sme', personId: null };

const kantoIntake = { ownerPersonId: 'pe_owner', officeId: 'kanto' };
const kinkiIntake = { ownerPersonId: 'pe_owner', officeId: 'kinki' };
const allowed = (p: Principal, perm: Permission, target: AccessTarget = kantoIntake) => authorize(p, perm, target).ok;

describe('resolvePrincipal', () => {
  it('maps configured ids to admin, pm and staff, and everyone else to a company', () => {
    expect(resolvePrincipal(config, 'slack', 'U0ADMIN')).toEqual({ role: 'admin', id: 'ops' });
    expect(resolvePrincipal(config, 'local', 'admin')).toEqual({ role: 'admin', id: 'ops' });
    expect(resolvePrincipal(config, 'slack', 'U0KANTO')).toEqual({ role: 'pm', id: 'pm-kanto', officeId: 'kanto' });
    expect(resolvePrincipal(config, 'teams', '00000000-0000-4000-8000-000000000001')).toEqual({ role: 'staff', id: 'staff-kanto', officeId: 'kanto' });
    expect(resolvePrincipal(config, 'slack', 'U0SOMEONE', 'pe_1')).toEqual({ role: 'sme', personId: 'pe_1' });
    // An id is only trusted on its own channel: a local user name typed into Slack is nobody special.
    expect(resolvePrincipal(config, 'slack', 'admin').role).toBe('sme');
  });

  it('writes principals for the audit log as ids only', () => {
    expect([admin, pm, staff, sme, unknown].map(principalRef)).toEqual(['admin:ops', 'pm:pm-kanto', 'staff:staff-kanto', 'sme:pe_owner', 'sme:unknown']);
  });

  it('refuses configuration where one id names an admin and a PM', () => {
    const both = { ...config, admins: [{ id: 'ops', name: { ja: '管理者', en: 'Admin' }, local: 'pm-kanto' }] };
    const check = validateOffices(both);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.join('\n')).toContain('admin "ops": local user "pm-kanto" is already "pm-kanto"');
  });
});

describe('authorize: one policy for every channel', () => {
  it('a company reads, exports and deletes only its own intake and nothing of the office', () => {
    for (const perm of ['intake.read', 'privacy.export', 'privacy.delete'] as const) {
      expect(allowed(sme, perm)).toBe(true);
      expect(allowed(stranger, perm)).toBe(false);
      expect(allowed(unknown, perm, { ownerPersonId: null, officeId: 'kanto' })).toBe(false);
    }
    for (const perm of ['intake.list', 'handoff.act', 'reminder.create', 'reminder.manage', 'stats.read', 'inbox.read', 'audit.read', 'privacy.purge'] as const) expect(allowed(sme, perm)).toBe(false);
    expect(authorize(sme, 'handoff.act', kantoIntake)).toEqual({ ok: false, code: 'access.not_staff' });
  });

  it('a PM works the intakes and handoffs of their own office only', () => {
    for (const perm of ['intake.read', 'intake.list', 'handoff.act', 'reminder.create', 'reminder.manage', 'stats.read', 'inbox.read'] as const) {
      expect(allowed(pm, perm)).toBe(true);
      expect(authorize(pm, perm, kinkiIntake)).toEqual({ ok: false, code: 'access.other_office' });
    }
    for (const perm of ['audit.read', 'privacy.delete', 'privacy.export', 'privacy.purge'] as const) expect(allowed(pm, perm)).toBe(false);
  });

  it('staff see their office and send reminders, but do not work handoffs', () => {
    expect(allowed(staff, 'intake.read')).toBe(true);
    expect(allowed(staff, 'reminder.create')).toBe(true);
    expect(allowed(staff, 'intake.read', kinkiIntake)).toBe(false);
    expect(authorize(staff, 'handoff.act', kantoIntake)).toEqual({ ok: false, code: 'access.denied' });
    expect(allowed(staff, 'audit.read')).toBe(false);
  });

  it('an admin sees everything and handles privacy, but handoff work stays with the office PMs', () => {
    for (const perm of permissions) expect(allowed(admin, perm, kinkiIntake)).toBe(perm !== 'handoff.act');
  });

  it('lists are scoped by office', () => {
    expect([admin, pm, staff, sme].map(visibleOffices)).toEqual(['all', 'kanto', 'kanto', null]);
  });
});
