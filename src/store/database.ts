import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.js';

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
  close(): Promise<void>;
}

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

export async function openDatabase(url: string): Promise<Database> {
  const provider = providerOf(url);
  if (provider === 'postgresql') {
    const adapter = new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
    const client = new PostgresClient({ adapter });
    // Same schema, same generated API: see the Db type above.
    const db = client as unknown as Db;
    return { provider, db, location: redact(url), close: () => client.$disconnect() };
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // A busy timeout lets the CLI and a running bot share the file instead of failing at once.
  const db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${path}`, timeout: 10_000 }) });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  return { provider, db, location: path, close: () => db.$disconnect() };
}

const redact = (url: string) => url.replace(/\/\/([^@/]*)@/, '//***@');
