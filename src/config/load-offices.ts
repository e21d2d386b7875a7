import type { OfficesConfig } from '../core/routing/offices-schema.js';
import { validateOffices } from '../core/routing/validate-offices.js';
import { loadChecked } from './read-json-file.js';

/**
 * Reads config/offices.json at start-up. Any problem stops the start with one message naming
 * the file and every bad entry, because a handoff routed to a missing office would be lost.
 */
export function loadOffices(path: string): OfficesConfig {
  return loadChecked(path, (raw) => {
    const c = validateOffices(raw);
    return c.ok ? { ok: true, value: c.config } : c;
  });
}
