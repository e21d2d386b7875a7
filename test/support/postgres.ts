import pg from 'pg';
import { expect, it } from 'vitest';
import { adminUrl, withAdmin } from './postgres-admin.js';

export { adminUrl, createTestDatabase, type TestDatabase } from './postgres-admin.js';

/**
 * PostgreSQL for tests. Every test that needs it creates its own database and drops it
 * afterwards: CI reuses the machine, and tests in other files run against the same server
 * at the same time.
 */


/** `CI` set to anything but "" or "false" (GitHub, GitLab and `.ci/run` all set `CI=true`). */
export const underCI = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci.toLowerCase() !== 'false';
};

const redact = (url: string) => url.replace(/\/\/([^@/]*)@/, '//***@');

export interface PostgresProbe {
  available: boolean;
  /** Why it is not available (the driver's error), or null. */
  reason: string | null;
}

/** Connects with a short timeout and runs `SELECT 1`. */
export async function probePostgres(url: string = adminUrl(), timeoutMs = 2_000): Promise<PostgresProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // An error after connecting (server going away) must not become an uncaught exception.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { available: true, reason: null };
  } catch (err) {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { available: false, reason: `${redact(url)} is unreachable (${detail})` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function pgAvailable(url: string = adminUrl(), timeoutMs = 2_000): Promise<boolean> {
  return (await probePostgres(url, timeoutMs)).available;
}

/**
 * The rule for an unreachable PostgreSQL: under CI it is a failure (throws); elsewhere the
 * PostgreSQL tests are left out with a warning, so a laptop without PostgreSQL can still run
 * the rest. Returns whether PostgreSQL tests should run.
 */
export function requirePostgres(probe: PostgresProbe): boolean {
  if (probe.available) return true;
  if (underCI()) {
    throw new Error(
      `PostgreSQL is required under CI: ${probe.reason ?? 'unreachable'}. ` +
        'Start it (see .ci/run) or set TEST_POSTGRES_URL.',
    );
  }
  console.warn(
    `\n⚠ PostgreSQL tests NOT RUN: ${probe.reason ?? 'unreachable'}.\n` +
      '  Start PostgreSQL or set TEST_POSTGRES_URL to run them; under CI this is a failure.\n',
  );
  return false;
}

export type PostgresForTests = PostgresProbe;

/**
 * Call at the top level of a test file, then `describe.runIf(pg.available)(…)`.
 *
 * It registers a test "PostgreSQL is reachable" in the calling file, because a suite that is
 * merely skipped would leave CI green: under CI an unreachable server makes that test fail.
 * Elsewhere an unreachable server prints a warning and the PostgreSQL tests, this one
 * included, are reported as skipped.
 */
export async function postgresForTests(): Promise<PostgresForTests> {
  const probe = await probePostgres();
  const mustRun = probe.available || underCI();
  if (!mustRun) requirePostgres(probe); // prints the warning while the file is collected
  it.runIf(mustRun)('PostgreSQL is reachable', () => {
    expect(requirePostgres(probe)).toBe(true);
  });
  return probe;
}

/** Names of the test databases that currently exist (to check a test left nothing behind). */
export async function listTestDatabases(): Promise<string[]> {
  return withAdmin(async (c) => {
    const res = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'renkei\\_test\\_%'");
    return res.rows.map((r) => r.datname);
  });
}
