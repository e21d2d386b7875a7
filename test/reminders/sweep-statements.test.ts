import { afterEach, describe, expect, it } from 'vitest';
import { runReminderSweep } from '../../src/app/run-reminder-sweep.js';
import { purgeAbandonedIntakes } from '../../src/app/purge-abandoned-intakes.js';
import { postgresForTests } from '../support/postgres.js';
import { seedIntakes } from '../support/seed-intakes.js';
import { postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';

const pg = await postgresForTests();

/**
 * Issue 13: the sweep used to read every intake and handoff and make several statements for
 * each, on every replica every few seconds. Idle rows must now cost nothing: the same few
 * statements whatever the size of the tables.
 */
function describeStatements(name: string, make: () => Promise<ServicesForTests>) {
  describe(`statements of a sweep with nothing due (${name})`, () => {
    const envs: ServicesForTests[] = [];
    afterEach(async () => {
      for (const e of envs.splice(0)) await e.close();
    });

    /** Statements of the hour's first sweep (it claims the retention purge) and of the next one. */
    const measure = async (intakes: number, handoffs: number) => {
      const env = await make();
      envs.push(env);
      const now = env.clock.now();
      await seedIntakes(env.database.db, {
        intakes,
        handoffs,
        questionnaireVersion: env.services.questionnaires.latest.version,
        now,
        // Idle: half wait for a nudge due tomorrow, half have nothing planned.
        reviewAt: (i) => (i % 2 === 0 ? new Date(now.getTime() + 86_400_000 + i) : null),
      });
      // The database's own statement count (store/database.ts), the one the per-turn budget uses too.
      const around = async (fn: () => Promise<unknown>) => {
        const before = env.database.statements();
        await fn();
        return env.database.statements() - before;
      };
      const first = await around(async () => expect((await runReminderSweep(env.services)).reviewed).toBe(0));
      const next = await around(async () => expect((await runReminderSweep(env.services)).reviewed).toBe(0));
      return { first, next };
    };

    it('is the same over 10,000 idle intakes and 2,000 handoffs as over 10 and 2', { timeout: 120_000 }, async () => {
      const small = await measure(10, 2);
      const large = await measure(10_000, 2_000);
      expect(large).toEqual(small);
      // The hour's purge: its slot in the ledger and one indexed read; then a claim per table.
      expect(small.first).toBe(4);
      expect(small.next).toBe(2);
    });

    it('the retention purge reads only the intakes past the cutoff, a batch at a time: as many statements beside 5,000 recent intakes as beside 10', { timeout: 120_000 }, async () => {
      const purge = async (recent: number) => {
        const env = await make();
        envs.push(env);
        const now = env.clock.now();
        const version = env.services.questionnaires.latest.version;
        const abandonedAt = new Date(now.getTime() - 200 * 86_400_000);
        await seedIntakes(env.database.db, { intakes: 130, handoffs: 0, questionnaireVersion: version, now, reviewAt: () => null, lastActivityAt: () => abandonedAt, prefix: 'old' });
        await seedIntakes(env.database.db, { intakes: recent, handoffs: 0, questionnaireVersion: version, now, reviewAt: () => null, prefix: 'new' });
        const before = env.database.statements();
        const result = await purgeAbandonedIntakes(env.services, 'local');
        expect(result.failed).toEqual([]);
        expect(result.purged).toHaveLength(130);
        expect(await env.database.db.intake.count()).toBe(recent);
        return env.database.statements() - before;
      };
      expect(await purge(5_000)).toBe(await purge(10));
    });
  });
}

describeStatements('SQLite', sqliteServices);
describe.runIf(pg.available)('on PostgreSQL', () => describeStatements('PostgreSQL', postgresServices));
