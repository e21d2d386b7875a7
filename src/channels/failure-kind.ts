import { isTransportFailure } from '../ports/transport-failure.js';

/** The log fields that say what failed: the database (the person is told it is away) or the platform's delivery of a reply. */
export const failureKind = (err: unknown, databaseUnavailable: boolean): Record<string, string> =>
  databaseUnavailable ? { database: 'unavailable' } : isTransportFailure(err) ? { transport: 'failed' } : {};
