import type { ProgramsConfig } from '../core/routing/programs-schema.js';
import { validatePrograms } from '../core/routing/validate-programs.js';
import { loadChecked } from './read-json-file.js';

/** Reads config/programs.json, the support routes the office edits, failing with one message that names the file and the entries. */
export function loadPrograms(path: string): ProgramsConfig {
  return loadChecked(path, (raw) => {
    const c = validatePrograms(raw);
    return c.ok ? { ok: true, value: c.config } : c;
  });
}
