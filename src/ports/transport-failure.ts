/**
 * A failed call to a chat platform (Slack's Web API, the Teams Connector, LINE's Messaging
 * API), as opposed to a database that is away: both can carry the same socket codes
 * (ECONNRESET) in their causes, and a reset from the Teams Connector was once logged as a
 * database outage. Platform errors carry this marker, so the classifiers stop at them.
 */
export const TRANSPORT_FAILURE: unique symbol = Symbol.for('renkei.transport-failure');

/** Slack's WebClient error codes for a request that failed on its way (network, HTTP, rate limit). */
const SLACK_TRANSPORT_CODES = new Set(['slack_webapi_request_error', 'slack_webapi_http_error', 'slack_webapi_rate_limited_error']);

export function isTransportFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if (TRANSPORT_FAILURE in err) return true;
  return 'code' in err && typeof err.code === 'string' && SLACK_TRANSPORT_CODES.has(err.code);
}
