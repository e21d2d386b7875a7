import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestDeletion } from '../../src/app/delete-person-data.js';
import { purgeAbandonedIntakes } from '../../src/app/purge-abandoned-intakes.js';
import { principalOf } from '../../src/app/access.js';
import type { Principal } from '../../src/core/access/principal.js';
import { openDatabase, sqlitePath } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { PrismaPrivacyStore } from '../../src/store/prisma-privacy-store.js';
import { runCli } from '../support/cli-process.js';
import { person } from '../support/harness.js';
import { postgresForTests } from '../support/postgres.js';
import { postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';
import { seedCompany, type SeededCompany } from './privacy-support.js';

const DAY = 86_400_000;
const pg = await postgresForTests();

/** Every file a SQLite database is made of, whether or not it exists right now. */
const sqliteFiles = (db: string) => [db, `${db}-wal`, `${db}-shm`, `${db}-journal`];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

/**
 * Reads the files and searches them in a child process. Not in this one: closing any
 * descriptor of a file drops every POSIX lock the process holds on it, so reading the -shm or
 * the database here would silently take SQLite's locks from this process's open connection
 * (another process then believes it is the last one and removes the -shm under it).
 */
const SCANNER = `
const { readFileSync, statSync, existsSync } = require('node:fs');
const { files, tokens } = JSON.parse(readFileSync(0, 'utf8'));
const hits = [];
for (const file of files) {
  if (!existsSync(file) || !statSync(file).isFile()) continue;
  const bytes = readFileSync(file);
  for (const token of tokens) if (bytes.indexOf(Buffer.from(token, 'utf8')) >= 0) hits.push(file.split('/').pop() + ': ' + token);
}
process.stdout.write(JSON.stringify(hits));
`;

/**
 * What `strings` on the files would show: each token searched for byte for byte (UTF-8, as
 * SQLite stores text), in free pages, the unused space of live pages and old WAL frames alike.
 * Returns `file: token` for every hit.
 */
function tokensOnDisk(files: string[], tokens: string[]): string[] {
  const out = execFileSync(process.execPath, ['-e', SCANNER], { input: JSON.stringify({ files, tokens }) });
  return JSON.parse(out.toString('utf8')) as string[];
}

/** The size of a file, read in a child process for the reason above. */
const sizeOf = (file: string): number => Number(execFileSync(process.execPath, ['-e', `process.stdout.write(String(require('node:fs').statSync(${JSON.stringify(file)}).size))`]).toString());

describe('a deletion leaves nothing of the person readable on disk (SQLite)', () => {
  let env: ServicesForTests;
  let admin: Principal;
  let control: SeededCompany;
  let files: () => string[];
  beforeAll(async () => {
    env = await sqliteServices();
    admin = await principalOf(env.services, { channel: 'local', externalId: 'admin' });
    const db = sqlitePath(env.url);
    // The database's folder holds the db, -wal, -shm (and a -journal if one appeared); the plan archive is data too.
    files = () => [...new Set([...sqliteFiles(db), ...filesUnder(dirname(db)), ...filesUnder(env.plansDir)])];
    control = await seedCompany(env, 'CTRL');
  }, 120_000);
  afterAll(() => env.close());

  it('privacy delete: 0 of the person`s tokens in the db, -wal, -shm and the plan files', async () => {
    const gone = await seedCompany(env, 'GONE');
    // The scan must see the data where it is before it can prove that it is gone.
    expect(tokensOnDisk(files(), gone.all).length).toBeGreaterThanOrEqual(gone.all.length);
    const result = await requestDeletion(env.services, admin, { personId: gone.personId }, 'local');
    expect(result).toMatchObject({ ok: true });
    expect(tokensOnDisk(files(), [...gone.all, 'GONE'])).toEqual([]);
    // The scan reads real bytes: the other company is still all there.
    expect(tokensOnDisk(files(), control.all).map((h) => h.split(': ')[1])).toEqual(expect.arrayContaining(control.all));
    // The WAL was checkpointed and truncated: no old frame can hold a page as it was before.
    expect(sizeOf(`${sqlitePath(env.url)}-wal`)).toBe(0);
  }, 120_000);

  it('"delete my data" in the chat and `renkei privacy delete` (the real binary) leave no byte either', async () => {
    const chat = await seedCompany(env, 'CHAT');
    const sme = person(env.services, chat.markers.externalId, 'simulate');
    expect((await sme.say('データ削除')).prompt?.key).toBe('confirm.delete');
    expect((await sme.say('はい')).reply.outbound).toEqual([{ kind: 'notice', key: 'notice.deleted' }]);
    expect(tokensOnDisk(files(), [...chat.all, 'CHAT'])).toEqual([]);

    const cli = await seedCompany(env, 'BINA');
    expect(tokensOnDisk(files(), cli.all)).not.toEqual([]);
    const run = await runCli(['privacy', 'delete', '--person', cli.personId, '--as', 'admin'], { DATABASE_URL: env.url, RENKEI_PLANS_DIR: env.plansDir });
    expect(run.code).toBe(0);
    // The CLI's log lines (stderr) name ids and counts, never the person.
    for (const token of [...cli.all.filter((t) => t !== cli.personId), 'BINA']) expect(run.stderr).not.toContain(token);
    expect(tokensOnDisk(files(), [...cli.all, 'BINA'])).toEqual([]);
    expect(tokensOnDisk(files(), control.all).map((h) => h.split(': ')[1])).toEqual(expect.arrayContaining(control.all));
  }, 120_000);

  it('a reader holding the WAL: the deletion stands, the scrub says it is incomplete, and the next one finishes it', async () => {
    const held = await seedCompany(env, 'HELD');
    const reader = await openDatabase(env.url);
    const warnings: string[] = [];
    const log = env.services.log;
    env.services.log = { ...log, warn: (m) => warnings.push(m) };
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reading = () => undefined as void;
    const inRead = new Promise<void>((resolve) => (reading = resolve));
    // Another connection in the middle of a read: a TRUNCATE checkpoint has to wait for it.
    const holding = reader.db.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe('SELECT count(*) AS n FROM "Intake"');
        reading();
        await released;
      },
      { timeout: 60_000 },
    );
    try {
      await inRead;
      const short = await openDatabase(env.url, { busyTimeoutMs: 200 });
      try {
        env.services.privacy = new PrismaPrivacyStore(short.db, 'sqlite');
        expect(await requestDeletion(env.services, admin, { personId: held.personId }, 'local')).toMatchObject({ ok: true });
      } finally {
        await short.close();
      }
      expect(warnings).toEqual([expect.stringContaining('not yet scrubbed')]);
      expect(await env.services.repo.getPerson(held.personId)).toBeNull();
      release();
      await holding;
      env.services.privacy = new PrismaPrivacyStore(env.database.db, 'sqlite');
      expect(await env.services.privacy.scrub()).toEqual({ complete: true, step: 'wal_checkpoint(TRUNCATE)' });
      expect(tokensOnDisk(files(), [...held.all, 'HELD'])).toEqual([]);
    } finally {
      release();
      await holding.catch(() => undefined);
      env.services.log = log;
      env.services.privacy = new PrismaPrivacyStore(env.database.db, 'sqlite');
      await reader.close();
    }
  }, 120_000);

  it('retention purge: an abandoned intake leaves no byte behind either', async () => {
    const s = env.services;
    const abandoned = person(s, 'QRETQ-user', 'simulate');
    await abandoned.start();
    const tokens = ['株式会社QRETQ放置製作所'];
    await abandoned.say(tokens[0] ?? '');
    const owner = await s.repo.findPerson('simulate', 'QRETQ-user');
    if (!owner) throw new Error('the abandoned intake has no person');
    const [intake] = await s.repo.listIntakes({ personId: owner.id });
    expect(tokensOnDisk(files(), tokens)).not.toEqual([]);
    env.clock.advance(181 * DAY);
    const result = await purgeAbandonedIntakes(s, 'local');
    expect(result.failed).toEqual([]);
    expect(result.purged).toContain(intake?.id);
    expect(tokensOnDisk(files(), [...tokens, 'QRETQ'])).toEqual([]);
    expect(sizeOf(`${sqlitePath(env.url)}-wal`)).toBe(0);
  }, 120_000);
});

describe('a database written before secure_delete (SQLite)', () => {
  it('is rewritten once at start-up, so rows deleted back then are not in its free space any more', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renkei-legacy-'));
    const file = join(dir, 'legacy.db');
    try {
      const old = await openDatabase(`file:${file}`);
      await migrate(old);
      // As an older version left it: never rewritten, and a row deleted without zeroing.
      await old.db.$executeRawUnsafe('PRAGMA user_version = 0');
      await old.db.$executeRawUnsafe('PRAGMA secure_delete = OFF');
      await old.db.$executeRawUnsafe(`INSERT INTO "ProcessedEvent" (id, source, "createdAt") VALUES ('teams:QLEGQ-deleted-long-ago', 'teams', 0)`);
      await old.db.$executeRawUnsafe(`DELETE FROM "ProcessedEvent" WHERE id = 'teams:QLEGQ-deleted-long-ago'`);
      await old.db.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
      await old.close();
      expect(tokensOnDisk(sqliteFiles(file), ['QLEGQ'])).toEqual(['legacy.db: QLEGQ']);

      const upgraded = await openDatabase(`file:${file}`);
      await migrate(upgraded);
      expect(tokensOnDisk(sqliteFiles(file), ['QLEGQ'])).toEqual([]);
      expect(await upgraded.db.$queryRawUnsafe('PRAGMA secure_delete')).toEqual([{ secure_delete: 1n }]);
      await upgraded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

type VacuumStats = { table: string; dead: bigint | number; vacuumed: Date | null }[];

/**
 * When each table was last vacuumed (the statistics), and its dead tuples counted by reading
 * its pages (pgstattuple): the statistics' own dead-tuple count is flushed by backends up to a
 * second late and can be raised again after a VACUUM by a DELETE reported afterwards.
 */
async function vacuumStats(env: ServicesForTests): Promise<VacuumStats> {
  await env.database.db.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pgstattuple');
  return env.database.db.$queryRawUnsafe<VacuumStats>(
    `SELECT s.relname::text AS "table", (pgstattuple(s.relid)).dead_tuple_count AS dead, s.last_vacuum AS vacuumed
       FROM pg_stat_user_tables s WHERE s.schemaname = current_schema()`,
  );
}

/** Every table a deletion touches was vacuumed since `before` (server clock; a second of slack) and has no dead tuple. */
function expectVacuumedSince(stats: VacuumStats, before: Date): void {
  const touched = ['Person', 'Intake', 'AnswerRecord', 'Assessment', 'Handoff', 'HandoffEvent', 'Notification', 'Reminder', 'ChannelMessage', 'ProcessedEvent', 'AuditEntry'];
  for (const table of touched) {
    const row = stats.find((r) => r.table === table);
    expect(row, table).toBeDefined();
    expect(Number(row?.dead), table).toBe(0);
    expect(row?.vacuumed?.getTime() ?? 0, table).toBeGreaterThanOrEqual(before.getTime() - 1_000);
  }
}

/**
 * PostgreSQL's files belong to the server (and may be on another host), so the test asks the
 * server about them: after a deletion every table it touched has been vacuumed and its pages
 * hold no dead tuple, i.e. no version of the deleted rows that a page still carries as a row. What VACUUM does not promise (bytes in page gaps and index pages, the WAL) is in README.
 */
describe.runIf(pg.available)('a deletion vacuums the tables it touched (PostgreSQL)', () => {
  let env: ServicesForTests;
  beforeAll(async () => {
    env = await postgresServices();
  }, 60_000);
  afterAll(() => env.close());

  it('privacy delete: VACUUM ran on every affected table and no dead tuple is left', async () => {
    const admin = await principalOf(env.services, { channel: 'local', externalId: 'admin' });
    const gone = await seedCompany(env, 'PGVQ');
    const before = new Date();
    expect(await requestDeletion(env.services, admin, { personId: gone.personId }, 'local')).toMatchObject({ ok: true });
    const stats = await vacuumStats(env);
    expectVacuumedSince(stats, before);
  }, 120_000);

  it('retention purge: one VACUUM after the purge', async () => {
    const s = env.services;
    const abandoned = person(s, 'pg-abandoned', 'simulate');
    await abandoned.start();
    await abandoned.say('株式会社放置PG');
    env.clock.advance(181 * DAY);
    const before = new Date();
    const result = await purgeAbandonedIntakes(s, 'local');
    expect(result.purged.length).toBeGreaterThan(0);
    expectVacuumedSince(await vacuumStats(env), before);
  }, 120_000);
});
