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
 * Ids that sort by time, for rows without a sequence of their own (notifications).
 */
let counter = 0;
export function newSortableId(prefix: string, at: Date): string {
  const time = Math.max(0, at.getTime()).toString(36).padStart(9, '0');
  // Within one process, ids made in the same millisecond keep their order.
  counter = (counter + 1) % 1296;
  const pos = counter.toString(36).padStart(2, '0');
  return `${prefix}_${time}${pos}${newId('', 6).slice(1)}`;
}

/**
 * Ids that sort in write order within one record's history: `sequence` only grows (an
 * intake's version after a compare-and-set save, or a handoff's event count), so the order
 * survives equal timestamps and clocks that differ between replicas.
 */
export function newSequenceId(prefix: string, sequence: number, position = 0): string {
  return `${prefix}_${sequence.toString(36).padStart(7, '0')}${position.toString(36).padStart(3, '0')}${newId('', 6).slice(1)}`;
}
