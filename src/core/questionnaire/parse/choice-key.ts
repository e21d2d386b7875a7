import { normalizeForMatch } from './normalize-input.js';
import { stripTrailing } from './strip-affixes.js';

// Katakana and hiragana are the same sounds; a phone keyboard offers whichever the user's last
// conversion left, so "セイゾウ" and "せいぞう" must compare equal. U+30A1–U+30F6 map by a fixed
// offset onto U+3041–U+3096; the long mark ー stays as it is on both sides.
const KATAKANA = /[\u30A1-\u30F6]/gu;
export const foldKana = (s: string): string => s.replace(KATAKANA, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) - 0x60));

// Particles and joiners that people add or drop freely between the words of a label
// (特許を取得済み / 特許取得済み, 技術と研究開発, Service and maintenance). Dropped on both sides,
// so they can never make two different labels equal unless the words themselves are equal.
const JOINERS = /[をのがと/／&＆+、,，'’‘`]/gu;
const ENGLISH_JOINERS = /\b(?:and|the|a|an|of|or)\b/gu;

/** The comparison key of a label or a typed answer: width, case, kana, punctuation, particles do not count. */
export function choiceKey(s: string): string {
  const lower = s.normalize('NFKC').toLowerCase().replace(ENGLISH_JOINERS, ' ');
  return foldKana(normalizeForMatch(lower)).replace(JOINERS, '');
}

// Polite closings and "I'll go with" phrasing around a choice ("製造でお願いします", "特許ありです").
// Longest first so "でお願いします" is not cut down to "お願いします" by a shorter tail.
const TAILS = [
  'でおねがいします', 'でお願いします', 'にしてください', 'だとおもいます', 'だと思います', 'とおもいます', 'と思います',
  'になります', 'にします', 'でございます', 'でしょうか', 'ですかね', 'ですね', 'でしょう', 'でした', 'です', 'かな', 'かも', 'だね', 'だよ', 'だ', 'で',
  'おねがいします', 'お願いします', 'やっています', 'やってます', 'をしています', 'しています', 'してます', 'がメインです', 'がメイン',
  'が中心です', 'が中心', 'が主です', 'が主', 'ですかね', 'って感じです', 'という感じです', 'みたいな感じ', 'ぐらい', 'くらい',
  'please', 'i think', 'i guess', 'probably', 'maybe',
].map(choiceKey).sort((a, b) => b.length - a.length);

// Openings before the answer ("うちは製造業です", "we are in retail"). Latin ones only as whole words,
// or "in" would eat the start of "investment".
const HEADS = ['うちは', 'わがしゃは', '弊社は', '当社は', 'いまは', '今は', 'たぶん', '多分', 'おそらく', 'ぶんやは', '分野は'];
const LATIN_HEADS = [
  'i think', 'i guess', 'i would say', 'we are mostly', 'we are in', 'we are a', 'we are an', 'we are', "we're in", "we're a", "we're", 'we do',
  'it is', "it's", 'it would be', 'our', 'in', 'mostly', 'mainly', 'probably', 'maybe', 'definitely', 'just',
];

function withoutHeads(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().trim();
  for (let changed = true; changed; ) {
    changed = false;
    const latin = LATIN_HEADS.find((h) => s.startsWith(`${h} `));
    const head = latin !== undefined ? `${latin} ` : HEADS.find((h) => s.startsWith(h) && s.length > h.length);
    if (head !== undefined) {
      s = s.slice(head.length).trim();
      changed = true;
    }
  }
  return s;
}

/** The key of a typed answer, and the same key without polite openings and endings when those were there. */
export function typedKeys(text: string): string[] {
  const keys: string[] = [];
  // With and without the opening ("in progress" is a label, not "progress" after "in"), and every
  // step of the endings: "まだです" is "まだ" after one, and "ま" after a second ("だ").
  for (const base of [text, withoutHeads(text)]) {
    // stripTrailing, not /[。!?]+$/: that regex backtracks quadratically on a long run of "。" followed by a letter.
    let plain = stripTrailing(choiceKey(base), '。!?！？');
    keys.push(plain);
    for (let changed = true; changed; ) {
      changed = false;
      const tail = TAILS.find((t) => t !== '' && plain.endsWith(t) && plain.length > t.length);
      if (tail !== undefined) {
        plain = plain.slice(0, -tail.length);
        keys.push(plain);
        changed = true;
      }
    }
  }
  return [...new Set(keys.filter((k) => k !== ''))];
}

const LATIN = /^[a-z0-9]+$/;
export const isLatinKey = (key: string): boolean => LATIN.test(key);

// Scratch rows reused across calls: the parser runs one answer at a time on one thread, and
// allocating rows per pair was most of the fuzzy step's cost (bench/parse.ts).
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);
let used = new Uint8Array(64);
const ensure = (n: number) => {
  if (rowA.length > n) return;
  const size = 2 * n + 2;
  rowA = new Int32Array(size);
  rowB = new Int32Array(size);
  rowC = new Int32Array(size);
  used = new Uint8Array(size);
};

/**
 * Sørensen–Dice over character bigrams: how people mistype Japanese (one kanji or kana off, a kana
 * left unconverted). UTF-16 units stand for characters here: keys are kana, kanji and Latin, all
 * in the BMP, and a rare surrogate pair only costs a little similarity.
 */
export function bigramDice(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  ensure(b.length);
  used.fill(0, 0, b.length);
  let common = 0;
  for (let i = 0; i + 1 < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = a.charCodeAt(i + 1);
    for (let j = 0; j + 1 < b.length; j++) {
      if (used[j] === 0 && b.charCodeAt(j) === x && b.charCodeAt(j + 1) === y) {
        used[j] = 1;
        common += 1;
        break;
      }
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/**
 * Edit distance counting a swap of two neighbours as one edit ("retial", "desing"), over UTF-16
 * units with three reused rows. fastest-levenshtein was measured beside it (bench/parse.ts); it
 * has no swaps, and core may import no package.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = b.length;
  ensure(n);
  let before = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      cur[j] = d;
    }
    const t = before;
    before = prev;
    prev = cur;
    cur = t;
  }
  return prev[n] ?? 0;
}

/**
 * How close a typed key is to a label key, 0–1. English is compared by edit distance (a letter
 * missed or swapped), Japanese by shared bigrams (a kanji off, 済み typed as すみ).
 */
export function similarity(typed: string, name: string, floor = 0): number {
  if (typed === name) return 1;
  const longer = Math.max(typed.length, name.length);
  const shorter = Math.min(typed.length, name.length);
  if (longer === 0) return 0;
  const latin = isLatinKey(typed) && isLatinKey(name);
  // Upper bounds from the lengths alone: a pair that cannot reach `floor` is not compared.
  const editBound = shorter / longer;
  const diceBound = shorter < 2 ? 0 : (2 * (shorter - 1)) / (typed.length + name.length - 2);
  if (Math.max(editBound, latin ? 0 : diceBound) < floor) return 0;
  const edit = editBound < floor ? 0 : 1 - editDistance(typed, name) / longer;
  return latin ? edit : Math.max(bigramDice(typed, name), edit);
}
