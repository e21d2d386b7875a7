import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { retryDelayMs, type Reminder } from '../core/reminders/reminder.js';
import { errorCode } from '../app/notify.js';
import type { Notice, Recipient } from '../ports/inbox.js';
import type { IntakeServices } from '../app/intake-services.js';
import { runReminderSweep } from '../app/run-reminder-sweep.js';

/** `person:ID`, `pm:ID` or `office:ID`. */
export function parseRecipient(key: string): Recipient | null {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (!id) return null;
  if (kind === 'person') return { kind: 'person', personId: id };
  if (kind === 'pm') return { kind: 'pm', pmId: id };
  if (kind === 'office') return { kind: 'office', officeId: id };
  return null;
}

/** The inbox record of one reminder occurrence: the same key always gives the same id. */
export const occurrenceId = (idempotencyKey: string): string => `rm_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;

interface Job {
  reminder: Reminder;
  recipient: Recipient;
  notice: Notice;
  /** The occurrence's inbox record id. */
  occurrence: string;
}

const noticeOf = (r: Reminder): Notice => ({
  kind: r.kind,
  key: r.payload.key,
  params: r.payload.params,
  ...(r.intakeId ? { intakeId: r.intakeId } : {}),
  ...(r.handoffId ? { handoffId: r.handoffId } : {}),
});

/**
 * Runs `fn` over `items` with at most `limit` at a time, never two of the same key at once,
 * and those of one key in the order given.
 */
async function inParallelByKey<T>(items: T[], keyOf: (item: T) => string, limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const queue = [...groups.values()];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) for (const item of group) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker));
}

/**
 * Records deliveries as read, several in one write: ids that arrive while a write is in flight
 * go together in the next one. Each caller still learns when its own id is written, and a
 * delivery is on record about as soon as it would have been alone, in far fewer commits (each
 * one a disk flush on PostgreSQL).
 */
class ReadMarks {
  private waiting: { id: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly write: (ids: string[]) => Promise<void>) {}

  mark(id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      // One turn of the event loop first: the senders released by the last write are about
      // to hand in their next ids, and would otherwise each start a write of their own.
      await new Promise((resolve) => setImmediate(resolve));
      const group = this.waiting.splice(0);
      try {
        await this.write(group.map((g) => g.id));
        for (const g of group) g.resolve();
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    this.writing = false;
  }
}

/** A counting semaphore. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Sends due reminders. Each replica claims rows under a lease in its own name; a replica that
 * dies leaves leases that expire and another picks them up. A reminder's inbox record is
 * written under its idempotency key before the platform is called and marked read once a
 * platform took it, so a second claim of the same occurrence (after a crash) finds it and
 * does not send again; only a delivery whose record was not yet written when the process died
 * can go out twice (at most `concurrency` of them).
 */
export class Dispatcher {
  readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly services: () => IntakeServices,
    owner?: string,
    /**
     * Recipients served at once within a batch, and the most deliveries ever handed to a
     * platform without yet being on record: what a replica that dies mid-batch can repeat.
     */
    private readonly concurrency = 16,
  ) {
    this.owner = owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  }

  /** One round: claim a batch and send it. */
  async dispatchBatch(): Promise<DispatchResult> {
    return this.sendBatch(await this.claim());
  }

  private claim(): Promise<Reminder[]> {
    const s = this.services();
    const cfg = s.remindersConfig.dispatcher;
    const now = s.clock.now();
    return s.reminders.claimDue(this.owner, now, new Date(now.getTime() + cfg.leaseSeconds * 1000), cfg.batchSize);
  }

  /**
   * Writes every occurrence's inbox record in one statement, then sends. Reminders to
   * different recipients go out side by side (platform and database latency overlap); those
   * to one recipient go one after another, in due order, as a chat platform wants for one
   * conversation. The batch is marked sent in one statement at the end: a crash before that
   * leaves leases that expire, and the next claim finds the inbox records already read
   * (delivered) and does not send them again.
   */
  private async sendBatch(batch: Reminder[]): Promise<DispatchResult> {
    const s = this.services();
    const result: DispatchResult = { claimed: batch.length, sent: 0, retried: 0, dead: 0 };
    if (batch.length === 0) return result;
    const jobs: Job[] = [];
    for (const r of batch) {
      const recipient = parseRecipient(r.recipient);
      if (recipient) jobs.push({ reminder: r, recipient, notice: noticeOf(r), occurrence: occurrenceId(r.idempotencyKey) });
      else await this.fail(s, r, Object.assign(new Error('bad recipient'), { code: 'bad_recipient' }), result);
    }
    const records = await s.inbox.addManyOnce(
      jobs.map((j) => ({ id: j.occurrence, recipient: j.recipient, notice: j.notice })),
      s.clock.now(),
    );
    const settled: string[] = [];
    const readMarks = new ReadMarks((ids) => s.inbox.markRead(ids, s.clock.now()));
    // Deliveries handed to a platform but not yet on record: what a crash now would send again.
    // Bounded, so that a crash repeats at most this many, however the batch is spread.
    const unrecorded = new Slots(this.concurrency);
    const settling: Promise<void>[] = [];
    const fail = (j: Job) => (err: unknown) => this.fail(s, j.reminder, err, result);
    await inParallelByKey(jobs, (j) => j.reminder.recipient, this.concurrency, async (j) => {
      if (records.get(j.occurrence)?.readAt) return void settled.push(j.reminder.id);
      await unrecorded.acquire();
      let delivered: boolean;
      try {
        delivered = await this.deliver(s, j);
      } catch (err) {
        unrecorded.release();
        return fail(j)(err);
      }
      // The next reminder to this recipient may go out while this one's record is written;
      // this one counts as sent only once its record is.
      const record = delivered ? readMarks.mark(j.occurrence) : Promise.resolve();
      settling.push(record.then(() => void settled.push(j.reminder.id), fail(j)).finally(() => unrecorded.release()));
    });
    await Promise.all(settling);
    result.sent += await s.reminders.markSentMany(settled, this.owner, s.clock.now());
    return result;
  }

  /** Hands the occurrence to every platform; true when one of them took it. */
  private async deliver(s: IntakeServices, j: Job): Promise<boolean> {
    let delivered = false;
    for (const m of s.messengers) if (await m.deliver(j.recipient, j.notice)) delivered = true;
    return delivered;
  }

  private async fail(s: IntakeServices, r: Reminder, err: unknown, result: DispatchResult): Promise<void> {
    const cfg = s.remindersConfig.dispatcher;
    const code = errorCode(err);
    const dead = r.attempts >= cfg.maxAttempts;
    const retryAt = dead ? null : new Date(s.clock.now().getTime() + retryDelayMs(r.attempts, cfg.retryBaseSeconds));
    await s.reminders.markFailed(r.id, this.owner, s.clock.now(), code, retryAt);
    s.log.warn('reminder delivery failed', { reminder: r.id, kind: r.kind, intakeId: r.intakeId, attempts: r.attempts, code, dead });
    if (dead) result.dead += 1;
    else result.retried += 1;
  }

  /**
   * Dispatches until nothing is due. The next batch is claimed while the current one is sent,
   * so the claim's round trip and commit hide behind the sends.
   */
  async drain(): Promise<DispatchResult> {
    const total: DispatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0 };
    let next = this.claim();
    for (;;) {
      const batch = await next;
      // Once stopping, a batch claimed early is not sent: stop() hands its leases back.
      if (batch.length === 0 || this.stopped) return total;
      next = this.claim();
      let r: DispatchResult;
      try {
        r = await this.sendBatch(batch);
      } catch (err) {
        // What the early claim took stays leased to this replica until the lease runs out
        // (or stop() hands it back); then any replica sends it.
        await next.catch(() => undefined);
        throw err;
      }
      total.claimed += r.claimed;
      total.sent += r.sent;
      total.retried += r.retried;
      total.dead += r.dead;
    }
  }

  /** Sweeps and dispatches every `pollSeconds` until stopped. */
  start(): void {
    const s = this.services();
    const tick = async () => {
      try {
        await runReminderSweep(this.services());
        await this.drain();
      } catch (err) {
        this.services().log.error('dispatcher round failed', { code: errorCode(err) });
      }
    };
    const loop = () => {
      if (this.stopped) return;
      this.running = tick().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(loop, s.remindersConfig.dispatcher.pollSeconds * 1000);
      });
    };
    loop();
  }

  /** Graceful shutdown: finish the round in flight, then hand back any leases still held. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.services().reminders.releaseLeases(this.owner, this.services().clock.now());
  }
}
