import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Database, Provider } from '../../src/store/database.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { createTestDatabase, postgresForTests } from '../support/postgres.js';

const pg = await postgresForTests();

const prismaDir = fileURLToPath(new URL('../../prisma/', import.meta.url));

/** What is committed, read straight from disk (not through the code under test). */
function committedMigrations(provider: Provider): { name: string; checksum: string }[] {
  const dir = join(prismaDir, provider, 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      name,
      checksum: createHash('sha256').update(readFileSync(join(dir, name, 'migration.sql'))).digest('hex'),
    }));
}

async function ledger(database: Database): Promise<{ all: string[]; finished: { name: string; checksum: string }[] }> {
  const all: { migration_name: string }[] = await database.db.$queryRawUnsafe('SELECT migration_name FROM "_prisma_migrations"');
  const finished: { migration_name: string; checksum: string }[] = await database.db.$queryRawUnsafe(
    'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  return {
    all: all.map((r) => r.migration_name).sort(),
    finished: finished.map((r) => ({ name: r.migration_name, checksum: r.checksum })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

interface FreshDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** The same tests for both providers; `fresh` makes an empty database and disposes of it. */
function describeMigrate(provider: Provider, fresh: () => Promise<FreshDatabase>) {
  const withDatabases = async (count: number, fn: (dbs: Database[]) => Promise<void>) => {
    const target = await fresh();
    const opened: Database[] = [];
    try {
      for (let i = 0; i < count; i++) opened.push(await openDatabase(target.url));
      await fn(opened);
    } finally {
      for (const d of opened) await d.close();
      await target.dispose();
    }
  };

  describe(`migrate on ${provider}`, () => {
    it('has committed migrations to apply', () => {
      expect(committedMigrations(provider).length).toBeGreaterThan(0);
    });

    it('applies every migration once, records each in _prisma_migrations, and applies nothing the second time', async () => {
      await withDatabases(1, async ([database]) => {
        if (!database) throw new Error('no database');
        const committed = committedMigrations(provider);
        expect(await migrate(database)).toEqual(committed.map((m) => m.name));
        expect(await migrate(database)).toEqual([]);
        const rows = await ledger(database);
        expect(rows.all).toEqual(committed.map((m) => m.name));
        expect(rows.finished).toEqual(committed);
        // The schema is usable through the generated client.
        expect(await database.db.intake.count()).toBe(0);
        expect(await database.db.answerRecord.count()).toBe(0);
      });
    });

    it('refuses to go on when an applied migration was changed afterwards', async () => {
      await withDatabases(1, async ([database]) => {
        if (!database) throw new Error('no database');
        await migrate(database);
        await database.db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET checksum = 'edited'`);
        await expect(migrate(database)).rejects.toThrow();
      });
    });
  });
}

describeMigrate('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-migrate-'));
  return { url: `file:${join(dir, 'migrate.db')}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe.runIf(pg.available)('on PostgreSQL', () => {
  const freshPostgres = async (): Promise<FreshDatabase> => {
    const t = await createTestDatabase();
    return { url: t.url, dispose: () => t.drop() };
  };

  describeMigrate('postgresql', freshPostgres);

  it('two replicas migrating a fresh database at the same time both succeed, and each migration is applied once', async () => {
    const target = await freshPostgres();
    const replicas: Database[] = [];
    try {
      replicas.push(await openDatabase(target.url), await openDatabase(target.url));
      // allSettled: closing a client while its migration transaction is still running never
      // resolves (Prisma 6.19 with adapter-pg), so wait for both before reporting a failure.
      const settled = await Promise.allSettled(replicas.map((r) => migrate(r)));
      const results = settled.map((s) => {
        if (s.status === 'rejected') throw s.reason;
        return s.value;
      });
      const committed = committedMigrations('postgresql').map((m) => m.name);
      // One replica applied everything; the other waited and found nothing left to do.
      expect(results.flat().sort()).toEqual(committed);
      expect(results.map((r) => r.length).sort()).toEqual([0, committed.length]);
      const [first] = replicas;
      if (!first) throw new Error('no replica');
      expect((await ledger(first)).all).toEqual(committed);
    } finally {
      for (const r of replicas) await r.close();
      await target.dispose();
    }
  });
});
