import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Provider } from './database.js';

const migrationsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(provider: Provider): Migration[] {
  const dir = join(migrationsRoot, provider, 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const ledger: Record<Provider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};

/**
 * Applies the committed Prisma migrations without the Prisma CLI (whose engines cannot be
 * downloaded here, and which would add seconds to every start). It keeps Prisma's own
 * `_prisma_migrations` ledger, so `prisma migrate status` agrees with it. Everything runs in
 * one transaction; on PostgreSQL an advisory lock makes replicas starting together wait
 * for each other instead of racing.
 */
export async function migrate(database: Database): Promise<string[]> {
  const applied = await applyMigrations(database);
  if (database.provider === 'sqlite') await scrubFreeSpaceOnce(database);
  return applied;
}

/**
 * `PRAGMA user_version` (which Prisma leaves at 0) records that the file has been rewritten
 * since every connection runs with `secure_delete`.
 */
const SCRUBBED_USER_VERSION = 1;

/**
 * A database written before `secure_delete` was on keeps deleted rows (earlier privacy
 * deletions, every replaced answer state) in its free space, which the pragma does not go back
 * over. VACUUM once rewrites the file from its live rows only; later deletions are zeroed as
 * they happen. On a new file it is instant; on an office's database a few hundred milliseconds,
 * once, at start-up before anything is served.
 */
async function scrubFreeSpaceOnce(database: Database): Promise<void> {
  const [row] = await database.db.$queryRawUnsafe<{ user_version: number | bigint }[]>('PRAGMA user_version');
  if (Number(row?.user_version ?? 0) >= SCRUBBED_USER_VERSION) return;
  await database.db.$executeRawUnsafe('VACUUM');
  await database.db.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  await database.db.$executeRawUnsafe(`PRAGMA user_version = ${SCRUBBED_USER_VERSION}`);
}

async function applyMigrations(database: Database): Promise<string[]> {
  const { db, provider } = database;
  const migrations = listMigrations(provider);
  return db.$transaction(
    async (tx) => {
      // $executeRaw: adapter-pg 6.19 cannot read the `void` column this function returns.
      if (provider === 'postgresql') await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7241150)');
      await tx.$executeRawUnsafe(ledger[provider]);
      const rows: { migration_name: string; checksum: string }[] = await tx.$queryRawUnsafe(
        'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      const done: string[] = [];
      for (const m of migrations) {
        const seen = applied.get(m.name);
        if (seen !== undefined) {
          if (seen !== m.checksum)
            throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
          continue;
        }
        const statements = splitStatements(m.sql);
        for (const statement of statements) await tx.$executeRawUnsafe(statement);
        const p = provider === 'postgresql' ? ['$1', '$2', '$3', '$4'] : ['?', '?', '?', '?'];
        await tx.$executeRawUnsafe(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (${p[0]}, ${p[1]}, CURRENT_TIMESTAMP, ${p[2]}, ${p[3]})`,
          randomUUID(),
          m.checksum,
          m.name,
          statements.length,
        );
        done.push(m.name);
      }
      return done;
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
}

/** Prisma's generated SQL ends every statement with ";" at a line end and has no procedural bodies. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
