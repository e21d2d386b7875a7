import { fork } from 'node:child_process';
import pg from 'pg';
import { join } from 'node:path';
import { projectRoot } from '../src/config.js';
import { loadRemindersConfig } from '../src/config/load-reminders.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { createBenchDatabase } from './support/postgres.js';
import { benchScript, loaderArgs } from './support/compiled.js';
import type { ReplicaReport } from './dispatch-replica.js';

export interface DispatchFigures {
  reminders: number;
  replicas: number;
  seconds: number;
  perSecond: number;
  /** Reminders delivered more than once (summed over replicas). */
  duplicates: number;
  /** Reminders never delivered. */
  missing: number;
  sentRows: number;
  /** The bare lease loop on the same number of rows (see bareLeaseLoop). */
  baseline: { seconds: number; perSecond: number };
  perReplica: { owner: string; sent: number; seconds: number; timings: Record<string, { calls: number; ms: number }> }[];
}

const pms = ['pm-hokkaido', 'pm-tohoku', 'pm-kanto', 'pm-chubu', 'pm-kinki', 'pm-chugoku', 'pm-shikoku', 'pm-kyushu', 'pm-okinawa'];
/**
 * Most due reminders in a morning are nudges to companies (one or two each); the rest go to
 * the few PMs and offices, many to each.
 */
const recipientOf = (i: number): string =>
  i % 10 < 8 ? `person:pe_bench${String(i % 5_000).padStart(5, '0')}` : i % 10 === 8 ? `pm:${pms[i % pms.length] ?? 'pm-kanto'}` : `office:${(pms[i % pms.length] ?? 'pm-kanto').slice(3)}`;

/** Seeds `count` due reminders for many recipients, as a morning's nudges would be. */
async function seed(url: string, count: number): Promise<void> {
  const database = await openDatabase(url);
  try {
    await migrate(database);
    const now = new Date();
    const kinds = ['sme_stalled', 'handoff_unclaimed', 'handoff_followup', 'staff'] as const;
    const rows = Array.from({ length: count }, (_, i) => ({
      id: `rm_bench${String(i).padStart(7, '0')}`,
      kind: kinds[i % kinds.length] ?? 'staff',
      recipient: recipientOf(i),
      dueAt: new Date(now.getTime() - 60_000 - i),
      status: 'pending',
      idempotencyKey: `bench:${i}`,
      payload: { key: 'reminders.staff', params: { from: 'bench', message: 'm', n: String(i) } },
      createdAt: now,
      updatedAt: now,
    }));
    for (let i = 0; i < rows.length; i += 1_000) await database.db.reminder.createMany({ data: rows.slice(i, i + 1_000) });
  } finally {
    await database.close();
  }
}

async function sentRows(url: string): Promise<number> {
  const database = await openDatabase(url);
  try {
    return await database.db.reminder.count({ where: { status: 'sent' } });
  } finally {
    await database.close();
  }
}

/**
 * The baseline: the lease pattern alone, on the same seeded rows, with the pg driver and no
 * ORM, no inbox record and no platform: `replicas` connections each claim a batch with
 * `FOR UPDATE SKIP LOCKED` and mark it sent in one statement, until nothing is due. What the
 * database does for the lease itself, which every dispatcher pays.
 */
export async function bareLeaseLoop(url: string, replicas: number, batch: number): Promise<{ seconds: number; sent: number }> {
  const clients = await Promise.all(
    Array.from({ length: replicas }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  try {
    const started = performance.now();
    const counts = await Promise.all(
      clients.map(async (c, i) => {
        let sent = 0;
        for (;;) {
          const now = new Date();
          const claimed = await c.query<{ id: string }>(
            `UPDATE "Reminder" SET "status" = 'sending', "leaseOwner" = $1, "leaseUntil" = $2, "attempts" = "attempts" + 1, "updatedAt" = $3
             WHERE "id" IN (SELECT "id" FROM "Reminder" WHERE ("status" = 'pending' AND "dueAt" <= $3) OR ("status" = 'sending' AND "leaseUntil" < $3)
               ORDER BY "dueAt" LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING "id"`,
            [`bare-${i}`, new Date(now.getTime() + 60_000), now, batch],
          );
          if (claimed.rows.length === 0) return sent;
          const done = await c.query(`UPDATE "Reminder" SET "status" = 'sent', "sentAt" = $2, "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "id" = ANY($1) AND "leaseOwner" = $3`, [
            claimed.rows.map((r) => r.id),
            new Date(),
            `bare-${i}`,
          ]);
          sent += done.rowCount ?? 0;
        }
      }),
    );
    return { seconds: (performance.now() - started) / 1000, sent: counts.reduce((a, b) => a + b, 0) };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** `count` due reminders, `replicas` dispatcher processes on one PostgreSQL database. */
export async function benchDispatch(count = 10_000, replicas = 2): Promise<DispatchFigures> {
  const bare = await createBenchDatabase();
  let baseline: { seconds: number; perSecond: number };
  try {
    await seed(bare.url, count);
    // The same batch size as the dispatcher claims.
    const { batchSize } = loadRemindersConfig(join(projectRoot, 'config', 'reminders.json')).dispatcher;
    const r = await bareLeaseLoop(bare.url, replicas, batchSize);
    if (r.sent !== count) throw new Error(`the bare lease loop sent ${r.sent} of ${count}`);
    baseline = { seconds: r.seconds, perSecond: count / r.seconds };
  } finally {
    await bare.drop();
  }
  const db = await createBenchDatabase();
  try {
    await seed(db.url, count);
    const script = benchScript('dispatch-replica.ts');
    const children = Array.from({ length: replicas }, (_, i) =>
      fork(script, [], {
        execArgv: [...loaderArgs(script), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
        env: { ...process.env, BENCH_DATABASE_URL: db.url, BENCH_REPLICA: `replica-${String.fromCharCode(97 + i)}` },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    await Promise.all(children.map((c) => new Promise<void>((resolve, reject) => {
      c.once('message', () => resolve());
      c.once('exit', (code) => reject(new Error(`dispatcher replica exited with ${code} before it was ready`)));
    })));
    const reports = children.map((c) => new Promise<ReplicaReport>((resolve, reject) => {
      c.once('message', (m) => resolve(m as ReplicaReport));
      c.once('exit', (code) => reject(new Error(`dispatcher replica exited with ${code}`)));
    }));
    const started = performance.now();
    for (const c of children) c.send('go');
    const done = await Promise.all(reports);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    const deliveries = new Map<string, number>();
    for (const r of done) for (const [n, k] of r.received) deliveries.set(n, (deliveries.get(n) ?? 0) + k);
    let duplicates = 0;
    for (const k of deliveries.values()) if (k > 1) duplicates += 1;
    return {
      reminders: count,
      replicas,
      seconds,
      perSecond: count / seconds,
      duplicates,
      missing: count - deliveries.size,
      sentRows: await sentRows(db.url),
      baseline,
      perReplica: done.map((r) => ({ owner: r.owner, sent: r.sent, seconds: r.ms / 1000, timings: r.timings })),
    };
  } finally {
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchDispatch(Number(process.env.BENCH_REMINDERS ?? 10_000), Number(process.env.BENCH_REPLICAS ?? 2));
  console.log(JSON.stringify(figures, null, 2));
}
