import { afterAll, describe, expect, it } from 'vitest';
import { Dispatcher, occurrenceId } from '../../src/scheduler/dispatcher.js';
import { deliverOnce } from '../../src/app/notify.js';
import type { IntakeServices } from '../../src/app/intake-services.js';
import type { Notice, Recipient } from '../../src/ports/inbox.js';
import type { Messenger } from '../../src/ports/messenger.js';
import { openDatabase } from '../../src/store/database.js';
import { PrismaReminderRepository } from '../../src/store/prisma-reminder-repository.js';
import { PrismaInbox } from '../../src/store/prisma-inbox.js';
import { postgresForTests } from '../support/postgres.js';
import { postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';

const pg = await postgresForTests();

/** A chat platform stand-in that counts what it receives, and fails on demand. */
class CountingMessenger implements Messenger {
  readonly channel = 'slack' as const;
  readonly received = new Map<string, number>();
  failuresLeft = new Map<string, number>();
  alwaysFail = new Set<string>();
  async deliver(_recipient: Recipient, notice: Notice): Promise<boolean> {
    const n = String(notice.params.n);
    if (this.alwaysFail.has(n)) throw Object.assign(new Error('down'), { code: 'http_502' });
    const left = this.failuresLeft.get(n) ?? 0;
    if (left > 0) {
      this.failuresLeft.set(n, left - 1);
      throw Object.assign(new Error('busy'), { code: 'ratelimited' });
    }
    this.received.set(n, (this.received.get(n) ?? 0) + 1);
    return true;
  }
  async showHandoff(): Promise<void> {}
  async showHandoffDeleted(): Promise<void> {}
}

async function seed(env: ServicesForTests, count: number, prefix: string): Promise<void> {
  const now = env.clock.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `rm_${prefix}${String(i).padStart(6, '0')}`,
    kind: 'staff',
    recipient: 'pm:pm-kanto',
    dueAt: new Date(now.getTime() - 1000 - i),
    status: 'pending',
    idempotencyKey: `test:${prefix}:${i}`,
    payload: { key: 'reminders.staff', params: { from: 'test', message: 'm', n: `${prefix}${i}` } },
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 1000) await env.database.db.reminder.createMany({ data: rows.slice(i, i + 1000) });
}

/** A second replica: its own database connection, sharing the same platform. */
async function replica(env: ServicesForTests, url: string, messenger: Messenger): Promise<{ services: IntakeServices; close(): Promise<void> }> {
  const database = await openDatabase(url);
  const services: IntakeServices = {
    ...env.services,
    reminders: new PrismaReminderRepository(database.db, database.provider),
    inbox: new PrismaInbox(database.db, database.provider),
    messengers: [messenger],
  };
  return { services, close: () => database.close() };
}

/**
 * On PostgreSQL each replica has its own connection. SQLite is the single-instance store:
 * better-sqlite3 blocks the event loop while it waits for a lock, so two connections in one
 * process would wait on each other; there the two dispatchers share one connection.
 */
function describeDispatch(name: string, make: () => Promise<ServicesForTests>, separateConnections: boolean, volume: number) {
  describe(`reminder dispatch (${name})`, () => {
    const envs: ServicesForTests[] = [];
    afterAll(async () => {
      for (const e of envs) await e.close();
    });
    const setup = async () => {
      const env = await make();
      envs.push(env);
      const messenger = new CountingMessenger();
      env.services.messengers = [messenger];
      return { env, messenger };
    };

    it(`two replicas send ${volume} due reminders with zero duplicates and none lost`, async () => {
      const { env, messenger } = await setup();
      await seed(env, volume, 'v');
      const other = separateConnections ? await replica(env, env.url, messenger) : { services: env.services, close: async () => undefined };
      try {
        const a = new Dispatcher(() => env.services, 'replica-a');
        const b = new Dispatcher(() => other.services, 'replica-b');
        const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
        expect(ra.sent + rb.sent).toBe(volume);
        expect(ra.sent).toBeGreaterThan(0);
        expect(rb.sent).toBeGreaterThan(0);
        expect(messenger.received.size).toBe(volume);
        expect([...messenger.received.values()].every((n) => n === 1)).toBe(true);
        expect(await env.database.db.reminder.count({ where: { status: 'sent' } })).toBe(volume);
      } finally {
        await other.close();
      }
    }, 600_000);

    it("sends a dead replica's claimed reminders once its lease has expired", async () => {
      const { env, messenger } = await setup();
      await seed(env, 30, 'lease');
      const now = env.clock.now();
      const dead = await env.services.reminders.claimDue('dead-replica', now, new Date(now.getTime() + 60_000), 100);
      expect(dead).toHaveLength(30);
      const alive = new Dispatcher(() => env.services, 'alive');
      expect((await alive.drain()).sent).toBe(0);
      env.clock.advance(61_000);
      expect((await alive.drain()).sent).toBe(30);
      expect(messenger.received.size).toBe(30);
      // The dead replica's late "sent" changes nothing: it no longer holds the lease.
      expect(await env.services.reminders.markSent(dead[0]?.id ?? '', 'dead-replica', env.clock.now())).toBe(false);
    });

    it('retries a channel that fails twice and delivers once; a channel that always fails ends dead and visible', async () => {
      const { env, messenger } = await setup();
      await seed(env, 2, 'flaky');
      messenger.failuresLeft.set('flaky0', 2);
      messenger.alwaysFail.add('flaky1');
      const d = new Dispatcher(() => env.services, 'solo');
      for (let round = 0; round < 8; round++) {
        await d.drain();
        env.clock.advance(3_600_000);
      }
      expect(messenger.received.get('flaky0')).toBe(1);
      const failed = await env.services.reminders.list({ status: 'failed' });
      expect(failed.map((r) => r.idempotencyKey)).toEqual(['test:flaky:1']);
      expect(failed[0]).toMatchObject({ attempts: env.services.remindersConfig.dispatcher.maxAttempts, lastError: 'http_502' });
      const sent = await env.services.reminders.list({ status: 'sent' });
      expect(sent.find((r) => r.idempotencyKey === 'test:flaky:0')?.attempts).toBe(3);
    });

    it('never delivers an occurrence twice, even when it is claimed again after it went out', async () => {
      const { env, messenger } = await setup();
      await seed(env, 1, 'once');
      const now = env.clock.now();
      const [r] = await env.services.reminders.claimDue('crashy', now, new Date(now.getTime() + 1000), 10);
      if (!r) throw new Error('nothing claimed');
      // The replica delivered, then died before recording the reminder as sent.
      await deliverOnce(env.services, { kind: 'pm', pmId: 'pm-kanto' }, { kind: r.kind, key: r.payload.key, params: r.payload.params }, occurrenceId(r.idempotencyKey));
      expect(messenger.received.get('once0')).toBe(1);
      env.clock.advance(5_000);
      expect((await new Dispatcher(() => env.services, 'next').drain()).sent).toBe(1);
      expect(messenger.received.get('once0')).toBe(1);
    });
  });
}

describeDispatch('SQLite', sqliteServices, false, 1_000);
describe.runIf(pg.available)('on PostgreSQL', () => describeDispatch('PostgreSQL', postgresServices, true, 10_000));
