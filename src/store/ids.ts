import { randomBytes } from 'node:crypto';

// Crockford-style alphabet without look-alikes: staff read and type these ids.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** Short, typeable, unguessable ids such as `in_7f3k9q2m4x`. */
export function newId(prefix: string, length = 10): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % 32];
  return `${prefix}_${out}`;
}

/**
 * Ids that sort in the order they were made (time, then position within one save), so a
 * history reads in the order it was said on every database.
 */
export function newSortableId(prefix: string, at: Date, position: number): string {
  const time = Math.max(0, at.getTime()).toString(36).padStart(9, '0');
  const pos = Math.min(position, 1295).toString(36).padStart(2, '0');
  return `${prefix}_${time}${pos}${newId('', 6).slice(1)}`;
}
