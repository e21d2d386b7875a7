import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type AnswersFile } from '../../src/app/simulate.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { principalOf, readIntake } from '../../src/app/access.js';
import { createStaffReminder } from '../../src/app/create-staff-reminder.js';
import { cancelReminder } from '../../src/app/cancel-reminder.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { projectRoot } from '../../src/config.js';
import { validateOffices } from '../../src/core/routing/validate-offices.js';
import { translator } from '../support/harness.js';
import { postgresForTests } from '../support/postgres.js';
import { officesWithTeam, postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', name), 'utf8')) as AnswersFile;
const pg = await postgresForTests();

/** The shipped offices with Kanto staff and an admin, each known on a different channel. */
function officesWithRoles() {
  const base = officesWithTeam();
  const check = validateOffices({
    ...base,
    offices: base.offices.map((o) => (o.id === 'kanto' ? { ...o, pms: [...o.pms, { id: 'staff-kanto', name: { ja: '関東 スタッフ', en: 'Kanto staff' }, local: 'staff-kanto', slack: 'U0STAFF', role: 'staff' as const }] } : o)),
    admins: [{ id: 'ops', name: { ja: '管理者', en: 'Admin' }, local: 'admin', teams: '00000000-0000-4000-8000-0000000000ad' }],
  });
  if (!check.ok) throw new Error(check.problems.join('; '));
  return check.config;
}

function describeAccess(name: string, make: () => Promise<ServicesForTests>) {
  describe(`access control and audit log (${name})`, () => {
    let env: ServicesForTests;
    let kantoIntake: string;
    let kinkiIntake: string;
    let kantoHandoff: string;
    let owner: string;
    beforeAll(async () => {
      env = await make();
      env.services.offices = officesWithRoles();
      const kanto = await simulate(env.services, fixture('battery-ja.json'), { userId: 'sme-kanto', locale: 'ja', render: (r) => renderText(translator, r) });
      const kinki = await simulate(env.services, { ...fixture('battery-ja.json'), 'company.prefecture': '大阪府' }, { userId: 'sme-kinki', locale: 'ja', render: (r) => renderText(translator, r) });
      kantoIntake = kanto.intakeId ?? '';
      kinkiIntake = kinki.intakeId ?? '';
      kantoHandoff = (await env.services.handoffs.handoffForIntake(kantoIntake))?.id ?? '';
      owner = (await env.services.repo.getIntake(kantoIntake))?.personId ?? '';
      expect([kanto.office, kinki.office]).toEqual(['kanto', 'kinki']);
    });
    afterAll(() => env.close());

    const as = (channel: 'local' | 'slack' | 'teams' | 'simulate', externalId: string) => principalOf(env.services, { channel: channel === 'simulate' ? 'local' : channel, externalId });

    it('a PM reads the intakes of their own office only, and each read and refusal is audited', async () => {
      const pm = await as('local', 'pm-kanto');
      expect(await readIntake(env.services, pm, kantoIntake, { channel: 'local', detail: 'show' })).toMatchObject({ ok: true });
      expect(await readIntake(env.services, pm, kinkiIntake, { channel: 'local', detail: 'show' })).toEqual({ ok: false, code: 'access.other_office' });
      const onKanto = await env.services.audit.list({ intakeId: kantoIntake, actor: 'pm:pm-kanto' });
      expect(onKanto[0]).toMatchObject({ action: 'intake.read', outcome: 'allowed', channel: 'local', detail: 'show', handoffId: kantoHandoff });
      const onKinki = await env.services.audit.list({ intakeId: kinkiIntake, actor: 'pm:pm-kanto' });
      expect(onKinki[0]).toMatchObject({ action: 'intake.read', outcome: 'denied', detail: 'access.other_office' });
    });

    it('a company sees its own intake without an audit line, and not anyone else\'s', async () => {
      // The simulate channel stands in for the company's chat; its person id is the owner.
      const self = { role: 'sme' as const, personId: owner };
      const before = (await env.services.audit.list({ intakeId: kantoIntake })).length;
      expect(await readIntake(env.services, self, kantoIntake, { channel: 'slack' })).toMatchObject({ ok: true });
      expect(await env.services.audit.list({ intakeId: kantoIntake })).toHaveLength(before);
      expect(await readIntake(env.services, self, kinkiIntake, { channel: 'slack' })).toEqual({ ok: false, code: 'access.denied' });
      expect((await env.services.audit.list({ intakeId: kinkiIntake, actor: `sme:${owner}` }))[0]).toMatchObject({ outcome: 'denied' });
    });

    it('staff see their office and send reminders there, but cannot claim', async () => {
      const staff = await as('slack', 'U0STAFF');
      expect(staff).toEqual({ role: 'staff', id: 'staff-kanto', officeId: 'kanto' });
      expect(await readIntake(env.services, staff, kantoIntake, { channel: 'slack' })).toMatchObject({ ok: true });
      expect(await performHandoffAction(env.services, { channel: 'slack', externalId: 'U0STAFF' }, kantoHandoff, { kind: 'claim' })).toEqual({ ok: false, code: 'access.denied' });
      const ok = await createStaffReminder(env.services, { channel: 'slack', externalId: 'U0STAFF' }, { target: kantoIntake, when: '明日10時', message: '書類のご確認を' }, 'ja');
      expect(ok).toMatchObject({ ok: true });
      const other = await createStaffReminder(env.services, { channel: 'slack', externalId: 'U0STAFF' }, { target: kinkiIntake, when: '明日10時', message: 'x' }, 'ja');
      // Refused like an id that does not exist (ids of other offices cannot be probed), and audited.
      expect(other).toEqual({ ok: false, code: 'reminders.no_target', params: { target: kinkiIntake } });
      if (!ok.ok) return;
      // A reminder about a Kanto company can be cancelled by Kanto, not by Kinki.
      expect(await cancelReminder(env.services, { channel: 'local', externalId: 'pm-kinki' }, ok.reminder.id)).toEqual({ ok: false, code: 'reminders.not_cancellable', params: { id: ok.reminder.id } });
      expect(await cancelReminder(env.services, { channel: 'local', externalId: 'pm-kanto' }, ok.reminder.id)).toEqual({ ok: true });
      const actions = (await env.services.audit.list({ intakeId: kantoIntake })).map((e) => `${e.actor} ${e.action} ${e.outcome}`);
      expect(actions).toEqual(expect.arrayContaining(['staff:staff-kanto reminder.created allowed', 'pm:pm-kanto reminder.cancelled allowed', 'pm:pm-kinki reminder.manage denied', 'staff:staff-kanto handoff.act denied']));
    });

    it('an admin reads every office, audited, but leaves handoff work to the PMs', async () => {
      const admin = await as('teams', '00000000-0000-4000-8000-0000000000ad');
      expect(admin).toEqual({ role: 'admin', id: 'ops' });
      expect(await readIntake(env.services, admin, kinkiIntake, { channel: 'teams' })).toMatchObject({ ok: true });
      expect((await env.services.audit.list({ actor: 'admin:ops' }))[0]).toMatchObject({ action: 'intake.read', outcome: 'allowed', channel: 'teams', intakeId: kinkiIntake });
      expect(await performHandoffAction(env.services, { channel: 'teams', externalId: '00000000-0000-4000-8000-0000000000ad' }, kantoHandoff, { kind: 'claim' })).toEqual({ ok: false, code: 'access.not_staff' });
    });

    it('an id is trusted only on its own channel', async () => {
      // "admin" is the admin's local user name; typed as a Slack user id it is a stranger.
      expect(await as('slack', 'admin')).toEqual({ role: 'sme', personId: null });
      expect(await performHandoffAction(env.services, { channel: 'slack', externalId: 'pm-kanto' }, kantoHandoff, { kind: 'claim' })).toEqual({ ok: false, code: 'access.not_staff' });
    });
  });
}

describeAccess('SQLite', sqliteServices);
describe.runIf(pg.available)('on PostgreSQL', () => describeAccess('PostgreSQL', postgresServices));
