import type { ParseResult } from '../../result.js';

export type NumberRange = { low: number; high: number };

// "30〜50人", "30-50", "1000から2000万円", "30 to 50 staff". NFKC has already turned ～ into ~.
// The left side must end in a numeral so a leading minus or a leading "〜45" (about 45) is not a range.
const RANGE = /^(.*?[\d〇一二三四五六七八九十百千万億兆a-z])\s*(?:〜|~|から|–|—|-|to|ー)\s*(.+)$/u;
const BETWEEN = /^between\s+(.+?)\s+and\s+(.+)$/u;
// A left side without a unit of its own shares the right side's ("1000〜2000万円", "3千〜5千万").
const OWN_UNIT = /[万億兆]|\d\s*(?:k|m|mn|bn|b|million|billion|thousand)\b|[人名ヶケか箇]/u;
const TRAILING_UNIT = /[^\d.,〇一二三四五六七八九十百千]*$/u;

/**
 * A range typed where one number was asked. Each side is read by the question's own parser, and a
 * bare left side borrows the right side's unit, because "1000〜2000万円" means 1000万 to 2000万.
 */
export function parseRange(text: string, parseOne: (s: string) => ParseResult<number>): NumberRange | undefined {
  const s = text.normalize('NFKC').toLowerCase().trim();
  // A range is a few characters; the lazy split below is quadratic on a long paste.
  if (s.length > 60) return undefined;
  const m = BETWEEN.exec(s) ?? RANGE.exec(s);
  if (m === null) return undefined;
  const left = (m[1] ?? '').trim();
  const right = (m[2] ?? '').trim();
  const high = parseOne(right);
  if (!high.ok) return undefined;
  const unit = OWN_UNIT.test(left) ? '' : (TRAILING_UNIT.exec(right)?.[0] ?? '');
  const low = parseOne(`${left}${unit}`);
  if (!low.ok || !(low.value < high.value)) return undefined;
  return { low: low.value, high: high.value };
}
