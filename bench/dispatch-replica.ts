import { composeApp } from '../src/main.js';
import { silentLogger } from '../src/ports/logger.js';
import { Dispatcher } from '../src/scheduler/dispatcher.js';
import type { Notice, Recipient } from '../src/ports/inbox.js';
import type { Messenger } from '../src/ports/messenger.js';

/**
 * One dispatcher replica in its own process, as replicas run in production: its own
 * database pool and event loop. It counts what reaches its platform stand-in per reminder
 * and reports the counts, so the parent can add up deliveries across replicas.
 */

class CountingMessenger implements Messenger {
  readonly channel = 'slack' as const;
  readonly received = new Map<string, number>();
  async deliver(_recipient: Recipient, notice: Notice): Promise<boolean> {
    const n = String(notice.params.n);
    this.received.set(n, (this.received.get(n) ?? 0) + 1);
    return true;
  }
  async showHandoff(): Promise<void> {}
  async showHandoffDeleted(): Promise<void> {}
}

export interface ReplicaReport {
  owner: string;
  claimed: number;
  sent: number;
  ms: number;
  received: [string, number][];
  timings: Record<string, { calls: number; ms: number }>;
}

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl || !process.send) throw new Error('run by bench/dispatch.ts');
const app = await composeApp({ env: { ...process.env, DATABASE_URL: databaseUrl }, logger: silentLogger });
const timings: Record<string, { calls: number; ms: number }> = {};
/** Times every call of the store's methods the dispatcher makes: where a round's wall time goes. */
function timed<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        } finally {
          const t = (timings[`${name}.${String(prop)}`] ??= { calls: 0, ms: 0 });
          t.calls += 1;
          t.ms += performance.now() - started;
        }
      };
    },
  });
}
app.deps.reminders = timed('reminders', app.deps.reminders);
app.deps.inbox = timed('inbox', app.deps.inbox);
const messenger = new CountingMessenger();
app.deps.messengers = [messenger];
const owner = process.env.BENCH_REPLICA ?? `replica-${process.pid}`;
const dispatcher = new Dispatcher(() => app.deps, owner);
// A warm-up query, so the first timed claim does not pay for the pool's first connection.
await app.database.db.$queryRawUnsafe('SELECT 1');
process.send({ ready: true });
process.once('message', async () => {
  const started = performance.now();
  const r = await dispatcher.drain();
  const ms = performance.now() - started;
  const report: ReplicaReport = { owner, claimed: r.claimed, sent: r.sent, ms, received: [...messenger.received], timings };
  process.send?.(report, () => {
    void app.close().then(() => process.exit(0));
  });
});
