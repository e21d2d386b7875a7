import { remindersConfigSchema, type RemindersConfig } from '../core/reminders/reminder.js';
import { loadChecked } from './read-json-file.js';

export function loadRemindersConfig(path: string): RemindersConfig {
  return loadChecked(path, (raw) => {
    const parsed = remindersConfigSchema.safeParse(raw);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, problems: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'file'}: ${i.message}`) };
  });
}
