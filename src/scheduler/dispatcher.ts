import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { retryDelayMs, type Reminder } from '../core/reminders/reminder.js';
import { deliverOnce, errorCode } from '../app/notify.js';
import type { Recipient } from '../ports/inbox.js';
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

export interface DispatchResult {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Sends due reminders. Each replica claims rows under a lease in its own name; a replica that
 * dies leaves leases that expire and another picks them up. A reminder's inbox record is
 * written under its idempotency key before the platform is called, so a second claim of the
 * same occurrence (after a crash) finds it and does not send again.
 */
export class Dispatcher {
  readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly services: () => IntakeServices,
    owner?: string,
  ) {
    this.owner = owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  }

  /** One round: claim a batch and send it. */
  async dispatchBatch(): Promise<DispatchResult> {
    const s = this.services();
    const cfg = s.remindersConfig.dispatcher;
    const now = s.clock.now();
    const batch = await s.reminders.claimDue(this.owner, now, new Date(now.getTime() + cfg.leaseSeconds * 1000), cfg.batchSize);
    const result: DispatchResult = { claimed: batch.length, sent: 0, retried: 0, dead: 0 };
    for (const r of batch) {
      try {
        await this.send(s, r);
        if (await s.reminders.markSent(r.id, this.owner, s.clock.now())) result.sent += 1;
      } catch (err) {
        const code = errorCode(err);
        const dead = r.attempts >= cfg.maxAttempts;
        const retryAt = dead ? null : new Date(s.clock.now().getTime() + retryDelayMs(r.attempts, cfg.retryBaseSeconds));
        await s.reminders.markFailed(r.id, this.owner, s.clock.now(), code, retryAt);
        s.log.warn('reminder delivery failed', { reminder: r.id, kind: r.kind, intakeId: r.intakeId, attempts: r.attempts, code, dead });
        if (dead) result.dead += 1;
        else result.retried += 1;
      }
    }
    return result;
  }

  /** Dispatches until nothing is due. */
  async drain(): Promise<DispatchResult> {
    const total: DispatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const r = await this.dispatchBatch();
      total.claimed += r.claimed;
      total.sent += r.sent;
      total.retried += r.retried;
      total.dead += r.dead;
      if (r.claimed === 0 || this.stopped) return total;
    }
  }

  private async send(s: IntakeServices, r: Reminder): Promise<void> {
    const recipient = parseRecipient(r.recipient);
    if (!recipient) throw Object.assign(new Error('bad recipient'), { code: 'bad_recipient' });
    await deliverOnce(s, recipient, { kind: r.kind, key: r.payload.key, params: r.payload.params, ...(r.intakeId ? { intakeId: r.intakeId } : {}), ...(r.handoffId ? { handoffId: r.handoffId } : {}) }, occurrenceId(r.idempotencyKey));
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
