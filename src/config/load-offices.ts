import { readFileSync } from 'node:fs';
import type { OfficesConfig } from '../core/routing/offices-schema.js';
import { validateOffices } from '../core/routing/validate-offices.js';
import { ConfigError } from './config-error.js';

/**
 * Reads config/offices.json at start-up. Any problem stops the start with one message naming
 * the file and every bad entry, because a handoff routed to a missing office would be lost.
 */
export function loadOffices(path: string): OfficesConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot be read (${errorCode(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const check = validateOffices(raw);
  if (!check.ok) throw new ConfigError(`${path}: ${check.problems.join('; ')}`);
  return check.config;
}

const errorCode = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : String(err);
