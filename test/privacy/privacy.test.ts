import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePersonData, requestDeletion } from '../../src/app/delete-person-data.js';
import { exportPersonData, personExportFormat } from '../../src/app/export-person-data.js';
import { purgeAbandonedIntakes } from '../../src/app/purge-abandoned-intakes.js';
import { runReminderSweep } from '../../src/app/run-reminder-sweep.js';
import { simulate } from '../../src/app/simulate.js';
import { principalOf } from '../../src/app/access.js';
import type { IntakeServices } from '../../src/app/intake-services.js';
import { renderText } from '../../src/channels/console/render-text.js';
import type { Principal } from '../../src/core/access/principal.js';
import type { Messenger } from '../../src/ports/messenger.js';
import { person, translator } from '../support/harness.js';
import { postgresForTests } from '../support/postgres.js';
import { postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';
import { batteryFile, expectAllPresent, markersFound, planFiles, seedCompany, type SeededCompany } from './privacy-support.js';

const pg = await postgresForTests();
const DAY = 86_400_000;

/** Records, for each handoff card it is asked to rewrite, whether the card's address was still stored then. */
class CardWatcher implements Messenger {
  readonly channel = 'slack' as const;
  readonly rewritten: { handoffId: string; addressStored: boolean }[] = [];
  constructor(private readonly s: () => IntakeServices) {}
  async deliver(): Promise<boolean> {
    return false;
  }
  async showHandoff(): Promise<void> {}
  async showHandoffDeleted(handoffId: string): Promise<void> {
    this.rewritten.push({ handoffId, addressStored: (await this.s().channelMessages.get('handoff_card', handoffId, 'slack')) !== null });
  }
}

function describePrivacy(name: string, make: () => Promise<ServicesForTests>) {
  describe(`privacy (${name})`, () => {
    let env: ServicesForTests;
    let control: SeededCompany;
    let watcher: CardWatcher;
    let admin: Principal;
    beforeAll(async () => {
      env = await make();
      watcher = new CardWatcher(() => env.services);
      env.services.messengers.push(watcher);
      admin = await principalOf(env.services, { channel: 'local', externalId: 'admin' });
      expect(admin.role).toBe('admin');
      control = await seedCompany(env, 'CTRL');
    }, 120_000);
    afterAll(() => env.close());

    /** Nothing of the deleted company anywhere, its files gone, the other company untouched, and the deletion on record. */
    const expectErased = async (gone: SeededCompany, actor: string) => {
      expect(await markersFound(env.database, gone.all)).toEqual([]);
      expect(planFiles(env.plansDir, gone.intakeId)).toEqual([]);
      expect(await env.services.channelMessages.list(gone.handoffId)).toEqual([]);
      expect(watcher.rewritten).toContainEqual({ handoffId: gone.handoffId, addressStored: true });
      await expectAllPresent(env.database, control.all);
      expect(planFiles(env.plansDir, control.intakeId)).toHaveLength(4);
      const audit = await env.services.audit.list({ intakeId: gone.intakeId });
      expect(audit.find((a) => a.action === 'privacy.deleted')).toMatchObject({ actor, outcome: 'allowed', handoffId: gone.handoffId, detail: 'person' });
      // The rest of the intake's history stays on record under the blanked actor.
      expect(audit.filter((a) => a.actor === 'sme:deleted').map((a) => a.action)).toEqual(expect.arrayContaining(['intake.created', 'intake.completed']));
    };

    it('deletes a person by id: every table is scanned and none of their markers is left', async () => {
      const gone = await seedCompany(env, 'PERS');
      await expectAllPresent(env.database, gone.all);
      const result = await requestDeletion(env.services, admin, { personId: gone.personId }, 'local');
      expect(result).toMatchObject({ ok: true, report: { personId: gone.personId, intakeIds: [gone.intakeId], handoffIds: [gone.handoffId] } });
      await expectErased(gone, 'admin:admin');
    }, 60_000);

    it('deletes by intake: the intake and everything hanging off it, and the person whose only intake it was', async () => {
      const gone = await seedCompany(env, 'INTK');
      const result = await requestDeletion(env.services, admin, { intakeId: gone.intakeId }, 'local');
      expect(result).toMatchObject({ ok: true, report: { personId: gone.personId, intakeIds: [gone.intakeId] } });
      await expectErased(gone, 'admin:admin');
    }, 60_000);

    it('deleting one of two intakes keeps the person and the other intake', async () => {
      const seeded = await seedCompany(env, 'TWOI');
      // Restarting after completion opens a second intake beside the first.
      const sme = person(env.services, seeded.markers.externalId, 'simulate');
      await sme.say('やり直し');
      await sme.say('はい');
      const intakes = await env.services.repo.listIntakes({ personId: seeded.personId });
      expect(intakes).toHaveLength(2);
      const result = await requestDeletion(env.services, admin, { intakeId: seeded.intakeId }, 'local');
      expect(result).toMatchObject({ ok: true, report: { personId: null, intakeIds: [seeded.intakeId] } });
      expect(await env.services.repo.getPerson(seeded.personId)).not.toBeNull();
      expect((await env.services.repo.listIntakes({ personId: seeded.personId })).map((i) => i.id)).toEqual(intakes.filter((i) => i.id !== seeded.intakeId).map((i) => i.id));
      // What belonged to the deleted intake is gone; the person's own rows are still theirs.
      const found = await markersFound(env.database, [seeded.markers.company, seeded.markers.question, seeded.markers.answer, seeded.markers.description]);
      expect(found).toEqual([]);
      expect(planFiles(env.plansDir, seeded.intakeId)).toEqual([]);
      expect((await env.services.audit.list({ intakeId: seeded.intakeId })).find((a) => a.action === 'privacy.deleted')).toMatchObject({ actor: 'admin:admin', detail: 'intake' });
    }, 60_000);

    it('"delete my data" in chat deletes everything of the person through the same use case', async () => {
      const gone = await seedCompany(env, 'CHAT');
      const sme = person(env.services, gone.markers.externalId, 'simulate');
      expect((await sme.say('データ削除')).prompt?.key).toBe('confirm.delete');
      expect((await sme.say('はい')).reply.outbound).toEqual([{ kind: 'notice', key: 'notice.deleted' }]);
      await expectErased(gone, 'sme:deleted');
      // A later message is a stranger starting afresh.
      const again = await sme.say('こんにちは');
      expect(again.reply.person.id).not.toBe(gone.personId);
    }, 60_000);

    it('refuses deletion and export to office staff and to other companies, and audits the refusals', async () => {
      const pm = await principalOf(env.services, { channel: 'local', externalId: 'pm-kanto' });
      const stranger: Principal = { role: 'sme', personId: 'pe_someoneelse' };
      for (const p of [pm, stranger]) {
        expect(await requestDeletion(env.services, p, { personId: control.personId }, 'local')).toEqual({ ok: false, code: 'access.denied' });
        expect(await exportPersonData(env.services, p, control.personId, 'local')).toEqual({ ok: false, code: 'access.denied' });
      }
      await expectAllPresent(env.database, control.all);
      const refusals = (await env.services.audit.list({ actor: 'pm:pm-kanto' })).filter((a) => a.outcome === 'denied' && a.action.startsWith('privacy.'));
      expect(refusals.map((a) => a.action).sort()).toEqual(['privacy.delete', 'privacy.export']);
      expect(await requestDeletion(env.services, admin, { personId: 'pe_missing' }, 'local')).toBeNull();
    });

    it('exports everything held about a person, in the documented format, and nothing of anyone else', async () => {
      const subject = await seedCompany(env, 'EXPT');
      const result = await exportPersonData(env.services, admin, subject.personId, 'local');
      if (!result?.ok) throw new Error(`export refused: ${JSON.stringify(result)}`);
      const data = JSON.parse(JSON.stringify(result.export)) as Record<string, unknown> & { intakes: Record<string, unknown>[] };
      expect(Object.keys(data)).toEqual(['format', 'exportedAt', 'person', 'intakes', 'notifications', 'reminders', 'channelMessages', 'audit']);
      expect(data.format).toBe(personExportFormat);
      expect(data.person).toMatchObject({ id: subject.personId, externalId: subject.markers.externalId, displayName: subject.markers.displayName, address: { conversation: { id: subject.markers.conversationId } } });
      const [intake] = data.intakes;
      expect(intake).toMatchObject({ id: subject.intakeId, status: 'completed', state: { answers: { 'company.name': subject.markers.company, 'contact.name': subject.markers.contact } } });
      expect(Object.keys(intake ?? {})).toEqual(['id', 'status', 'questionnaireVersion', 'locale', 'createdAt', 'lastActivityAt', 'completedAt', 'state', 'answerHistory', 'assessment', 'handoff']);
      const text = JSON.stringify(data);
      for (const marker of subject.all) expect(text, marker).toContain(marker);
      expect(text).toContain('# 事業計画（案）');
      expect(text).toContain('# Draft business plan');
      expect(intake?.handoff).toMatchObject({ id: subject.handoffId, status: 'claimed', events: expect.arrayContaining([expect.objectContaining({ type: 'question', body: subject.markers.question }), expect.objectContaining({ type: 'answer', body: subject.markers.answer })]) });
      expect(intake?.answerHistory).toEqual(expect.arrayContaining([expect.objectContaining({ questionId: 'company.name', raw: subject.markers.company })]));
      const sections = data as unknown as { notifications: { recipient: string }[]; reminders: { kind: string; recipient: string }[]; channelMessages: { kind: string }[]; audit: { intakeId: string | null; actor: string }[] };
      expect(sections.notifications.map((n) => n.recipient)).toEqual(expect.arrayContaining([`person:${subject.personId}`, 'office:kanto', 'pm:pm-kanto']));
      expect(sections.reminders.map((r) => r.kind)).toEqual(expect.arrayContaining(['staff', 'handoff_followup']));
      expect(sections.channelMessages.map((c) => c.kind).sort()).toEqual(['handoff_card', 'slack_thread', 'teams_prompt']);
      expect(sections.audit.length).toBeGreaterThan(0);
      expect(sections.audit.every((a) => a.intakeId === subject.intakeId || a.actor === `sme:${subject.personId}`)).toBe(true);
      for (const other of [...control.all, control.intakeId, control.handoffId]) expect(text, other).not.toContain(other);
      const exported = (await env.services.audit.list({ intakeId: subject.intakeId })).find((a) => a.action === 'privacy.exported');
      expect(exported).toMatchObject({ actor: 'admin:admin', outcome: 'allowed', channel: 'local' });
    }, 60_000);
  });

  describe(`retention purge (${name})`, () => {
    let env: ServicesForTests;
    afterAll(() => env.close());

    it('removes only unfinished intakes idle longer than the limit; completed and recent ones stay', async () => {
      env = await make();
      const s = env.services;
      const t0 = s.clock.now();
      const render = (r: Parameters<typeof renderText>[1]) => renderText(translator, r);
      const answerSome = async (userId: string) => {
        const p = person(s, userId, 'simulate');
        await p.start();
        await p.say('株式会社放置マーカー');
        return p;
      };
      await answerSome('old-in-progress');
      const paused = await answerSome('old-paused');
      await paused.say('中断');
      const completed = await simulate(s, batteryFile(), { userId: 'old-completed', locale: 'ja', render });
      expect(completed.status).toBe('completed');
      // One person with a completed intake and an abandoned new one: the abandoned one goes, the person stays.
      const both = person(s, 'old-completed', 'simulate');
      await both.say('やり直し');
      await both.say('はい');
      env.clock.advance(170 * DAY);
      await answerSome('recent');
      env.clock.advance(11 * DAY);

      const before = await s.repo.listIntakes();
      const status = (userId: string) => s.repo.findPerson('simulate', userId);
      const result = await purgeAbandonedIntakes(s, 'local');
      expect(result.failed).toEqual([]);
      expect(result.cutoff).toEqual(new Date(s.clock.now().getTime() - 180 * DAY));
      const after = await s.repo.listIntakes();
      const removed = before.filter((i) => !after.some((a) => a.id === i.id));
      expect(removed.map((i) => i.status).sort()).toEqual(['in_progress', 'in_progress', 'paused']);
      expect(removed.every((i) => i.lastActivityAt.getTime() === t0.getTime())).toBe(true);
      expect(after.map((i) => i.status).sort()).toEqual(['completed', 'in_progress']);
      expect(await status('old-in-progress')).toBeNull();
      expect(await status('old-paused')).toBeNull();
      expect(await status('old-completed')).not.toBeNull();
      expect(await status('recent')).not.toBeNull();
      expect(await markersFound(env.database, ['old-in-progress', 'old-paused'])).toEqual([]);
      for (const id of result.purged) expect((await s.audit.list({ intakeId: id })).find((a) => a.action === 'privacy.purged')).toMatchObject({ actor: 'system', outcome: 'allowed' });
      // Retention 0 keeps everything.
      s.retentionDays = 0;
      env.clock.advance(400 * DAY);
      expect(await purgeAbandonedIntakes(s, 'local')).toEqual({ cutoff: null, purged: [], failed: [] });
      expect(await s.repo.listIntakes()).toHaveLength(2);
      s.retentionDays = 180;
    }, 90_000);

    it('runs from the reminder sweep of the running bot at most once an hour', async () => {
      const s = env.services;
      const p = person(s, 'sweep-a', 'simulate');
      await p.start();
      // The last purge ran in this clock hour (above); move to the start of a fresh hour, past the limit.
      env.clock.advance(181 * DAY + 3_600_000 - (s.clock.now().getTime() % 3_600_000));
      await runReminderSweep(s);
      expect(await s.repo.findPerson('simulate', 'sweep-a')).toBeNull();
      // Abandoned later, and past the limit within the same hour: left for the next hour's run.
      env.clock.advance(-181 * DAY + 60_000);
      const q = person(s, 'sweep-b', 'simulate');
      await q.start();
      env.clock.advance(181 * DAY);
      await runReminderSweep(s);
      expect(await s.repo.findPerson('simulate', 'sweep-b')).not.toBeNull();
      env.clock.advance(3_600_000);
      await runReminderSweep(s);
      expect(await s.repo.findPerson('simulate', 'sweep-b')).toBeNull();
      const purged = (await s.audit.list({ actor: 'system' })).filter((a) => a.action === 'privacy.purged');
      expect(purged.length).toBeGreaterThanOrEqual(5);
    }, 60_000);
  });
}

describePrivacy('SQLite', sqliteServices);
describe.runIf(pg.available)('on PostgreSQL', () => describePrivacy('PostgreSQL', postgresServices));

describe('deletePersonData', () => {
  it('returns null for an intake or a person that does not exist', async () => {
    const env = await sqliteServices();
    try {
      expect(await deletePersonData(env.services, { intakeId: 'in_missing' }, { kind: 'self' }, 'local')).toBeNull();
      expect(await deletePersonData(env.services, { personId: 'pe_missing' }, { kind: 'self' }, 'local')).toBeNull();
    } finally {
      await env.close();
    }
  });
});
