import type { Database } from './database.js';
import { hasDatabaseCode } from './database-errors.js';

const READ_ONLY = /^SQLITE_(READONLY|CANTOPEN)/;

export interface WriteProbeResult {
  ok: boolean;
  /** The failure's code, for the log. */
  error?: unknown;
}

/**
 * Whether the database takes a write, for /readyz: a read-only file or a lock held by another
 * process leaves reads working, so a `SELECT 1` alone said "ready" while every turn failed.
 * Probed at most once per `intervalMs` (a load balancer polls every second or two; each probe
 * is a real write), and the result is shared by the requests in between.
 */
export class WriteProbe {
  private last: { at: number; result: WriteProbeResult } | null = null;
  private running: Promise<WriteProbeResult> | null = null;

  constructor(
    private readonly database: Database,
    private readonly intervalMs = 5_000,
    private readonly timeoutMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(): Promise<WriteProbeResult> {
    if (this.last && this.now() - this.last.at < this.intervalMs) return Promise.resolve(this.last.result);
    this.running ??= this.probe().finally(() => (this.running = null));
    return this.running;
  }

  private async probe(): Promise<WriteProbeResult> {
    let result: WriteProbeResult;
    try {
      await this.database.probeWrite(this.timeoutMs);
      result = { ok: true };
    } catch (first) {
      // A connection opened while the file was read-only stays so: a fresh one sees restored permissions.
      if (!hasDatabaseCode(first, READ_ONLY)) {
        this.last = { at: this.now(), result: { ok: false, error: first } };
        return this.last.result;
      }
      try {
        await this.database.reopen();
        await this.database.probeWrite(this.timeoutMs);
        result = { ok: true };
      } catch {
        result = { ok: false, error: first };
      }
    }
    this.last = { at: this.now(), result };
    return result;
  }
}
