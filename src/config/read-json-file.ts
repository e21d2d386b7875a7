import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';

/** A data file as parsed JSON, or one ConfigError line naming the file and what is wrong with it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'unreadable';
    throw new ConfigError(`${path}: cannot be read (${code})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Reads, validates, and stops start-up with every problem in one line. */
export function loadChecked<T>(path: string, check: (raw: unknown) => { ok: true; value: T } | { ok: false; problems: string[] }): T {
  const result = check(readJsonFile(path));
  if (!result.ok) throw new ConfigError(`${path}: ${result.problems.join('; ')}`);
  return result.value;
}
