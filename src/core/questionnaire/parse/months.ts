import { fail, ok, type ParseResult } from '../../result.js';
import {
  addExact,
  exactFromInteger,
  multiplyExact,
  parseExactNumber,
  roundExact,
  type Exact,
} from './exact-number.js';
import { APPROX_PREFIXES, APPROX_SUFFIXES, stripAffixes, stripNegativeSign } from './strip-affixes.js';

const MIN = 0;
const MAX = 240;

// "1年後" / "半年先" / "1年以内" all name the same horizon for planning purposes.
const TIME_SUFFIXES = ['後', '先', '以内', 'くらい後', 'に', 'で', 'later', 'from now', 'within'];
const TIME_PREFIXES = ['あと', '今から', 'in', 'within'];
const PREFIXES = [...APPROX_PREFIXES, ...TIME_PREFIXES];
const SUFFIXES = [...APPROX_SUFFIXES, ...TIME_SUFFIXES];

const NUM = '([\\d.十百千〇一二三四五六七八九]+)';
// A counter is required after the number: a bare "12月" is December, not twelve months.
const COUNTER = '(?:ヶ|ケ|か|カ|ヵ|箇|個|こ)月';
const JAPANESE = new RegExp(`^(?:(?:(半)年|${NUM}年(半)?)(?:間)?)?(?:と?${NUM}${COUNTER}(半)?(?:間)?)?$`);
const ENGLISH = /^(?:(\d+(?:\.\d+)?)(?:years?|yrs?|y))?(?:and)?(?:(\d+(?:\.\d+)?)(?:months?|mos?|mths?|m))?$/;

const ENGLISH_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:a|one) (?:year )?and a half(?: years?)?\b/g, '18 months'],
  [/\bhalf (?:a )?year\b/g, '6 months'],
  [/\b(?:a|an|one)\b/g, '1'],
  [/\btwo\b/g, '2'], [/\bthree\b/g, '3'], [/\bfour\b/g, '4'], [/\bfive\b/g, '5'], [/\bsix\b/g, '6'],
  [/\bseven\b/g, '7'], [/\beight\b/g, '8'], [/\bnine\b/g, '9'], [/\bten\b/g, '10'],
  [/\beleven\b/g, '11'], [/\btwelve\b/g, '12'], [/\beighteen\b/g, '18'],
];

const TWELVE = exactFromInteger(12n);
const HALF: Exact = { num: 5n, scale: 1 };
const SIX = exactFromInteger(6n);

function sum(parts: ReadonlyArray<Exact | undefined | null>): Exact | undefined {
  let total = exactFromInteger(0n);
  for (const p of parts) {
    if (p === undefined) return undefined;
    if (p !== null) total = addExact(total, p);
  }
  return total;
}

/** null = part absent, undefined = part present but unreadable. */
const optionalNumber = (s: string | undefined): Exact | undefined | null =>
  s === undefined ? null : parseExactNumber(s);

function japaneseMonths(s: string): Exact | undefined {
  const m = JAPANESE.exec(s);
  if (m === null || m[0] === '') return undefined;
  const [, halfYear, years, yearAndHalf, months, monthAndHalf] = m;
  const y = optionalNumber(years);
  return sum([
    halfYear === undefined ? null : SIX,
    y === null || y === undefined ? y : multiplyExact(y, TWELVE),
    yearAndHalf === undefined ? null : SIX,
    optionalNumber(months),
    monthAndHalf === undefined ? null : HALF,
  ]);
}

function englishMonths(s: string): Exact | undefined {
  let t = s;
  for (const [pattern, replacement] of ENGLISH_WORDS) t = t.replace(pattern, replacement);
  t = t.replace(/\s+/g, '');
  const m = ENGLISH.exec(t);
  if (m === null || m[0] === '' || (m[1] === undefined && m[2] === undefined)) return undefined;
  const y = optionalNumber(m[1]);
  return sum([y === null || y === undefined ? y : multiplyExact(y, TWELVE), optionalNumber(m[2])]);
}

/**
 * Months until something: "12ヶ月", "1年半", "半年", "2年3ヶ月", "18 months", "1.5 years".
 * Fractions of a month are rounded; nobody plans a launch to the week at intake.
 */
export function parseMonths(text: string): ParseResult<number> {
  let s = stripAffixes(text.normalize('NFKC').toLowerCase(), PREFIXES, SUFFIXES);
  const unsigned = stripNegativeSign(s);
  if (unsigned !== undefined) s = stripAffixes(unsigned, PREFIXES, SUFFIXES);
  if (s.length > 100) return fail('months.invalid');

  const compact = s.replace(/\s+/g, '');
  const exact = japaneseMonths(compact) ?? englishMonths(s) ?? parseExactNumber(s);
  if (exact === undefined) return fail('months.invalid');
  const months = roundExact(exact);
  if ((unsigned !== undefined && months > 0n) || months > BigInt(MAX)) {
    return fail('months.out_of_range', { min: MIN, max: MAX });
  }
  return ok(Number(months));
}
