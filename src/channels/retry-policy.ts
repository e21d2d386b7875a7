/**
 * Back-off shared by the channels whose platform APIs throttle (Teams' Bot Connector, LINE's
 * Messaging API): exponential with jitter, and a server's Retry-After honoured up to a cap.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut short: a chat turn must not hang for minutes. */
  maxRetryAfterMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

// Eight attempts ride out a storm of seven failures (at most 35 s, Retry-After capped at 5 s); replies go out after the platform's request was answered, so nothing times out meanwhile.
export const defaultRetryPolicy: RetryPolicy = { attempts: 8, baseDelayMs: 400, maxDelayMs: 4000, maxRetryAfterMs: 5000 };

export function delayFor(attempt: number, retryAfter: number | undefined, policy: RetryPolicy): number {
  const random = policy.random ?? Math.random;
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxRetryAfterMs) + Math.floor(random() * 100);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Half fixed, half random: replicas that were throttled together do not retry together.
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
