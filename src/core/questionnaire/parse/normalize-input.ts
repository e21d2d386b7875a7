import { fail, ok, type ParseResult } from '../../result.js';

// Windows clients, pasted documents and some Android keyboards send these instead of \n;
// they are line breaks, not hostile input.
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

// Control characters corrupt logs and terminals; lone surrogates cannot be stored as UTF-8;
// bidi overrides can make stored text read differently from what was typed.
const FORBIDDEN = /(?![\n\t])\p{Cc}|\p{Cs}|[\u202A-\u202E\u2066-\u2069]/u;

// Copy-paste from web pages and Word leaves these invisible marks; they would make otherwise
// equal answers differ. ZWJ (U+200D) stays because emoji sequences need it.
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/g;

const SPACE_RUN = /[\t\p{Zs}]+/gu;

/**
 * Cleans one free-text answer before it is parsed or stored. Length is counted in code points
 * so an emoji costs the user one character, as it looks on the phone.
 */
export function normalizeInput(raw: string, maxLength: number): ParseResult<string> {
  const unified = raw.replace(LINE_BREAKS, '\n');
  if (FORBIDDEN.test(unified)) return fail('input.control_chars');
  const text = unified
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .split('\n')
    .map((line) => line.replace(SPACE_RUN, ' ').trim())
    .join('\n')
    .trim();
  if (text === '') return fail('input.empty');
  if ([...text].length > maxLength) return fail('input.too_long', { max: maxLength });
  return ok(text);
}

// Besides the listed punctuation, the Unicode dash family is dropped because NFKC leaves it
// alone and phones produce it for "-" in labels like "サービス-保守".
const MATCH_NOISE = /[\s\u00AD\u200B\u2060\uFEFF・･.\-_()（）「」\u2010-\u2015\u2212]/gu;

/** Key for comparing a typed answer with a label: width, case, spacing and punctuation do not count. */
export function normalizeForMatch(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(MATCH_NOISE, '');
}
