import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creating and dropping throw-away PostgreSQL databases, without vitest, so the bench
 * (which runs outside the test runner) uses the same code as the tests.
 */

const defaultAdminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The maintenance database tests connect to in order to create and drop their own. */
export const adminUrl = (): string => process.env.TEST_POSTGRES_URL || defaultAdminUrl;

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Ends every remaining connection to it and drops it; safe to call twice. */
  drop(): Promise<void>;
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates `<prefix><random>` on the test server (`renkei_test_` for tests, `renkei_bench_` for the bench). */
export async function createTestDatabase(prefix = 'renkei_test_'): Promise<TestDatabase> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  // The name is ours (hex only), so quoting it as an identifier is safe.
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      await withAdmin(async (c) => {
        // A pool that was not closed (a failed test) must not keep the database alive.
        // Terminating and dropping can race with a connection arriving in between: retry.
        for (let attempt = 1; ; attempt++) {
          await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
            name,
          ]);
          try {
            await c.query(`DROP DATABASE IF EXISTS "${name}"`);
            return;
          } catch (err) {
            // 55006 object_in_use: someone connected again between terminate and drop.
            const inUse = err instanceof Error && 'code' in err && err.code === '55006';
            if (!inUse || attempt >= 5) throw err;
            await new Promise((r) => setTimeout(r, 100 * attempt));
          }
        }
      });
      dropped = true;
    },
  };
}

