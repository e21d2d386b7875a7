import { fail, ok, type ParseResult } from '../../result.js';
import { choiceKey, isLatinKey, similarity, typedKeys } from './choice-key.js';
import { stripTrailing } from './strip-affixes.js';

/** A choice and every name it answers to: labels in each language, aliases, kana readings, romaji. */
export type Choice = { id: string; labels: string[] };

export interface MatchOptions {
  /** Kana reading of romaji input ("seizou" → "せいぞう"), supplied from outside core. */
  reading?: (text: string) => string | undefined;
}

/**
 * What a typed answer means among a list of choices. `suggest` is close but not exact: the
 * bot asks before it stores anything (one id: "did you mean X?", several: "which of these?").
 */
export type ChoiceMatch =
  | { kind: 'match'; id: string }
  | { kind: 'suggest'; ids: string[] }
  | { kind: 'out_of_range' }
  | { kind: 'none' };

// Read from a lighter key than choiceKey: dropping "-" and "." there would turn "-1"
// into 1 and "2.5" into 25.
const NUMBERED = /^[(「]?(?:no\.?|#|番号|number|choice|option)?(\d+)(?:番目|番|\.)?[)」]?$/u;
const POLITE_TAIL = /(?:でお願いします|でおねがいします|にします|です)$/u;

const codePoints = (s: string): number => [...s].length;

const NEGATION = /ない|なし|無し|無い|ません|ず|未|not|no|never|without|dont|didnt|havent/u;

// Labels come from the locale files and do not change while the process runs; folding them on
// every answer was the largest part of the parser's cost. Bounded so odd callers cannot grow it.
const nameKeys = new Map<string, string>();
function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = choiceKey(name);
    if (nameKeys.size > 20_000) nameKeys.clear();
    nameKeys.set(name, key);
  }
  return key;
}

const namesOf = (c: Choice): string[] => [c.id, ...c.labels];

function keysOf(text: string, opts?: MatchOptions): string[] {
  const keys = typedKeys(text);
  const reading = opts?.reading?.(text);
  if (reading !== undefined && reading !== text) keys.push(...typedKeys(reading));
  return [...new Set(keys.filter((k) => k !== ''))];
}

type Exact = { kind: 'match'; id: string } | { kind: 'out_of_range' } | { kind: 'none' };

/** Id, a name in any language, or list number: the readings that cannot be ambiguous. */
function exactChoice(text: string, choices: readonly Choice[], opts?: MatchOptions): Exact {
  const keys = keysOf(text, opts);
  // A name is checked before the list number so that a label made of digits ("2025") still works.
  for (const c of choices) {
    if (namesOf(c).some((n) => keys.includes(nameKey(n)))) return { kind: 'match', id: c.id };
  }
  const numberKey = stripTrailing(text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ''), '。!！');
  const numbered = NUMBERED.exec(numberKey) ?? NUMBERED.exec(numberKey.replace(POLITE_TAIL, ''));
  if (numbered !== null) {
    const n = Number(numbered[1]);
    const picked = choices[n - 1];
    return n >= 1 && picked !== undefined ? { kind: 'match', id: picked.id } : { kind: 'out_of_range' };
  }
  return { kind: 'none' };
}

const words = (s: string): string[] =>
  s.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}&]+/u).filter((w) => w !== '');

/**
 * Japanese has no spaces, so a part of a label is any substring. Latin text must line up with
 * word starts, or "nan" would find "mainte-nan-ce" and "it" would find "digital".
 * `part`: the answer is a part of a name ("研究" of 技術・研究開発); `contains`: the answer holds a
 * whole name and more ("製造行", "patent pendng"), which may mean something else and is asked about.
 */
function partialMatch(text: string, key: string, names: readonly string[]): 'part' | 'contains' | undefined {
  let found: 'part' | 'contains' | undefined;
  if (isLatinKey(key)) {
    const typed = words(text).join(' ');
    for (const name of names) {
      const own = words(name).join(' ');
      if (` ${own}`.includes(` ${typed}`)) return 'part';
      if (own.length >= 2 && ` ${typed} `.includes(` ${own} `)) found = 'contains';
    }
    return found;
  }
  for (const k of names.map(nameKey)) {
    if (k === '') continue;
    if (k.includes(key)) return 'part';
    // Single-character names would be "contained" in almost any sentence.
    if (codePoints(k) >= 2 && key.includes(k)) found = 'contains';
  }
  return found;
}

// Below these a "close" label is a coincidence rather than a typo. English keys are compared by
// edit distance, which is stricter per character than Japanese bigrams; measured on the corpus
// in test/fixtures/typed/.
const LATIN_THRESHOLD = 0.75;
const JAPANESE_THRESHOLD = 0.5;
// A runner-up this close to the best is offered too, rather than guessing between them.
const CLOSE_SECOND = 0.12;
const MAX_SUGGESTIONS = 4;
// Nobody types a choice this long; beyond it a sentence or a paste is not a typo of a label, and
// edit distance (quadratic) would turn hostile input into seconds of CPU.
const MAX_FUZZY_CHARS = 48;

function fuzzyCandidates(keys: readonly string[], choices: readonly Choice[]): string[] {
  const scored: { id: string; score: number }[] = [];
  if (keys.every((k) => codePoints(k) > MAX_FUZZY_CHARS)) return [];
  for (const c of choices) {
    let best = 0;
    for (const key of keys) {
      if (codePoints(key) > MAX_FUZZY_CHARS) continue;
      const threshold = isLatinKey(key) ? LATIN_THRESHOLD : JAPANESE_THRESHOLD;
      for (const n of namesOf(c)) {
        const k = nameKey(n);
        if (k === '' || isLatinKey(key) !== isLatinKey(k)) continue;
        const s = similarity(key, k, threshold);
        if (s >= threshold && s > best) best = s;
      }
    }
    if (best > 0) scored.push({ id: c.id, score: best });
  }
  scored.sort((a, b) => b.score - a.score);
  const top = scored[0]?.score ?? 0;
  return scored.filter((s) => top - s.score <= CLOSE_SECOND).slice(0, MAX_SUGGESTIONS).map((s) => s.id);
}

/** One answer from a list: exact names and numbers first, then a unique part of a name, then "did you mean". */
export function matchChoice(text: string, choices: readonly Choice[], opts?: MatchOptions): ChoiceMatch {
  const exact = exactChoice(text, choices, opts);
  if (exact.kind !== 'none') return exact;
  const keys = keysOf(text, opts);
  // The answer without its openings and polite endings, as far as that leaves a word.
  const typed = typedKeys(text);
  const key = typed.filter((k) => codePoints(k) >= 2).at(-1) ?? '';
  if (key === '') return { kind: 'none' };
  const parts: Choice[] = [];
  const holders: Choice[] = [];
  for (const c of choices) {
    const how = partialMatch(text, key, namesOf(c));
    if (how === 'part') parts.push(c);
    else if (how === 'contains') holders.push(c);
  }
  const only = parts.length === 1 && holders.every((c) => c === parts[0]) ? parts[0] : undefined;
  // "特許取得していない" holds "特許取得" but means the opposite: a negated answer is asked about,
  // unless the name itself is the negative one ("特にない").
  if (only !== undefined && !(NEGATION.test(key) && !namesOf(only).some((n) => NEGATION.test(nameKey(n))))) return { kind: 'match', id: only.id };
  const close = fuzzyCandidates(keys, choices);
  const ids = [...new Set([...close, ...parts.map((c) => c.id), ...holders.map((c) => c.id)])].slice(0, MAX_SUGGESTIONS);
  return ids.length > 0 ? { kind: 'suggest', ids } : { kind: 'none' };
}

/** True when the answer is a choice's id, name or number as such, not a part or a near miss. */
export function isExactChoice(text: string, choices: readonly Choice[], opts?: MatchOptions): boolean {
  return exactChoice(text, choices, opts).kind === 'match';
}

const numbersOf = (ids: readonly string[], choices: readonly Choice[]) =>
  ids.map((id) => choices.findIndex((c) => c.id === id) + 1).join(', ');

/** One answer from a numbered list; a close-but-not-exact answer is refused here (callers that can ask use matchChoice). */
export function parseChoice(text: string, choices: readonly Choice[], opts?: MatchOptions): ParseResult<string> {
  const count = choices.length;
  const m = matchChoice(text, choices, opts);
  if (m.kind === 'match') return ok(m.id);
  if (m.kind === 'out_of_range') return fail('choice.out_of_range', { count });
  if (m.kind === 'suggest' && m.ids.length > 1) return fail('choice.ambiguous', { count, candidates: numbersOf(m.ids, choices) });
  return fail('choice.invalid', { count });
}

// Separators from strongest to weakest: list punctuation never occurs inside a label, while
// "/", "・", "と", "や" and spaces may ("Shinkin / credit cooperative"), so those are only tried
// when the stronger split did not work.
const SPLITTERS: readonly RegExp[] = [
  /[,，、;；\n|]+/u,
  /[/／]+/u,
  // No \s* around the alternatives: on a long run of spaces that backtracks quadratically,
  // and the pieces are trimmed anyway.
  /[・･&+＆]|及び|および|並びに|ならびに|\band\b|と|や/u,
  /\s+/u,
];

/** One typed piece of a multi-choice answer: exact (one id) or close (the ids it may mean). */
type Slot = { exact: boolean; ids: string[] };

function leaf(piece: string, choices: readonly Choice[], opts?: MatchOptions): ParseResult<Slot[]> {
  const m = matchChoice(piece, choices, opts);
  if (m.kind === 'match') return ok([{ exact: true, ids: [m.id] }]);
  if (m.kind === 'suggest') return ok([{ exact: false, ids: m.ids }]);
  return m.kind === 'out_of_range' ? fail('choice.out_of_range', { count: choices.length }) : fail('choice.invalid', { count: choices.length });
}

function parsePiece(piece: string, level: number, choices: readonly Choice[], opts?: MatchOptions): ParseResult<Slot[]> {
  const exact = exactChoice(piece, choices, opts);
  if (exact.kind === 'match') return ok([{ exact: true, ids: [exact.id] }]);
  const splitter = SPLITTERS[level];
  if (splitter === undefined) return leaf(piece, choices, opts);
  const parts = piece.split(splitter).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length <= 1) return parsePiece(piece, level + 1, choices, opts);

  const slots: Slot[] = [];
  let firstError: ParseResult<Slot[]> | undefined;
  let anyOk = false;
  for (const part of parts) {
    const r = parsePiece(part, level + 1, choices, opts);
    if (r.ok) {
      anyOk = true;
      slots.push(...r.value);
    } else {
      firstError ??= r;
    }
  }
  if (firstError === undefined) return ok(slots);
  // When no part made sense the split itself was probably wrong (a separator inside a label),
  // so the piece gets one more chance as a whole.
  if (!anyOk) {
    const whole = leaf(piece, choices, opts);
    if (whole.ok) return whole;
  }
  return firstError;
}

/** Several answers from a list; `suggest` carries whole answers to offer (each a list of ids). */
export type MultiChoiceMatch = { kind: 'match'; ids: string[] } | { kind: 'suggest'; options: string[][] };

/**
 * Several answers from a numbered list: "1 3 4", "1、3、4", "設計と製造", "1と販売", "design, manufacturing".
 * The result follows the order of `choices`, not the order typed.
 */
export function matchMultiChoice(
  text: string,
  choices: readonly Choice[],
  opts?: MatchOptions & { exclusive?: string[] },
): ParseResult<MultiChoiceMatch> {
  const r = parsePiece(text.normalize('NFKC').trim(), 0, choices, opts);
  if (!r.ok) return r;
  const slots = r.value;
  if (slots.length === 0) return fail('choice.invalid', { count: choices.length });
  const ordered = (ids: Iterable<string>) => {
    const picked = new Set(ids);
    return choices.filter((c) => picked.has(c.id)).map((c) => c.id);
  };
  const exclusiveIn = (ids: readonly string[]) => (ids.length > 1 ? (opts?.exclusive ?? []).find((id) => ids.includes(id)) : undefined);

  if (slots.every((s) => s.exact)) {
    const ids = ordered(slots.flatMap((s) => s.ids));
    const exclusive = exclusiveIn(ids);
    return exclusive !== undefined ? fail('multi_choice.exclusive', { choice: exclusive }) : ok({ kind: 'match', ids });
  }
  const only = slots.length === 1 ? slots[0] : undefined;
  if (only !== undefined) return ok({ kind: 'suggest', options: only.ids.map((id) => [id]) });
  const unclear = slots.find((s) => !s.exact && s.ids.length > 1);
  if (unclear !== undefined) return fail('choice.ambiguous', { count: choices.length, candidates: numbersOf(unclear.ids, choices) });
  const ids = ordered(slots.flatMap((s) => s.ids));
  const exclusive = exclusiveIn(ids);
  return exclusive !== undefined ? fail('multi_choice.exclusive', { choice: exclusive }) : ok({ kind: 'suggest', options: [ids] });
}

/** Several answers from a numbered list; close-but-not-exact pieces are refused (callers that can ask use matchMultiChoice). */
export function parseMultiChoice(
  text: string,
  choices: readonly Choice[],
  opts?: MatchOptions & { exclusive?: string[] },
): ParseResult<string[]> {
  const r = matchMultiChoice(text, choices, opts);
  if (!r.ok) return r;
  if (r.value.kind === 'match') return ok(r.value.ids);
  const options = r.value.options;
  if (options.length > 1) return fail('choice.ambiguous', { count: choices.length, candidates: numbersOf(options.flat(), choices) });
  return fail('choice.invalid', { count: choices.length });
}
