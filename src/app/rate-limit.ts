import type { ChannelId } from '../core/intake.js';
import type { Clock } from '../ports/clock.js';

/**
 * What to do with one inbound message: process it, refuse it with the one "slow down"
 * notice of this window, or refuse it without a word (the notice was already given).
 */
export type Admission = 'admitted' | 'refused_notify' | 'refused_silent';

export interface RateLimitOptions {
  /** Messages processed per person in any 60-second window. */
  perMinute: number;
  clock: Clock;
  /**
   * The channels a flood can come from: the chat platforms, reached over the network. The
   * terminal and `simulate` are driven by someone at this machine (a pasted block of answers
   * is a sequence of turns there), so they are not limited.
   */
  channels: readonly ChannelId[];
  windowMs?: number;
}

interface Window {
  /** When the messages processed in the current window arrived (ms), oldest first. */
  times: number[];
  /** When the person was last told to slow down (ms). */
  noticeAt: number | null;
}

/**
 * A sliding-window log per person (channel + platform id). Kept in this process's memory, so
 * with several replicas each one allows `perMinute`: it protects a replica from one person's
 * flood; it is not a quota. A person over the limit is told once per window and further
 * messages are dropped until the oldest of the window ages out.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;
  private lastSweep = 0;

  constructor(private readonly opts: RateLimitOptions) {
    this.windowMs = opts.windowMs ?? 60_000;
  }

  admit(channel: ChannelId, userId: string): Admission {
    if (!this.opts.channels.includes(channel)) return 'admitted';
    const now = this.opts.clock.now().getTime();
    this.sweep(now);
    const key = `${channel}\u0000${userId}`;
    const w = this.windows.get(key) ?? { times: [], noticeAt: null };
    this.windows.set(key, w);
    const since = now - this.windowMs;
    while (w.times.length > 0 && (w.times[0] ?? 0) <= since) w.times.shift();
    if (w.times.length < this.opts.perMinute) {
      w.times.push(now);
      return 'admitted';
    }
    if (w.noticeAt === null || w.noticeAt <= since) {
      w.noticeAt = now;
      return 'refused_notify';
    }
    return 'refused_silent';
  }

  /** People tracked now (tests; memory stays bounded by the people active in the last window). */
  get tracked(): number {
    return this.windows.size;
  }

  /** Forgets people quiet for a whole window, at most once per window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    const since = now - this.windowMs;
    for (const [key, w] of this.windows) {
      const last = w.times[w.times.length - 1];
      if ((last === undefined || last <= since) && (w.noticeAt === null || w.noticeAt <= since)) this.windows.delete(key);
    }
  }
}
