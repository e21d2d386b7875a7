import { readFileSync } from 'node:fs';
import type { ProgramsConfig } from '../core/routing/programs-schema.js';
import { validatePrograms } from '../core/routing/validate-programs.js';
import { ConfigError } from './config-error.js';

/** Reads config/programs.json, the support routes the office edits, failing with one message that names the file and the entries. */
export function loadPrograms(path: string): ProgramsConfig {
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
  const check = validatePrograms(raw);
  if (!check.ok) throw new ConfigError(`${path}: ${check.problems.join('; ')}`);
  return check.config;
}

const errorCode = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : String(err);
