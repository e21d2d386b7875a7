import { describe, expect, it } from 'vitest';
import { ConnectorError, codeFor, retryAfterMs, withConnectorRetry } from './connector-retry.js';
import { delayFor, type RetryPolicy } from '../retry-policy.js';
import { errorCode } from '../../app/notify.js';

/** The shape botbuilder throws: an @azure RestError with statusCode and the response's headers. */
const restError = (status: number, retryAfter?: string) =>
  Object.assign(new Error(`status ${status}`), { statusCode: status, response: { status, headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } } });

const policy = (sleeps: number[]): RetryPolicy => ({ attempts: 5, baseDelayMs: 400, maxDelayMs: 4000, maxRetryAfterMs: 5000, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });

describe('Connector retries', () => {
  it('retries 429, 412, 502 and 504, waiting out Retry-After (capped) or backing off with jitter', async () => {
    const sleeps: number[] = [];
    const failures = [restError(429, '2'), restError(412), restError(502), restError(504)];
    let calls = 0;
    const result = await withConnectorRetry(async () => {
      calls += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'sent';
    }, policy(sleeps));
    expect(result).toBe('sent');
    expect(calls).toBe(5);
    expect(sleeps).toEqual([2050, 600, 1200, 2400]);
  });

  it('gives up after the last attempt with a code, and never retries 413 or other errors', async () => {
    let calls = 0;
    const always = (status: number) => withConnectorRetry(async () => {
      calls += 1;
      throw restError(status);
    }, policy([]));
    await expect(always(502)).rejects.toMatchObject({ code: 'teams_http_502', status: 502, attempts: 5 });
    expect(calls).toBe(5);
    calls = 0;
    await expect(always(413)).rejects.toMatchObject({ code: 'teams_message_too_large', attempts: 1 });
    await expect(always(403)).rejects.toMatchObject({ code: 'teams_http_403', attempts: 1 });
    expect(calls).toBe(2);
    const network = withConnectorRetry(async () => {
      throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    }, policy([]));
    await expect(network).rejects.toMatchObject({ code: 'teams_econnreset' });
  });

  it('reports failures by code, which is what the notify path logs', () => {
    const err = new ConnectorError(codeFor(429, restError(429)), 429, 5);
    expect(errorCode(err)).toBe('teams_throttled');
  });

  it('reads Retry-After as seconds or as an HTTP date, and caps it', () => {
    expect(retryAfterMs(restError(429, '3'))).toBe(3000);
    expect(retryAfterMs(restError(429, 'Wed, 21 Oct 2026 07:28:05 GMT'), Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs(restError(429))).toBeUndefined();
    const p = policy([]);
    expect(delayFor(1, 3_600_000, { ...p, random: () => 0 })).toBe(5000);
    expect(delayFor(10, undefined, { ...p, random: () => 1 })).toBe(4000);
  });
});
