import { pino } from 'pino';

/** Structured logs: ids and codes only, never what the company wrote. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Field names that would carry what a person wrote or who they are on a platform. Call sites
 * pass ids and codes; should one ever pass one of these, its value is replaced rather than
 * written, so a slip in a new call site cannot leak an answer into the log store.
 */
const PERSONAL_FIELDS = ['text', 'answer', 'answers', 'raw', 'name', 'displayName', 'email', 'user', 'userId', 'externalId', 'address'];

/**
 * One JSON object per line on stderr (stdout is the terminal chat's): `level` as a word,
 * `time` in ISO 8601, `msg`, then the fields. Writes are synchronous so that the lines of a
 * shutdown reach the log before the process exits.
 */
export const jsonLogger = (stream?: NodeJS.WritableStream, level: LogLevel = 'info'): Logger => {
  const destination: pino.DestinationStream = stream ?? pino.destination({ fd: 2, sync: true });
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: PERSONAL_FIELDS, censor: '[redacted]' },
    },
    destination,
  );
  return {
    info: (m, f) => log.info(f ?? {}, m),
    warn: (m, f) => log.warn(f ?? {}, m),
    error: (m, f) => log.error(f ?? {}, m),
  };
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The console-like logger platform SDKs take (Bolt, the Slack Web API client), writing their
 * warnings and errors as JSON lines through `log`. An SDK's error objects can quote a request,
 * so only their code is kept, and only the first text argument, shortened.
 */
export function sdkLogger(log: () => Logger, component: string) {
  const fields = (args: unknown[]): Record<string, unknown> => {
    const text = args.find((a): a is string => typeof a === 'string');
    const coded = args.find((a): a is { code: unknown } => typeof a === 'object' && a !== null && 'code' in a);
    return { component, ...(text ? { detail: text.slice(0, 200) } : {}), ...(coded && typeof coded.code === 'string' ? { code: coded.code } : {}) };
  };
  return {
    debug: (..._args: unknown[]) => undefined,
    info: (..._args: unknown[]) => undefined,
    warn: (...args: unknown[]) => log().warn('sdk warning', fields(args)),
    error: (...args: unknown[]) => log().error('sdk error', fields(args)),
    setName: (_name: string) => undefined,
  };
}
