import { describe, expect, it } from 'vitest';
import { parseChoice, parseMultiChoice, type Choice } from './choice.js';
import { parseCount } from './count.js';
import { parseMoney } from './money.js';
import { parseMonths } from './months.js';
import { normalizeForMatch, normalizeInput } from './normalize-input.js';
import { parsePrefecture } from './prefecture.js';
import { isUnknownAnswer, parseYesNo } from './yes-no.js';
import { regionOfPrefecture } from '../../geo/prefectures.js';

const HOSTILE = [
  '',
  ' ',
  '😀',
  '👨‍👩‍👧‍👦💴💴',
  '3億😀',
  '9'.repeat(10_000),
  '1' + '0'.repeat(400) + '万',
  '1,' + '000,'.repeat(2000) + '000',
  '.'.repeat(5000),
  '億'.repeat(5000),
  '3億' + ' '.repeat(50_000) + '5',
  'a'.repeat(100_000),
  'と'.repeat(20_000),
  '1 '.repeat(20_000),
  '、'.repeat(20_000),
  'NaN',
  'Infinity',
  '-Infinity',
  '1e10',
  '1e400',
  '0x10',
  '--',
  '-',
  '--5',
  '\uD800',
  '\uDC00abc',
  'a\uD83D',
  '\u0000',
  '\u202E1',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  // Found by fuzzing: a number followed by an inherited property name was looked up as a unit.
  '3constructor',
  '<script>alert(1)</script>',
  "'; DROP TABLE intake; --",
  '${process.exit()}',
  '\\',
  '¥',
  '?',
  '%s%n',
  'null',
  'undefined',
  '[object Object]',
  '\n\n\n',
  '\t',
  '１'.repeat(300),
  // Long runs that end in a character breaking the pattern are what makes a regex backtrack.
  '.'.repeat(50_000) + 'x',
  ' '.repeat(50_000) + 'x',
  '1'.repeat(50_000) + 'x',
  '1.'.repeat(25_000) + 'x',
  ',1'.repeat(25_000) + 'x',
  '?'.repeat(50_000) + 'x',
  '。'.repeat(50_000) + 'x',
  'です'.repeat(20_000) + 'x',
  '約'.repeat(20_000) + '1',
  '1年'.repeat(20_000),
  'no'.repeat(20_000) + '1',
  ' 1'.repeat(25_000) + ' x',
  '-'.repeat(50_000) + '1',
];

const CHOICES: Choice[] = [
  { id: 'a', labels: ['設計', 'Design'] },
  { id: 'b', labels: ['製造', 'Manufacturing'] },
];

const ALL: Array<[string, (s: string) => unknown]> = [
  ['normalizeInput', (s) => normalizeInput(s, 2000)],
  ['normalizeForMatch', (s) => normalizeForMatch(s)],
  ['parseMoney', parseMoney],
  ['parseCount', (s) => parseCount(s)],
  ['parseCount with opts', (s) => parseCount(s, { min: 1, max: 10 })],
  ['parseMonths', parseMonths],
  ['parseYesNo', parseYesNo],
  ['isUnknownAnswer', isUnknownAnswer],
  ['parseChoice', (s) => parseChoice(s, CHOICES)],
  ['parseChoice with no choices', (s) => parseChoice(s, [])],
  ['parseMultiChoice', (s) => parseMultiChoice(s, CHOICES, { exclusive: ['a'] })],
  ['parsePrefecture', parsePrefecture],
  ['regionOfPrefecture', regionOfPrefecture],
];

describe('hostile input', () => {
  it.each(ALL)('%s never throws and answers quickly', (_name, fn) => {
    for (const text of HOSTILE) {
      const started = performance.now();
      expect(() => fn(text), JSON.stringify(text.slice(0, 40))).not.toThrow();
      expect(performance.now() - started, JSON.stringify(text.slice(0, 40))).toBeLessThan(1000);
    }
  });

  it('never turns a non-number into a number', () => {
    for (const text of ['NaN', 'Infinity', '-Infinity', '1e10', '1e400', '0x10', '--', '😀', '__proto__', 'null']) {
      expect(parseMoney(text).ok, text).toBe(false);
      expect(parseCount(text).ok, text).toBe(false);
      expect(parseMonths(text).ok, text).toBe(false);
    }
  });

  it('keeps parsed numbers finite and whole', () => {
    for (const text of HOSTILE) {
      for (const r of [parseMoney(text), parseCount(text), parseMonths(text)]) {
        if (r.ok) {
          expect(Number.isSafeInteger(r.value), text.slice(0, 40)).toBe(true);
        }
      }
    }
  });

  it('does not resolve prototype property names as lookups', () => {
    for (const text of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(parsePrefecture(text)).toEqual({ ok: false, code: 'prefecture.unknown' });
      expect(parseYesNo(text)).toEqual({ ok: false, code: 'yes_no.invalid' });
    }
  });
});
