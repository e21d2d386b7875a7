/**
 * Retries for Bot Connector calls. Teams throttles per bot and per thread (429 with
 * Retry-After), answers 412 when an update races another, and its gateways fail with
 * 500/502/503/504; those are retried with backoff and jitter, a bounded number of times. 413 (the
 * message is too large) and everything else fail at once: sending the same bytes again cannot
 * succeed. Failures leave as a ConnectorError whose `code` the notify path logs and reports.
 */
import { delayFor, realSleep, type RetryPolicy } from '../retry-policy.js';
import { TRANSPORT_FAILURE } from '../../ports/transport-failure.js';

// 500 and 503 too: a Connector storm answers them as often as 502/504, and botbuilder's own
// pipeline (removed in teams-sender.ts) retried every 5xx but 501 and 505.
const RETRYABLE = new Set([412, 429, 500, 502, 503, 504]);

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly [TRANSPORT_FAILURE] = true;
  constructor(
    readonly code: string,
    /** The HTTP status from the Connector; deliberately not `statusCode`, so the code is what gets logged. */
    readonly status: number | null,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`Teams Connector call failed: ${code} after ${attempts} attempt(s)`, options);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The HTTP status of a failed Connector call (botbuilder throws @azure RestError with `statusCode`). */
export function connectorStatus(err: unknown): number | undefined {
  if (err instanceof ConnectorError) return err.status ?? undefined;
  if (!isRecord(err)) return undefined;
  if (typeof err.statusCode === 'number') return err.statusCode;
  if (isRecord(err.response) && typeof err.response.status === 'number') return err.response.status;
  return undefined;
}

/** Retry-After in milliseconds (seconds or an HTTP date), when the Connector sent one. */
export function retryAfterMs(err: unknown, now: number = Date.now()): number | undefined {
  if (!isRecord(err) || !isRecord(err.response)) return undefined;
  const headers = err.response.headers;
  if (!isRecord(headers) || typeof headers.get !== 'function') return undefined;
  const raw: unknown = headers.get('retry-after');
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function codeFor(status: number | undefined, err: unknown): string {
  if (status === 413) return 'teams_message_too_large';
  if (status === 429) return 'teams_throttled';
  if (status !== undefined) return `teams_http_${status}`;
  return isRecord(err) && typeof err.code === 'string' ? `teams_${err.code.toLowerCase()}` : 'teams_connector_failed';
}


export async function withConnectorRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (info: { attempt: number; status: number; delayMs: number }) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (err instanceof ConnectorError) throw err;
      const status = connectorStatus(err);
      if (status === undefined || !RETRYABLE.has(status) || attempt >= policy.attempts) throw new ConnectorError(codeFor(status, err), status ?? null, attempt, { cause: err });
      const delayMs = delayFor(attempt, retryAfterMs(err), policy);
      onRetry?.({ attempt, status, delayMs });
      await (policy.sleep ?? realSleep)(delayMs);
    }
  }
}
