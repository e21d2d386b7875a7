import { createTestDatabase, withAdmin, type TestDatabase } from '../../test/support/postgres-admin.js';

export type BenchDatabase = TestDatabase;

/** A throw-away PostgreSQL database for one bench run (TEST_POSTGRES_URL names the server, as for the tests). */
export const createBenchDatabase = (): Promise<BenchDatabase> => createTestDatabase('renkei_bench_');

/** For the machine description; null when PostgreSQL is unreachable, which the bench reports rather than fails on. */
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
