import { createRequire } from 'node:module';

// The very better-sqlite3 the bot's Prisma adapter loads (npm keeps it under the adapter's own
// node_modules), so the floor and the bot share one SQLite build.
const fromAdapter = createRequire(createRequire(import.meta.url).resolve('@prisma/adapter-better-sqlite3'));
export const Database: typeof import('better-sqlite3') = fromAdapter('better-sqlite3');

/**
 * What any bot that keeps answers must do per message, and no more: one INSERT in a write
 * transaction on SQLite, through better-sqlite3 as the bot's Prisma adapter uses it, with the
 * bot's pragmas (WAL, and SQLite's default synchronous=FULL, so a commit is on disk).
 */
export function durableStore(file: string): { store(conversation: string, text: string): void; close(): void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  db.exec('CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY, conversation TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO message (conversation, text, at) VALUES (?, ?, ?)');
  const store = db.transaction((conversation: string, text: string) => insert.run(conversation, text, new Date().toISOString()));
  return {
    store: (conversation, text) => {
      store(conversation, text);
    },
    close: () => db.close(),
  };
}

/** The floor's database file, from the environment the bench gives the floor app. */
export function floorDatabaseFile(): string {
  const file = process.env.BENCH_FLOOR_DB;
  if (!file) throw new Error('BENCH_FLOOR_DB is not set (the floor apps are started by bench/chat.ts)');
  return file;
}
