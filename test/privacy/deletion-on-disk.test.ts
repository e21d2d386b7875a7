import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestDeletion } from '../../src/app/delete-person-data.js';
import { purgeAbandonedIntakes } from '../../src/app/purge-abandoned-intakes.js';
import { principalOf } from '../../src/app/access.js';
import type { Principal } from '../../src/core/access/principal.js';
import { openDatabase, sqlitePath } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
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
 * What `strings` on the files would show: each token searched for byte for byte (UTF-8, as
 * SQLite stores text), in free pages, the unused space of live pages and old WAL frames alike.
 * Returns `file: token` for every hit.
 */
function tokensOnDisk(files: string[], tokens: string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    for (const token of tokens) if (bytes.indexOf(Buffer.from(token, 'utf8')) >= 0) hits.push(`${file.split('/').pop()}: ${token}`);
  }
  return hits;
}

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
    expect(statSync(`${sqlitePath(env.url)}-wal`).size).toBe(0);
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
    expect(statSync(`${sqlitePath(env.url)}-wal`).size).toBe(0);
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

/**
 * PostgreSQL's files belong to the server (and may be on another host), so the test reads what
 * the server says about them: after a deletion every table it touched has been vacuumed and
 * holds no dead tuple, i.e. no version of the deleted rows that a page could still carry as a
 * row. What VACUUM does not promise (bytes in page gaps and index pages, the WAL) is in README.
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
    const stats = await env.database.db.$queryRawUnsafe<{ table: string; dead: bigint | number; vacuumed: Date | null }[]>(
      'SELECT relname::text AS "table", n_dead_tup AS dead, last_vacuum AS vacuumed FROM pg_stat_user_tables WHERE schemaname = current_schema()',
    );
    const touched = ['Person', 'Intake', 'AnswerRecord', 'Assessment', 'Handoff', 'HandoffEvent', 'Notification', 'Reminder', 'ChannelMessage', 'ProcessedEvent', 'AuditEntry'];
    for (const table of touched) {
      const row = stats.find((r) => r.table === table);
      expect(row, table).toBeDefined();
      expect(Number(row?.dead), table).toBe(0);
      expect(row?.vacuumed?.getTime() ?? 0, table).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    }
  }, 120_000);
});
