import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { isDatabaseUnavailable } from './database-errors.js';

export interface SqliteConnectionOptions {
  /**
   * How long, in all, a statement keeps trying while another process holds the write lock.
   * Each try waits only SQLite's own short busy timeout (synchronous in better-sqlite3, so on
   * the event loop); between tries the wait is asynchronous, so /healthz and other requests
   * are answered while a CLI command or a backup holds the file.
   */
  busyBudgetMs: number;
  /** Run on every fresh connection (per-connection pragmas). */
  onOpen: (script: (sql: string) => Promise<void>) => Promise<void>;
}

const READONLY = /^SQLITE_(READONLY|CANTOPEN)/;
const LOCKED = /^SQLITE_(BUSY|LOCKED)/;

const codeOf = (err: unknown): string | undefined => {
  const cause = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'originalCode' in cause ? cause.originalCode : undefined;
  return typeof code === 'string' ? code : undefined;
};

/**
 * The SQLite driver adapter behind one that (1) retries a statement refused for a lock with
 * asynchronous waits instead of one long synchronous busy wait, (2) opens a fresh connection
 * after the file was found read-only (a connection opened on a read-only file stays read-only
 * after the permissions are restored), and (3) counts statements, for the per-turn budget test.
 */
export class SqliteConnection implements SqlDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  statements = 0;
  transactions = 0;
  private current: Promise<SqlDriverAdapter> | null = null;
  private reopening: Promise<void> | null = null;

  constructor(
    private readonly inner: SqlDriverAdapterFactory,
    private readonly options: SqliteConnectionOptions,
  ) {
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    this.current ??= this.open();
    await this.current;
    const adapter: SqlDriverAdapter = {
      provider: 'sqlite',
      adapterName: this.adapterName,
      queryRaw: (q: SqlQuery) => this.run(async (a) => a.queryRaw(q)),
      executeRaw: (q: SqlQuery) => this.run(async (a) => a.executeRaw(q)),
      executeScript: (script: string) => this.run(async (a) => a.executeScript(script)),
      startTransaction: async (isolation?: IsolationLevel) => {
        this.transactions++;
        return this.wrapTransaction(await this.run(async (a) => a.startTransaction(isolation)));
      },
      dispose: async () => (await this.connection()).dispose(),
    };
    return adapter;
  }

  /** A fresh connection to the same file (after a read-only fault, or when asked). */
  reopen(): Promise<void> {
    this.reopening ??= (async () => {
      try {
        const old = this.current;
        this.current = this.open();
        await this.current;
        // In-flight statements on the old connection already failed or finished: SQLite calls are synchronous.
        await (await old)?.dispose().catch(() => undefined);
      } finally {
        this.reopening = null;
      }
    })();
    return this.reopening;
  }

  private async open(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    await this.options.onOpen((sql) => adapter.executeScript(sql));
    return adapter;
  }

  private async connection(): Promise<SqlDriverAdapter> {
    this.current ??= this.open();
    return this.current;
  }

  private wrapTransaction(tx: Transaction): Transaction {
    return {
      provider: tx.provider,
      adapterName: tx.adapterName,
      options: tx.options,
      queryRaw: (q) => this.retry(() => (this.statements++, tx.queryRaw(q))),
      executeRaw: (q) => this.retry(() => (this.statements++, tx.executeRaw(q))),
      commit: () => tx.commit(),
      rollback: () => tx.rollback(),
    };
  }

  private run<T>(op: (adapter: SqlDriverAdapter) => Promise<T>): Promise<T> {
    return this.retry(async () => {
      this.statements++;
      return op(await this.connection());
    });
  }

  private async retry<T>(op: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.options.busyBudgetMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      try {
        return await op();
      } catch (err) {
        const code = codeOf(err) ?? '';
        if (READONLY.test(code)) void this.reopen().catch(() => undefined);
        if (!LOCKED.test(code) || !isDatabaseUnavailable(err) || Date.now() + wait > deadline) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
