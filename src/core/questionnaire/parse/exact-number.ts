/**
 * A decimal kept exact (value = num / 10^scale) so that "1.1万" is exactly 11000 and a count can
 * be tested for being whole without floating-point noise.
 */
export type Exact = { readonly num: bigint; readonly scale: number };

const pow10 = (n: number): bigint => 10n ** BigInt(n);

const add = (a: Exact, b: Exact): Exact => {
  const scale = Math.max(a.scale, b.scale);
  return { num: a.num * pow10(scale - a.scale) + b.num * pow10(scale - b.scale), scale };
};

const times = (a: Exact, factor: bigint): Exact => ({ num: a.num * factor, scale: a.scale });

const ZERO: Exact = { num: 0n, scale: 0 };
const ONE: Exact = { num: 1n, scale: 0 };

// Beyond this no honest answer exists, and BigInt/regex work stays trivially cheap.
const MAX_CHARS = 1000;

const KANJI_DIGITS: Record<string, string> = {
  '〇': '0', '零': '0', '一': '1', '壱': '1', '二': '2', '弐': '2', '三': '3', '参': '3',
  '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9', '拾': '十', '萬': '万',
};

const BIG_UNITS: ReadonlyArray<readonly [string, bigint]> = [
  ['兆', pow10(12)],
  ['億', pow10(8)],
  ['万', pow10(4)],
];

const SMALL_UNITS: ReadonlyArray<readonly [string, bigint]> = [
  ['千', 1000n],
  ['百', 100n],
  ['十', 10n],
];

const ENGLISH_UNITS: Record<string, bigint> = {
  k: pow10(3), thousand: pow10(3), thousands: pow10(3),
  m: pow10(6), mm: pow10(6), mn: pow10(6), mil: pow10(6), mio: pow10(6), million: pow10(6), millions: pow10(6),
  b: pow10(9), bn: pow10(9), billion: pow10(9), billions: pow10(9),
  t: pow10(12), tn: pow10(12), trillion: pow10(12), trillions: pow10(12),
};

// On a phone, "2000まん" is what is left when the user sends before converting to kanji.
// Only after a numeral, so words that merely contain these sounds are not rewritten.
const KANA_UNITS = /(?<=[\d.〇一二三四五六七八九十百千万億兆])(ちょう|おく|まん|せん|ひゃく|じゅう)/gu;
const KANA_UNIT_KANJI: Record<string, string> = { ちょう: '兆', おく: '億', まん: '万', せん: '千', ひゃく: '百', じゅう: '十' };
// Repeated because a lookbehind sees the text before this pass: in "2せんまん" the まん follows
// せん, which is only a numeral once it has become 千.
function kanaUnits(s: string): string {
  for (let out = s; ; ) {
    const next = out.replace(KANA_UNITS, (u: string) => KANA_UNIT_KANJI[u] ?? u);
    if (next === out) return out;
    out = next;
  }
}

function decimal(s: string): Exact | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (m === null) return undefined;
  const frac = m[2] ?? '';
  return { num: BigInt((m[1] ?? '') + frac), scale: frac.length };
}

/**
 * Reads "head UNIT head UNIT rest" with each unit at most once and in descending order, which is
 * how both 兆/億/万 groups and 千/百/十 inside a group are written.
 */
function scaled(
  s: string,
  units: ReadonlyArray<readonly [string, bigint]>,
  part: (s: string) => Exact | undefined,
  bareUnitMeansOne: boolean,
): Exact | undefined {
  let rest = s;
  let total = ZERO;
  for (const [unit, factor] of units) {
    const at = rest.indexOf(unit);
    if (at < 0) continue;
    const head = rest.slice(0, at);
    rest = rest.slice(at + unit.length);
    // "千万" is 1000万, but a bare "万" is nobody's amount.
    const value = head === '' ? (bareUnitMeansOne ? ONE : undefined) : part(head);
    if (value === undefined) return undefined;
    total = add(total, times(value, factor));
  }
  if (rest === '') return total;
  const tail = part(rest);
  return tail === undefined ? undefined : add(total, tail);
}

const smallGroup = (s: string): Exact | undefined => scaled(s, SMALL_UNITS, decimal, true);

/** Thousands separators must be real ("1,200"); "1,2" is more likely a typo than 12. */
function dropThousandsSeparators(s: string): string | undefined {
  let bad = false;
  const out = s.replace(/(\.?)([\d,]+)/g, (whole: string, dot: string, run: string) => {
    if (!run.includes(',')) return whole;
    if (dot !== '' || !/^\d{1,3}(?:,\d{3})+$/.test(run)) bad = true;
    return dot + run.replace(/,/g, '');
  });
  return bad ? undefined : out;
}

/**
 * Parses a non-negative number written with digits (half/full width, kanji), thousands commas,
 * Japanese units 兆億万 / 千百十 or English k/million/billion. Callers strip words and signs first.
 */
export function parseExactNumber(text: string): Exact | undefined {
  let s = text.normalize('NFKC').toLowerCase().trim();
  if (s === '' || s.length > MAX_CHARS) return undefined;
  s = kanaUnits(s);
  // Spaces next to a unit are noise ("3億 5000万", "30 million"); between two digits they are
  // ambiguous ("3 5"), so those are left in to fail below.
  s = s.replace(/(?<!\d)\s+|\s+(?!\d)/g, '');
  if (/\s/.test(s)) return undefined;
  const plain = dropThousandsSeparators(s);
  if (plain === undefined || plain.includes(',')) return undefined;
  s = plain;

  const english = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(s);
  if (english !== null) {
    // Own keys only: "3constructor" would otherwise find Object.prototype.constructor.
    const unit = english[2] ?? '';
    const factor = Object.hasOwn(ENGLISH_UNITS, unit) ? ENGLISH_UNITS[unit] : undefined;
    const value = decimal(english[1] ?? '');
    return factor === undefined || value === undefined ? undefined : times(value, factor);
  }

  s = [...s].map((c) => KANJI_DIGITS[c] ?? c).join('');
  if (!/^[\d.兆億万千百十]+$/.test(s)) return undefined;
  return scaled(s, BIG_UNITS, smallGroup, false);
}

export const isWholeExact = (e: Exact): boolean => e.num % pow10(e.scale) === 0n;

/** Rounds half up; inputs are never negative. */
export const roundExact = (e: Exact): bigint => {
  const d = pow10(e.scale);
  return (e.num * 2n + d) / (2n * d);
};

export const addExact = add;
export const multiplyExact = (a: Exact, b: Exact): Exact => ({ num: a.num * b.num, scale: a.scale + b.scale });
export const exactFromInteger = (n: bigint): Exact => ({ num: n, scale: 0 });
