import { fail, ok, type ParseResult } from '../../result.js';
import { normalizeForMatch } from './normalize-input.js';
import { stripTrailing } from './strip-affixes.js';

export type Choice = { id: string; labels: string[] };

// Read from a lighter key than normalizeForMatch: dropping "-" and "." there would turn "-1"
// into 1 and "2.5" into 25.
const NUMBERED = /^[(「]?(?:no\.?|#|番号|number|choice|option)?(\d+)(?:番目|番|\.)?[)」]?$/u;
const POLITE_TAIL = /(?:でお願いします|でおねがいします|にします|です)$/u;

const codePoints = (s: string): number => [...s].length;

/** The typed key, plus the key without a polite tail ("2番です") when that differs. */
function matchKeys(text: string): string[] {
  const key = stripTrailing(normalizeForMatch(text), '。!?');
  const plain = key.replace(POLITE_TAIL, '');
  return plain === key || plain === '' ? [key] : [key, plain];
}

type Exact = { kind: 'match'; id: string } | { kind: 'out_of_range' } | { kind: 'none' };

/** Id, full label in any language, or list number: the readings that cannot be ambiguous. */
function exactChoice(text: string, choices: readonly Choice[]): Exact {
  const keys = matchKeys(text).filter((k) => k !== '');
  // A label is checked before the list number so that a label made of digits ("2025") still works.
  for (const c of choices) {
    const own = [c.id, ...c.labels].map(normalizeForMatch);
    if (keys.some((k) => own.includes(k))) return { kind: 'match', id: c.id };
  }
  const numberKey = stripTrailing(text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ''), '。!');
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
 */
function partialMatch(text: string, key: string, names: readonly string[]): boolean {
  if (/^[a-z0-9&]+$/.test(key)) {
    const typed = words(text).join(' ');
    return names.some((name) => {
      const own = words(name).join(' ');
      return ` ${own}`.includes(` ${typed}`) || (own.length >= 2 && ` ${typed} `.includes(` ${own} `));
    });
  }
  // Single-character labels would be "contained" in almost any sentence.
  return names
    .map(normalizeForMatch)
    .some((k) => k !== '' && (k.includes(key) || (codePoints(k) >= 2 && key.includes(k))));
}

/** One answer from a numbered list: its number, id, label, or an unambiguous part of a label. */
export function parseChoice(text: string, choices: readonly Choice[]): ParseResult<string> {
  const count = choices.length;
  const exact = exactChoice(text, choices);
  if (exact.kind === 'match') return ok(exact.id);
  if (exact.kind === 'out_of_range') return fail('choice.out_of_range', { count });

  const key = matchKeys(text).at(-1) ?? '';
  if (codePoints(key) < 2) return fail('choice.invalid', { count });
  const hits: number[] = [];
  choices.forEach((c, i) => {
    if (partialMatch(text, key, [c.id, ...c.labels])) hits.push(i);
  });
  const only = hits.length === 1 ? choices[hits[0] ?? -1] : undefined;
  if (only !== undefined) return ok(only.id);
  if (hits.length > 1) {
    return fail('choice.ambiguous', { count, candidates: hits.map((i) => i + 1).join(', ') });
  }
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

function parsePiece(piece: string, level: number, choices: readonly Choice[]): ParseResult<string[]> {
  const exact = exactChoice(piece, choices);
  if (exact.kind === 'match') return ok([exact.id]);
  const splitter = SPLITTERS[level];
  if (splitter === undefined) {
    const one = parseChoice(piece, choices);
    return one.ok ? ok([one.value]) : one;
  }
  const parts = piece.split(splitter).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length <= 1) return parsePiece(piece, level + 1, choices);

  const ids: string[] = [];
  let firstError: ParseResult<string[]> | undefined;
  let anyOk = false;
  for (const part of parts) {
    const r = parsePiece(part, level + 1, choices);
    if (r.ok) {
      anyOk = true;
      ids.push(...r.value);
    } else {
      firstError ??= r;
    }
  }
  if (firstError === undefined) return ok(ids);
  // When no part made sense the split itself was probably wrong (a separator inside a label),
  // so the piece gets one more chance as a whole.
  if (!anyOk) {
    const whole = parseChoice(piece, choices);
    if (whole.ok) return ok([whole.value]);
  }
  return firstError;
}

/**
 * Several answers from a numbered list: "1 3 4", "1、3、4", "設計と製造", "design, manufacturing".
 * The result follows the order of `choices`, not the order typed.
 */
export function parseMultiChoice(
  text: string,
  choices: readonly Choice[],
  opts?: { exclusive?: string[] },
): ParseResult<string[]> {
  const r = parsePiece(text.normalize('NFKC').trim(), 0, choices);
  if (!r.ok) return r;
  if (r.value.length === 0) return fail('choice.invalid', { count: choices.length });
  const picked = new Set(r.value);
  const ids = choices.filter((c) => picked.has(c.id)).map((c) => c.id);
  if (ids.length > 1) {
    const exclusive = (opts?.exclusive ?? []).find((id) => picked.has(id));
    if (exclusive !== undefined) return fail('multi_choice.exclusive', { choice: exclusive });
  }
  return ok(ids);
}
