import { randomUUID } from 'node:crypto';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { Logger } from '../../ports/logger.js';
import { delayFor, realSleep, type RetryPolicy } from '../retry-policy.js';
import { LINE_LIMITS } from './render-line.js';
import { TRANSPORT_FAILURE } from '../../ports/transport-failure.js';

type Message = messagingApi.Message;

/**
 * 429 is LINE's rate limit (per channel, e.g. 2,000 pushes per second) and its monthly message
 * quota; 500/502/503/504 are its gateways. Both are retried with back-off and jitter, a push
 * always under the same X-Line-Retry-Key, so a retry of a push LINE did accept is answered 409
 * and not delivered twice. Anything else (400: a bad message or an expired reply token; 403)
 * fails at once: the same bytes cannot succeed later.
 */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * LINE refuses a reply token after about a minute (and after its first use); a turn that waited
 * longer in the queue goes out as a push. Measured on the wall clock, as LINE measures it.
 */
const REPLY_TOKEN_MS = 50_000;

export class LineApiError extends Error {
  override readonly name = 'LineApiError';
  readonly [TRANSPORT_FAILURE] = true;
  constructor(
    readonly code: string,
    readonly status: number | null,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`LINE Messaging API call failed: ${code} after ${attempts} attempt(s)`, options);
  }
}

const statusOf = (err: unknown): number | undefined => (err instanceof HTTPFetchError ? err.status : undefined);

function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof HTTPFetchError)) return undefined;
  const raw = err.headers.get('retry-after');
  const seconds = raw === null ? NaN : Number(raw);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

const codeFor = (status: number | undefined): string => (status === 429 ? 'line_throttled' : status !== undefined ? `line_http_${status}` : 'line_unreachable');

export interface ReplyTarget {
  userId: string;
  replyToken?: string;
  /** When LINE sent the event (its `timestamp`), to judge whether the reply token is still good. */
  eventTime?: number;
}

/** Replies and pushes through the official SDK, within LINE's five messages per request. */
export class LineSender {
  readonly client: messagingApi.MessagingApiClient;

  constructor(
    channelAccessToken: string,
    baseURL: string | null,
    private readonly policy: RetryPolicy,
    private readonly log: Logger,
  ) {
    this.client = new messagingApi.MessagingApiClient({ channelAccessToken, ...(baseURL ? { baseURL } : {}) });
  }

  /**
   * Sends the messages of one turn: the first five with the reply token while it is fresh
   * (free of LINE's monthly push quota), the rest, or all when the token is gone, as pushes.
   */
  async send(target: ReplyTarget, messages: Message[]): Promise<void> {
    const chunks: Message[][] = [];
    for (let i = 0; i < messages.length; i += LINE_LIMITS.messagesPerRequest) chunks.push(messages.slice(i, i + LINE_LIMITS.messagesPerRequest));
    let first = 0;
    const fresh = target.replyToken && (target.eventTime === undefined || Date.now() - target.eventTime < REPLY_TOKEN_MS);
    if (fresh && target.replyToken && chunks[0]) {
      if (await this.reply(target.replyToken, chunks[0])) first = 1;
    }
    for (const chunk of chunks.slice(first)) await this.push(target.userId, chunk);
  }

  /**
   * One reply; false when LINE refused the token (expired or already used, a 400), so the caller
   * pushes instead. A reply is not retried: LINE may have taken it, and the token is then spent.
   */
  async reply(replyToken: string, messages: Message[]): Promise<boolean> {
    try {
      await this.client.replyMessage({ replyToken, messages });
      return true;
    } catch (err) {
      const status = statusOf(err);
      // 400 is how LINE refuses a spent or expired token (its body says so in words, no code); a
      // message LINE cannot take fails the push as well, which then reports it. 429 and 5xx: the
      // push carries a retry key and is retried safely.
      if (status === 400 || (status !== undefined && RETRYABLE.has(status))) {
        this.log.warn('line reply refused; pushing instead', { status });
        return false;
      }
      throw new LineApiError(codeFor(status), status ?? null, 1, { cause: err });
    }
  }

  /** One push, retried under one retry key until LINE takes it (or says it already has: 409). */
  async push(to: string, messages: Message[]): Promise<void> {
    const retryKey = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.pushMessage({ to, messages }, retryKey);
        return;
      } catch (err) {
        const status = statusOf(err);
        // Accepted by an earlier attempt whose answer was lost (or throttled): the message is on its way once.
        if (status === 409 && attempt > 1) return;
        const retryable = status === undefined ? err instanceof TypeError : RETRYABLE.has(status);
        if (!retryable || attempt >= this.policy.attempts) throw new LineApiError(codeFor(status), status ?? null, attempt, { cause: err });
        const delayMs = delayFor(attempt, retryAfterMs(err), this.policy);
        this.log.warn('line push retried', { attempt, status: status ?? 'network', delayMs });
        await (this.policy.sleep ?? realSleep)(delayMs);
      }
    }
  }

  /** The person's display name and LINE language, asked once when they first write. */
  async profile(userId: string): Promise<{ displayName?: string; language?: string }> {
    try {
      const p = await this.client.getProfile(userId);
      return { ...(p.displayName ? { displayName: p.displayName } : {}), ...(p.language ? { language: p.language } : {}) };
    } catch (err) {
      // Without the profile the person is simply addressed in the default language until they choose.
      this.log.warn('line profile unavailable', { code: codeFor(statusOf(err)) });
      return {};
    }
  }
}
