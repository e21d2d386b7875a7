import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_BATCH, REVIEW_BATCHES_PER_ROUND, runReminderSweep } from '../../src/app/run-reminder-sweep.js';
import { Dispatcher } from '../../src/scheduler/dispatcher.js';
import { fromTokyo } from '../../src/core/calendar/tokyo-time.js';
import type { IntakeServices } from '../../src/app/intake-services.js';
import { openDatabase } from '../../src/store/database.js';
import { PrismaReviewQueue } from '../../src/store/prisma-review-queue.js';
import { PrismaReminderRepository } from '../../src/store/prisma-reminder-repository.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';
import { person } from '../support/harness.js';
import { seedIntakes } from '../support/seed-intakes.js';
import { postgresForTests } from '../support/postgres.js';
import { postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';

const pg = await postgresForTests();

function describeReview(name: string, make: () => Promise<ServicesForTests>, separateConnections: boolean) {
  describe(`the sweep reviews only what is due (${name})`, () => {
    let env: ServicesForTests;
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0)) await c();
      await env.close();
    });
    const setClock = (y: number, mo: number, d: number, h: number, mi = 0) => {
      const target = fromTokyo(y, mo, d, h, mi).getTime();
      env.clock.advance(target - env.clock.now().getTime());
    };
    const round = async (s: IntakeServices = env.services) => {
      await runReminderSweep(s);
      return new Dispatcher(() => s, 'test').drain();
    };
    const stalled = async (status: 'pending' | 'sent' | 'cancelled') => (await env.services.reminders.list({ status, kinds: ['sme_stalled', 'sme_stalled_final'] }));
    const reviewAt = async (intakeId: string) => (await env.database.db.intake.findUniqueOrThrow({ where: { id: intakeId } })).nextReviewAt;

    it('a change of state between two sweeps: the nudge follows the new state, exactly once', async () => {
      env = await make();
      setClock(2026, 11, 20, 15); // Friday
      const sme = person(env.services, 'changes');
      await sme.start('ja');
      await sme.say('変わる工業');
      await round();
      const [first] = await stalled('pending');
      expect(first?.dueAt).toEqual(fromTokyo(2026, 11, 24, 15));
      const intakeId = first?.intakeId ?? '';
      // Reviewed: the intake is next looked at when its nudge falls due, not on every round.
      expect(await reviewAt(intakeId)).toEqual(first?.dueAt);
      expect((await runReminderSweep(env.services)).reviewed).toBe(0);

      // Active again on Tuesday morning, before the nudge went out: the turn's own write makes it due.
      setClock(2026, 11, 24, 10);
      await sme.say('大阪');
      expect((await reviewAt(intakeId))?.getTime()).toBeLessThanOrEqual(env.clock.now().getTime());
      const sweep = await runReminderSweep(env.services);
      expect(sweep).toMatchObject({ reviewed: 1, scheduled: 1, cancelled: 1 });
      expect((await env.services.reminders.get(first?.id ?? ''))?.status).toBe('cancelled');
      const [second] = await stalled('pending');
      expect(second?.payload.since).toBe(fromTokyo(2026, 11, 24, 10).toISOString());
      expect(second?.dueAt).toEqual(fromTokyo(2026, 11, 25, 10));

      // Rounds at the old nudge's time send nothing; at the new one's, exactly one.
      setClock(2026, 11, 24, 15, 1);
      expect((await round()).sent).toBe(0);
      env.clock.advance((second?.dueAt.getTime() ?? 0) - env.clock.now().getTime() + 1000);
      expect((await round()).sent).toBe(1);
      expect((await round()).sent).toBe(0);
      const sent = await stalled('sent');
      expect(sent.map((r) => r.idempotencyKey)).toEqual([second?.idempotencyKey]);
      // The sent nudge moved the series on: the next step is planned at once.
      const [third] = await stalled('pending');
      expect(third?.payload.step).toBe(1);

      // A second change (the company says stop) between sweeps: nothing more goes out, ever.
      await sme.say('通知停止');
      await round();
      expect(await stalled('pending')).toEqual([]);
      expect(await reviewAt(intakeId)).toBeNull();
      env.clock.advance(30 * 86_400_000);
      expect((await round()).sent).toBe(0);
      const p = await env.services.repo.findPerson('local', 'changes');
      const inbox = await env.services.inbox.list({ kind: 'person', personId: p?.id ?? '' });
      expect(inbox.filter((n) => n.kind === 'sme_stalled')).toHaveLength(1);
    });

    it('two replicas sweeping at once review each due intake once and plan each nudge once', async () => {
      env = await make();
      setClock(2026, 11, 24, 10);
      for (let i = 0; i < 250; i++) await person(env.services, `r${i}`).start('ja');
      let other: IntakeServices = env.services;
      if (separateConnections) {
        const database = await openDatabase(env.url);
        closers.push(() => database.close());
        other = {
          ...env.services,
          repo: new PrismaIntakeRepository(database.db),
          reminders: new PrismaReminderRepository(database.db, database.provider),
          reviews: new PrismaReviewQueue(database.db, database.provider),
        };
      }
      const [a, b] = await Promise.all([runReminderSweep(env.services), runReminderSweep(other)]);
      expect(a.reviewed + b.reviewed).toBe(250);
      expect(a.scheduled + b.scheduled).toBe(250);
      expect(await stalled('pending')).toHaveLength(250);
      expect((await runReminderSweep(env.services)).reviewed).toBe(0);
    });

    it('a row that changes while a sweep holds it stays due, and a replica that died leaves it due when the lease runs out', async () => {
      env = await make();
      setClock(2026, 11, 24, 10);
      const sme = person(env.services, 'held');
      await sme.start('ja');
      const intake = await env.services.repo.latestIntake((await env.services.repo.findPerson('local', 'held'))?.id ?? '');
      const q = env.services.reviews;
      const now = env.clock.now();
      const lease = new Date(now.getTime() + 60_000);
      const claim = await q.claim('intake', now, lease, 10);
      expect(claim.ids).toEqual([intake?.id]);
      // Held: another replica does not see it.
      expect((await q.claim('intake', now, new Date(now.getTime() + 60_000), 10)).ids).toEqual([]);
      // A turn lands meanwhile: the settle is refused and the row is due again.
      await sme.say('途中工業');
      expect(await q.settle('intake', intake?.id ?? '', lease, null)).toBe(false);
      expect((await runReminderSweep(env.services)).reviewed).toBe(1);

      // A replica that claims and dies: nothing is reviewed until its lease runs out, then all is.
      await sme.say('大阪');
      const dead = await q.claim('intake', env.clock.now(), new Date(env.clock.now().getTime() + 60_000), 10);
      expect(dead.ids).toHaveLength(1);
      expect((await runReminderSweep(env.services)).reviewed).toBe(0);
      env.clock.advance(61_000);
      expect((await runReminderSweep(env.services)).reviewed).toBe(1);
      expect(await stalled('pending')).toHaveLength(1);
    });

    it('a backlog (every row due after the upgrade) is reviewed over several rounds, each row once', { timeout: 120_000 }, async () => {
      env = await make();
      setClock(2026, 11, 24, 10);
      const perRound = REVIEW_BATCH * REVIEW_BATCHES_PER_ROUND;
      const now = env.clock.now();
      // As the migration backfills: due since the last activity.
      await seedIntakes(env.database.db, { intakes: perRound + 30, handoffs: 0, questionnaireVersion: env.services.questionnaires.latest.version, now, reviewAt: () => new Date(now.getTime() - 3_600_000) });
      expect((await runReminderSweep(env.services)).reviewed).toBe(perRound);
      expect((await runReminderSweep(env.services)).reviewed).toBe(30);
      expect((await runReminderSweep(env.services)).reviewed).toBe(0);
      expect(await stalled('pending')).toHaveLength(perRound + 30);
    });
  });
}

describeReview('SQLite', sqliteServices, false);
describe.runIf(pg.available)('on PostgreSQL', () => describeReview('PostgreSQL', postgresServices, true));
