/**
 * "The database is not there right now" as opposed to "this request is wrong": the first kind
 * is told to the person as a temporary outage (their answers are safe, send again shortly),
 * the second is a bug. Classified on codes only, never on message texts.
 *
 * The codes were collected by driving Prisma 6.19 with its driver adapters into each fault
 * (test/faults/database-errors.test.ts keeps them honest):
 * - SQLite locked by another writer past the busy timeout: PrismaClientKnownRequestError P1008,
 *   `meta.driverAdapterError.cause` = { kind: 'SocketTimeout', originalCode: 'SQLITE_BUSY' };
 *   extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE) pass through unmapped.
 * - PostgreSQL refusing connections: P1001 with cause kind 'DatabaseNotReachable' (ECONNREFUSED);
 *   a connection cut under a query: P1017, or P2010 for raw queries, with kind 'ConnectionClosed'.
 * - PostgreSQL shutting down or starting: SQLSTATE 57P01/57P02/57P03, class 08, 53300, as
 *   `originalCode`/`code` of the cause (kind 'postgres' or 'TooManyConnections').
 * - A server that accepts and never answers: pg's own connect and read timeouts carry no code;
 *   database.ts tags them DB_CONNECTION_FAILED on their way out of the driver.
 */

import { isTransportFailure } from '../ports/transport-failure.js';

/** The code database.ts gives driver failures that pg reports without one (its own timeouts, a closed client). */
export const DB_CONNECTION_FAILED = 'db_connection_failed';
/** The code of `Database.ping` giving up. */
export const DB_PING_TIMEOUT = 'db_ping_timeout';

/** Prisma's codes for "could not reach / lost / timed out", whatever the adapter. */
const PRISMA_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // reached but timed out
  'P1008', // operations timed out (SQLite: SQLITE_BUSY)
  'P1017', // server has closed the connection
  'P2024', // timed out fetching a new connection from the pool
]);

/** Driver adapter error kinds (`meta.driverAdapterError.cause.kind`) that mean the server is away. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** Node socket errors on the way to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** PostgreSQL SQLSTATEs for a server that is shutting down, starting, full or unreachable. */
const PG_STATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
]);

const OWN_CODES = new Set([DB_CONNECTION_FAILED, DB_PING_TIMEOUT]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function codeMeansUnavailable(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || PG_STATES.has(code) || OWN_CODES.has(code)) return true;
  // SQLite's extended codes refine the primary one: SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE…
  // A file made read-only, a full disk or an I/O error are the machine's fault, not the request's.
  if (/^SQLITE_(BUSY|LOCKED|READONLY|CANTOPEN|FULL|IOERR)(_|$)/.test(code)) return true;
  // Class 08: connection exception (08000, 08001 cannot establish, 08003, 08004, 08006 failure).
  return /^08[0-9A-Z]{3}$/.test(code) && code !== '08P01';
}

/**
 * Whether `test` holds for `err` or for an error nested in it where Prisma and the drivers put
 * them (Prisma: meta.driverAdapterError.cause; pg: cause; a dual-stack connect: AggregateError's
 * errors). `descend` may stop the walk below an error (a chat platform's failure).
 */
function anyNested(err: unknown, test: (e: Record<string, unknown>) => boolean, descend: (e: Record<string, unknown>) => boolean = () => true): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && seen.size < 16) {
    const e = queue.shift();
    if (!isRecord(e) || seen.has(e)) continue;
    seen.add(e);
    if (!descend(e)) continue;
    if (test(e)) return true;
    if (isRecord(e.meta)) queue.push(e.meta.driverAdapterError);
    queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return false;
}

/** True when `err` says the database is unreachable, locked or timed out, not that the request was bad. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return anyNested(
    err,
    (e) => codeMeansUnavailable(e.code) || codeMeansUnavailable(e.originalCode) || (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)),
    // A chat platform's failure is not the database's, whatever socket code lies beneath it.
    (e) => !isTransportFailure(e),
  );
}

/** True when `err` carries a code matching `pattern` anywhere Prisma and the drivers nest it (a read-only file: /^SQLITE_READONLY/). */
export function hasDatabaseCode(err: unknown, pattern: RegExp): boolean {
  return anyNested(err, (e) => (typeof e.code === 'string' && pattern.test(e.code)) || (typeof e.originalCode === 'string' && pattern.test(e.originalCode)));
}
