import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A throw-away PostgreSQL database for one bench run. Copied in small from the tests'
 * helper, which imports vitest and so cannot be loaded outside the test runner.
 */
export const adminUrl = (): string => process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `renkei_bench_${randomBytes(6).toString('hex')}`;
  // Hex only, so quoting it as an identifier is safe.
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(async (c) => {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      }),
  };
}

export async function postgresVersion(): Promise<string | null> {
  try {
    return await withAdmin(async (c) => {
      const r = await c.query<{ server_version: string }>('SHOW server_version');
      return r.rows[0]?.server_version ?? null;
    });
  } catch {
    return null;
  }
}
