import fc from 'fast-check';
import { expect } from 'vitest';
import { locales, loadResources } from '../../src/i18n/translator.js';

/**
 * Shared pieces of the property tests: hostile text, and the set of i18n keys an error code
 * may name. Runs are kept small (the whole folder must stay fast on two cores); fast-check
 * prints the seed and the shrunk counterexample of any failure, and `FUZZ_RUNS` scales every
 * property up for a longer local hunt.
 */

const scale = Number(process.env.FUZZ_RUNS ?? '1');
export const runs = (n: number): number => Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));

// ---------------------------------------------------------------------------------------------
// i18n keys

type Tree = { [key: string]: unknown };

function flatten(tree: Tree, prefix: string, out: Set<string>): void {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string' || Array.isArray(v)) out.add(key);
    else if (typeof v === 'object' && v !== null) flatten(v as Tree, key, out);
  }
}

/** Leaf keys present in every language (a key missing in one language renders as the raw key). */
export const I18N_KEYS: ReadonlySet<string> = (() => {
  const resources = loadResources();
  const perLocale = locales.map((l) => {
    const keys = new Set<string>();
    flatten(resources[l] as Tree, '', keys);
    return keys;
  });
  const [first, ...others] = perLocale;
  return new Set([...(first ?? [])].filter((k) => others.every((o) => o.has(k))));
})();

/** Channels render a refusal as `errors.${code}`: the code must name a text in both languages. */
export function expectKnownErrorCode(code: unknown): void {
  expect(typeof code, 'error code type').toBe('string');
  expect(I18N_KEYS.has(`errors.${String(code)}`), `errors.${String(code)} is not in locales/{ja,en}/errors.json`).toBe(true);
}

/** The declared result shape: `{ ok: true, value }` or `{ ok: false, code, params? }` and nothing else. */
export function expectResultShape(r: unknown): asserts r is { ok: true; value: unknown } | { ok: false; code: string; params?: Record<string, unknown> } {
  expect(typeof r === 'object' && r !== null, 'result is an object').toBe(true);
  const o = r as Record<string, unknown>;
  if (o.ok === true) {
    expect(Object.keys(o).sort()).toEqual(['ok', 'value']);
    return;
  }
  expect(o.ok).toBe(false);
  expect(Object.keys(o).every((k) => k === 'ok' || k === 'code' || k === 'params'), `unexpected keys ${Object.keys(o).join(',')}`).toBe(true);
  expectKnownErrorCode(o.code);
  if (o.params !== undefined) {
    expect(typeof o.params === 'object' && o.params !== null && !Array.isArray(o.params)).toBe(true);
    for (const v of Object.values(o.params as Record<string, unknown>)) {
      expect(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)), `param ${String(v)}`).toBe(true);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Text

/** Any UTF-16 code unit, so lone surrogates and every control character come up. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** Pieces that parsers treat specially, or that break naive ones. */
export const TRICKY_PIECES: readonly string[] = [
  // digits and numerals, both widths, kanji
  '0', '1', '2', '3', '9', '０', '１', '２', '９', '〇', '一', '二', '三', '十', '百', '千', '万', '億', '兆', '拾', '萬',
  // punctuation in both widths
  '.', ',', '，', '、', '。', '・', '･', '/', '／', '-', '−', '‐', 'ー', '▲', '△', '~', '〜', '≒', '?', '？', '!', '！', '#', '＃', '(', ')', '（', '）', '「', '」', '&', '＆', '+', '|', ';', ':', '@', '\\', '¥', "'", '’',
  // units, hedges and counters
  '円', '人', '名', '社', '年', '半', 'ヶ月', 'か月', '月', '日', '時', '分', '後', '営業日', '週', '来週', '明日', '約', 'くらい', 'です', 'ほど',
  'k', 'm', 'million', 'billion', 'yen', 'about', 'and', 'months', 'years', 'days', 'in', 'at', 'am', 'pm', 'e', 'x',
  // words of the answer vocabularies and commands
  'はい', 'いいえ', 'yes', 'no', 'わからない', "don't know", 'まだ', 'unknown', 'edit', '修正', 'back', '戻る', 'skip', 'lang', 'en', 'ja',
  '東京', '大阪府', 'Aichi', 'とうきょう', '製造業', 'Manufacturing',
  // whitespace of every kind, invisible and direction marks
  ' ', '  ', '\t', '\n', '\r\n', '\r', '\u3000', '\u00a0', '\u2028', '\u0085', '\u200b', '\u200d', '\ufeff', '\u00ad', '\u2060',
  '\u200e', '\u200f', '\u202e', '\u2066', '\u061c',
  // controls, surrogates, combining marks, emoji
  '\u0000', '\u0007', '\u001b', '\u007f', '\ud800', '\udfff', '\ud83d', '\u0301', '\u3099', '😀', '👨‍👩‍👧‍👦', '🇯🇵', '💴',
  // names that exist on every object
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'NaN', 'Infinity', 'null', 'undefined',
];

const piece = fc.constantFrom(...TRICKY_PIECES);

/** Long strings, built by repetition so that 100k characters cost nothing to generate. */
const longText = fc
  .tuple(fc.string({ unit: fc.oneof(piece, codeUnit), minLength: 1, maxLength: 4 }), fc.integer({ min: 500, max: 100_000 }), fc.string({ unit: piece, maxLength: 3 }))
  .map(([unit, length, tail]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length) + tail);

/** A number followed by a word or two: the usual shape of an answer ("300人", "3 million", "5k"). */
const numberThenWords = fc
  .tuple(fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.double({ min: 0, max: 1e6, noNaN: true }).map(String)), fc.constantFrom('', ' '), fc.array(piece, { minLength: 1, maxLength: 2 }))
  .map(([n, space, words]) => `${n}${space}${words.join('')}`);

/**
 * Arbitrary text: any code point (full width, emoji, RTL marks), any code unit (lone
 * surrogates, controls), runs of the pieces parsers care about, and very long strings.
 */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 30 }) },
  { weight: 5, arbitrary: fc.string({ unit: fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: codeUnit }), maxLength: 12 }) },
  { weight: 2, arbitrary: numberThenWords },
  { weight: 1, arbitrary: longText },
);

/** Short text made only of the tricky pieces: what most often reaches deep into a parser. */
export const pieceText: fc.Arbitrary<string> = fc.string({ unit: piece, maxLength: 10 });

/** Whitespace that every parser should ignore around an answer. */
export const surroundingSpace: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(' ', '\u3000', '\t', '\u00a0'), maxLength: 4 });

/** Printable ASCII (and the space) turned into its full-width form: how Japanese IMEs type it. */
export function toFullWidth(s: string): string {
  return s.replace(/[\x20-\x7e]/g, (c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
}

/** ASCII digits replaced by full-width ones only. */
export const fullWidthDigits = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Groups of three digits: 1234567 → "1,234,567". */
export const withThousands = (n: number | bigint): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** An amount written with 兆/億/万 groups: 350_001_200 → "3億5万1200"; 0 → "0". */
export function japaneseGrouped(n: number): string {
  if (n === 0) return '0';
  let rest = BigInt(n);
  let out = '';
  for (const [unit, size] of [['兆', 10n ** 12n], ['億', 10n ** 8n], ['万', 10n ** 4n]] as const) {
    const head = rest / size;
    rest %= size;
    if (head > 0n) out += `${head}${unit}`;
  }
  return rest > 0n ? out + String(rest) : out;
}

/**
 * Collects uncaught exceptions and unhandled rejections while an HTTP fuzz runs: a hostile
 * request must never reach either, even when its response looked fine.
 */
export function watchCrashes(): { crashes: string[]; start(): void; stop(): void } {
  const crashes: string[] = [];
  const onUncaught = (err: unknown) => crashes.push(`uncaughtException: ${String(err)}`);
  const onUnhandled = (err: unknown) => crashes.push(`unhandledRejection: ${String(err)}`);
  return {
    crashes,
    start() {
      process.on('uncaughtException', onUncaught);
      process.on('unhandledRejection', onUnhandled);
    },
    stop() {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUnhandled);
    },
  };
}
