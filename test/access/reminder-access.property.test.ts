import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type AnswersFile } from '../../src/app/simulate.js';
import { principalOf, type Caller } from '../../src/app/access.js';
import { createStaffReminder } from '../../src/app/create-staff-reminder.js';
import { cancelReminder } from '../../src/app/cancel-reminder.js';
import { listVisibleReminders } from '../../src/app/reminder-access.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { projectRoot } from '../../src/config.js';
import { principalRef, type Principal } from '../../src/core/access/principal.js';
import { validateOffices } from '../../src/core/routing/validate-offices.js';
import { person, translator } from '../support/harness.js';
import { postgresForTests } from '../support/postgres.js';
import { officesWithTeam, postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';

const pg = await postgresForTests();
const battery = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', 'battery-ja.json'), 'utf8')) as AnswersFile;

/** The shipped offices, with Kanto staff on Slack and an admin. */
function offices() {
  const base = officesWithTeam();
  const check = validateOffices({
    ...base,
    offices: base.offices.map((o) => (o.id === 'kanto' ? { ...o, pms: [...o.pms, { id: 'staff-kanto', name: { ja: '関東 スタッフ', en: 'Kanto staff' }, slack: 'U0STAFF', role: 'staff' as const }] } : o)),
    admins: [{ id: 'ops', name: { ja: '管理者', en: 'Admin' }, local: 'admin' }],
  });
  if (!check.ok) throw new Error(check.problems.join('; '));
  return check.config;
}

/** Who may act, each with the office whose companies are theirs ('all' for the admin, null for a company or a stranger). */
const identities: { caller: Caller; office: string | null | 'all' }[] = [
  { caller: { channel: 'local', externalId: 'pm-kanto' }, office: 'kanto' },
  { caller: { channel: 'local', externalId: 'pm-kinki' }, office: 'kinki' },
  { caller: { channel: 'slack', externalId: 'U0STAFF' }, office: 'kanto' },
  { caller: { channel: 'local', externalId: 'admin' }, office: 'all' },
  { caller: { channel: 'local', externalId: 'sme-tokyo' }, office: null },
  { caller: { channel: 'local', externalId: 'someone' }, office: null },
];

/** A name for a company (or for nothing), and the office it belongs to (null: does not exist). */
interface Target {
  text: string;
  office: string | null;
}

/** What an unknown id of the same form is told: a refusal must read exactly the same. */
const missingCode = (target: string) => (/^[UW][A-Z0-9]+$/.test(target) ? 'reminders.no_address' : 'reminders.no_target');

type Command = { kind: 'create'; who: number; target: number } | { kind: 'cancel'; who: number; reminder: number } | { kind: 'list'; who: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), who: fc.nat(identities.length - 1), target: fc.nat(100) }),
  fc.record({ kind: fc.constant('cancel' as const), who: fc.nat(identities.length - 1), reminder: fc.nat(100) }),
  fc.record({ kind: fc.constant('list' as const), who: fc.nat(identities.length - 1) }),
);

function describeReminderAccess(name: string, make: () => Promise<ServicesForTests>, numRuns: number) {
  describe(`reminders: one office rule for every target and command (${name})`, () => {
    let env: ServicesForTests;
    const targets: Target[] = [];
    /** Every reminder the run knows of, with the office it belongs to (null: an id that does not exist). */
    const reminders: { id: string; office: string | null }[] = [{ id: 'rm_doesnotexist', office: null }];
    beforeAll(async () => {
      env = await make();
      const s = env.services;
      s.offices = offices();
      const render = (r: Parameters<typeof renderText>[1]) => renderText(translator, r);
      // Two completed consultations with handoffs, one per office, and two begun in the terminal chat.
      for (const [userId, prefecture, office] of [
        ['sme-shizuoka', '静岡', 'kanto'],
        ['sme-hyogo', '兵庫県', 'kinki'],
      ] as const) {
        const done = await simulate(s, { ...battery, 'company.prefecture': prefecture }, { userId, locale: 'ja', render });
        expect(done.office).toBe(office);
        const intake = await s.repo.getIntake(done.intakeId ?? '');
        const handoff = await s.handoffs.handoffForIntake(done.intakeId ?? '');
        if (!intake || !handoff) throw new Error('no handoff');
        targets.push({ text: intake.id, office }, { text: handoff.id, office }, { text: intake.personId, office });
      }
      for (const [userId, prefecture, office] of [
        ['sme-tokyo', '東京都', 'kanto'],
        ['sme-osaka', '大阪府', 'kinki'],
      ] as const) {
        const p = person(s, userId, 'local');
        await p.start();
        await p.say(`株式会社${userId}`);
        await p.say(prefecture);
        const who = await s.repo.findPerson('local', userId);
        const [intake] = await s.repo.listIntakes({ personId: who?.id ?? '' });
        if (!who || !intake) throw new Error('no intake');
        targets.push({ text: userId, office }, { text: who.id, office }, { text: intake.id, office });
      }
      targets.push({ text: 'in_zzzzzzzzzz', office: null }, { text: 'ho_zzzzzzzzzz', office: null }, { text: 'pe_zzzzzzzzzz', office: null }, { text: 'sme-nobody', office: null }, { text: 'UNOBODY1', office: null });
      // Reminders set by the admin about each company, before the run starts.
      for (const t of targets.filter((x) => x.office)) {
        const made = await createStaffReminder(s, { channel: 'local', externalId: 'admin' }, { target: t.text, when: '明日10時', message: '書類のご確認を' }, 'ja');
        if (!made.ok) throw new Error(`${t.text}: ${made.code}`);
        reminders.push({ id: made.reminder.id, office: t.office });
      }
    }, 180_000);
    afterAll(() => env.close());

    const denials = async (p: Principal) => (await env.services.audit.list({ actor: principalRef(p), limit: 1_000_000 })).filter((e) => e.outcome === 'denied').length;
    const mayAct = (office: string | null | 'all', of: string | null) => of !== null && (office === 'all' || office === of);

    it('nothing of another office can be reminded, cancelled or listed; a refusal reads like a missing id; every refusal is audited', async () => {
      const s = env.services;
      let refusals = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
          for (const c of commands) {
            const id = identities[c.who];
            if (!id) throw new Error('identity');
            const principal = await principalOf(s, id.caller);
            const before = await denials(principal);
            let refused: boolean;
            if (c.kind === 'create') {
              const target = targets[c.target % targets.length];
              if (!target) throw new Error('target');
              const result = await createStaffReminder(s, id.caller, { target: target.text, when: '明日10時', message: '至急ご連絡ください' }, 'ja');
              if (id.office === null) {
                expect(result).toEqual({ ok: false, code: 'access.not_staff' });
                refused = true;
              } else if (mayAct(id.office, target.office)) {
                if (!result.ok) throw new Error(`${target.text} by ${id.caller.externalId}: ${result.code}`);
                reminders.push({ id: result.reminder.id, office: target.office });
                refused = false;
              } else {
                // Another office's company and an id that does not exist get the same answer.
                expect(result).toEqual({ ok: false, code: missingCode(target.text), params: { target: target.text } });
                refused = target.office !== null;
              }
            } else if (c.kind === 'cancel') {
              const reminder = reminders[c.reminder % reminders.length];
              if (!reminder) throw new Error('reminder');
              const stored = await s.reminders.get(reminder.id);
              const result = await cancelReminder(s, id.caller, reminder.id);
              if (id.office === null) {
                expect(result).toEqual({ ok: false, code: 'access.not_staff' });
                refused = true;
              } else if (mayAct(id.office, reminder.office)) {
                expect(result).toEqual(stored?.status === 'pending' ? { ok: true } : { ok: false, code: 'reminders.not_cancellable', params: { id: reminder.id } });
                refused = false;
              } else {
                expect(result).toEqual({ ok: false, code: 'reminders.not_cancellable', params: { id: reminder.id } });
                // Untouched: still as it was.
                expect((await s.reminders.get(reminder.id))?.status).toBe(stored?.status);
                refused = reminder.office !== null;
              }
            } else {
              const rows = await listVisibleReminders(s, principal, {});
              const officeOf = new Map(reminders.map((r) => [r.id, r.office]));
              if (id.office === null) expect(rows).toEqual([]);
              else {
                for (const r of rows) expect(mayAct(id.office, officeOf.get(r.id) ?? null), `${id.caller.externalId} sees ${r.id}`).toBe(true);
                // And all of its own office's are there: the filter hides others, not its own.
                const own = reminders.filter((r) => r.office !== null && mayAct(id.office, r.office)).map((r) => r.id);
                expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(own));
              }
              refused = false;
            }
            const after = await denials(principal);
            if (refused) {
              refusals++;
              expect(after, `${c.kind} by ${id.caller.externalId} was refused but not audited`).toBeGreaterThan(before);
            } else expect(after).toBe(before);
          }
        }),
        { numRuns },
      );
      // The run did exercise refusals, not only allowed commands.
      expect(refusals).toBeGreaterThan(0);
    }, 300_000);
  });
}

describeReminderAccess('SQLite', sqliteServices, 60);
describe.runIf(pg.available)('on PostgreSQL', () => describeReminderAccess('PostgreSQL', postgresServices, 20));
