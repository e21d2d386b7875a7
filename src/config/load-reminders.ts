import { readFileSync } from 'node:fs';
import { remindersConfigSchema, type RemindersConfig } from '../core/reminders/reminder.js';
import { ConfigError } from './config-error.js';

export function loadRemindersConfig(path: string): RemindersConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`reminders ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `not valid JSON (${(err as Error).message})`}`);
  }
  const parsed = remindersConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ConfigError(`reminders ${path}: ${i?.path.map(String).join('.') || 'file'}: ${i?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
