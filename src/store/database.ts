import { existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
// Types only: each provider's client and driver are loaded when a database of that kind is
// opened, so a SQLite install never loads pg's client and adapter (start-up time and memory).
import type { PrismaPg } from '@prisma/adapter-pg';
import type { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { DB_CONNECTION_FAILED, DB_PING_TIMEOUT } from './database-errors.js';
import { writePrivateFileSync } from './private-file.js';
import { SqliteConnection } from './sqlite-connection.js';

export type Provider = 'sqlite' | 'postgresql';

/**
 * Both generated clients have the same API (the schemas differ only in the provider), so
 * repositories are written once against the SQLite client's type.
 */
export type Db = SqliteClient;

export interface Database {
  provider: Provider;
  db: Db;
  /** Where the data lives, without credentials, for start-up messages. */
  location: string;
  /**
   * `SELECT 1`, given up after `timeoutMs` (code DB_PING_TIMEOUT): a health check must answer
   * while the server hangs, not wait for the driver's own timeouts.
   */
  ping(timeoutMs: number): Promise<void>;
  /**
   * A tiny write (one ledger row, `health:probe`), given up after `timeoutMs`: /readyz must
   * fail while the database can be read but not written (a read-only file, a held lock).
   */
  probeWrite(timeoutMs: number): Promise<void>;
  /** SQLite: a fresh connection (after a read-only fault); PostgreSQL's pool replaces its own. */
  reopen(): Promise<void>;
  /** Statements sent to the driver so far (the per-turn budget test reads the difference). */
  statements(): number;
  /** Transactions begun so far. */
  transactions(): number;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * SQLite: how long one try of a statement waits for another process's lock. better-sqlite3 is
   * synchronous, so this wait blocks the event loop: kept short (20 ms), and retried with
   * asynchronous waits up to `busyBudgetMs`, so nothing else waits behind a held lock.
   */
  busyTimeoutMs?: number;
  /** SQLite: how long in all a statement keeps retrying a lock, waiting asynchronously between tries (sqlite-connection.ts). */
  busyBudgetMs?: number;
  /** PostgreSQL: how long opening a connection may take before the turn fails as "unavailable". */
  connectTimeoutMs?: number;
  /** PostgreSQL: how long a query may wait for the server's answer (a hung host, a cut network). */
  queryTimeoutMs?: number;
}

/**
 * Which database each opened client talks to, for stores that write raw SQL (placeholders,
 * date and JSON parameters differ) but are handed only the client.
 */
const providers = new WeakMap<Db, Provider>();

export function providerOfClient(db: Db): Provider {
  const provider = providers.get(db);
  if (!provider) throw new Error('this Prisma client was not opened by openDatabase: its provider is unknown');
  return provider;
}

export const defaultDatabaseOptions: Required<DatabaseOptions> = { busyTimeoutMs: 20, busyBudgetMs: 5_000, connectTimeoutMs: 5_000, queryTimeoutMs: 30_000 };

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://"; got "${url.split(':')[0]}:…"`);
}

/** `file:./data/renkei.db` is resolved against the working directory and its folder created. */
export function sqlitePath(url: string, cwd: string = process.cwd()): string {
  const p = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (p === ':memory:') return p;
  return isAbsolute(p) ? p : resolve(cwd, p);
}

export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const o = { ...defaultDatabaseOptions, ...options };
  if (provider === 'postgresql') {
    const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([import('@prisma/adapter-pg'), import('./generated/postgresql/client.js')]);
    const counted = { statements: 0, transactions: 0 };
    const adapter = tagCodelessFailures(counted,
      new PrismaPg({
        connectionString: url,
        max: 10,
        connectionTimeoutMillis: o.connectTimeoutMs,
        query_timeout: o.queryTimeoutMs,
        // Connections to a server that went away are dropped soon instead of being handed out
        // stale after it is back; the pool opens fresh ones on demand, so no restart is needed.
        idleTimeoutMillis: 10_000,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      }),
    );
    const client = new PostgresClient({ adapter });
    // Same schema, same generated API: see the Db type above.
    const db = client as unknown as Db;
    providers.set(db, provider);
    return {
      provider,
      db,
      location: redact(url),
      ping: (ms) => ping(db, ms),
      probeWrite: (ms) => probeWrite(db, ms),
      reopen: async () => undefined,
      statements: () => counted.statements,
      transactions: () => counted.transactions,
      close: () => client.$disconnect(),
    };
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // The file holds every company's answers: a new one is created 0600 (an empty file is a new
    // SQLite database), and SQLite gives its -wal and -shm the database file's permissions.
    if (!existsSync(path)) writePrivateFileSync(path, '');
  }
  // A busy timeout lets the CLI and a running bot share the file instead of failing at once.
  const [{ PrismaBetterSQLite3 }, { PrismaClient: SqliteClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('./generated/sqlite/client.js')]);
  const connection = new SqliteConnection(new PrismaBetterSQLite3({ url: `file:${path}`, timeout: o.busyTimeoutMs }), {
    busyBudgetMs: o.busyBudgetMs,
    onOpen: async (script) => {
      // WAL is kept in the file; on a read-only file it cannot be set and is already there.
      await script('PRAGMA journal_mode = WAL').catch(() => undefined);
      await script('PRAGMA foreign_keys = ON');
      // A deleted row's bytes are overwritten with zeros instead of lingering in free pages and the
      // unused space of live pages, where `strings` on the file finds them (a privacy deletion
      // under APPI must not leave the person readable on disk). Per connection, so set at every open.
      await script('PRAGMA secure_delete = ON');
    },
  });
  const db = new SqliteClient({ adapter: connection });
  providers.set(db, provider);
  await db.$queryRawUnsafe('SELECT 1');
  return {
    provider,
    db,
    location: path,
    ping: (ms) => ping(db, ms),
    probeWrite: (ms) => probeWrite(db, ms),
    reopen: () => connection.reopen(),
    statements: () => connection.statements,
    transactions: () => connection.transactions,
    close: () => db.$disconnect(),
  };
}

async function probeWrite(db: Db, timeoutMs: number): Promise<void> {
  const now = new Date();
  await withTimeout(db.processedEvent.upsert({ where: { id: 'health:probe' }, create: { id: 'health:probe', source: 'health', createdAt: now }, update: { createdAt: now } }), timeoutMs);
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`the database did not answer within ${timeoutMs} ms`), { code: DB_PING_TIMEOUT })), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function ping(db: Db, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`the database did not answer within ${timeoutMs} ms`), { code: DB_PING_TIMEOUT })), timeoutMs);
  });
  try {
    // race() subscribes to the query too, so its late failure after a timeout is not unhandled.
    await Promise.race([db.$queryRawUnsafe('SELECT 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const CODELESS_EXEMPT = new Set(['DriverAdapterError', 'TypeError', 'RangeError', 'SyntaxError']);

/**
 * pg reports its own connect timeout, read timeout and "connection terminated" as Errors
 * without a code, and adapter-pg passes them on unmapped, so nothing could tell them from a
 * bug without reading messages. Every driver call goes through here and such an error leaves
 * with DB_CONNECTION_FAILED. The adapter maps everything it understands (SQLSTATEs, socket
 * errors) to a DriverAdapterError first, and programming errors are TypeErrors: neither is tagged.
 */
function tagCodelessFailures(counted: { statements: number; transactions: number }, factory: PrismaPg): PrismaPg {
  const tag = (err: unknown): unknown => {
    if (err instanceof Error && !CODELESS_EXEMPT.has(err.name) && !('code' in err)) Object.assign(err, { code: DB_CONNECTION_FAILED });
    return err;
  };
  /** A proxy whose listed methods tag what they throw; `then` wraps what a method returns (a transaction). */
  const wrap = <T extends object>(target: T, methods: Record<string, ((result: unknown) => unknown) | null>): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string' || !Object.hasOwn(methods, prop)) return value;
        const then = methods[prop];
        return async (...args: unknown[]) => {
          if (prop === 'queryRaw' || prop === 'executeRaw') counted.statements++;
          if (prop === 'startTransaction') counted.transactions++;
          try {
            const result: unknown = await Reflect.apply(value, t, args);
            return then ? then(result) : result;
          } catch (err) {
            throw tag(err);
          }
        };
      },
    });
  const transaction = (tx: unknown) => (typeof tx === 'object' && tx !== null ? wrap(tx, { queryRaw: null, executeRaw: null, commit: null, rollback: null }) : tx);
  const adapter = (a: unknown) =>
    typeof a === 'object' && a !== null ? wrap(a, { queryRaw: null, executeRaw: null, executeScript: null, startTransaction: transaction }) : a;
  return wrap(factory, { connect: adapter });
}

const redact = (url: string) => url.replace(/\/\/([^@/]*)@/, '//***@');
