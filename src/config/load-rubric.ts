import { readdirSync } from 'node:fs';
import { loadChecked } from './read-json-file.js';
import { join } from 'node:path';
import { validateRubric, type Rubric } from '../core/readiness/rubric-schema.js';
import { ConfigError } from './config-error.js';

export function loadRubric(path: string): Rubric {
  return loadChecked(path, (raw) => {
    const c = validateRubric(raw);
    return c.ok ? { ok: true, value: c.rubric } : c;
  });
}

/** The newest rubric (readiness-v<N>.json with the highest N): every result records the version it used. */
export function loadLatestRubric(dir: string): Rubric {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^readiness-v\d+\.json$/.test(f));
  } catch {
    throw new ConfigError(`rubric folder ${dir} cannot be read`);
  }
  const newest = files.sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0])).pop();
  if (!newest) throw new ConfigError(`no rubric (readiness-v<N>.json) in ${dir}`);
  return loadRubric(join(dir, newest));
}
