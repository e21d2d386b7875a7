import type { Logger } from '../../src/ports/logger.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line, so a test can assert what an operator would read. */
export function recordingLogger(): { logs: LogLine[]; logger: Logger } {
  const logs: LogLine[] = [];
  const logger: Logger = {
    info: (message, fields = {}) => logs.push({ level: 'info', message, fields }),
    warn: (message, fields = {}) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields = {}) => logs.push({ level: 'error', message, fields }),
  };
  return { logs, logger };
}
