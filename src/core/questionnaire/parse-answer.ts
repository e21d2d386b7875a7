import { fail, ok, type ParseResult } from '../result.js';
import { UNKNOWN, type FieldValue } from './answer-value.js';
import type { FieldDefinition } from './definition.js';
import { normalizeInput } from './parse/normalize-input.js';
import { parseMoney } from './parse/money.js';
import { parseCount } from './parse/count.js';
import { parseMonths } from './parse/months.js';
import { isUnknownAnswer, parseYesNo } from './parse/yes-no.js';
import { isExactChoice, matchChoice, matchMultiChoice, type Choice } from './parse/choice.js';
import { parsePrefecture } from './parse/prefecture.js';
import { parseEmail } from './parse/email.js';
import { isApproximate } from './parse/strip-affixes.js';
import { parseRange } from './parse/number-range.js';
import type { AnswerNote } from '../messages.js';

/** Names of a choice in every language (labels, aliases, kana readings), so "製造業", "せいぞう", "Manufacturing" and "1" all work. */
export type ChoiceLabels = (choiceSet: string, choiceId: string) => string[];

export interface AnswerContext {
  choiceSets: Record<string, string[]>;
  choiceLabels: ChoiceLabels;
  /** Kana reading of romaji input ("seizou" → "せいぞう"); core cannot import the converter itself. */
  reading?: (text: string) => string | undefined;
}

/** Long answers may be long, but a pasted document is not an answer. */
export const MAX_LONG_TEXT = 4000;
export const MAX_SHORT_TEXT = 200;


/**
 * What an answer was understood to be. `suggest` is a close-but-not-exact reading: nothing is
 * stored until the person says yes (one option) or picks one (several).
 */
export type Understood = { kind: 'value'; value: FieldValue; note?: AnswerNote } | { kind: 'suggest'; options: FieldValue[] };

const value = (v: FieldValue, note?: AnswerNote): Understood => (note ? { kind: 'value', value: v, note } : { kind: 'value', value: v });

export function understandAnswer(field: FieldDefinition, raw: string, ctx: AnswerContext): ParseResult<Understood> {
  const max = field.maxLength ?? (field.type === 'long_text' ? MAX_LONG_TEXT : MAX_SHORT_TEXT);
  const normalized = normalizeInput(raw, max);
  if (!normalized.ok) return normalized;
  const text = normalized.value;
  const opts = ctx.reading ? { reading: ctx.reading } : {};
  // A choice labelled like "don't know" (未定, undecided) is that choice, not a "don't know yet",
  // also as the first of a list ("未定、自己資金" is that choice combined, and refused as such);
  // but "わからない" is not the choice "ない" it merely contains.
  const unknownTyped = isUnknownAnswer(text) && !isExactChoice(text, choicesOf(field, ctx), opts) && !isExactChoice(text.split(/[、,]/u)[0] ?? '', choicesOf(field, ctx), opts);
  if (field.type === 'choice' && !unknownTyped) {
    const m = matchChoice(text, choicesOf(field, ctx), opts);
    if (m.kind === 'match') return ok(value(m.id));
    if (!isUnknownAnswer(text)) {
      if (m.kind === 'suggest') return ok({ kind: 'suggest', options: m.ids });
      const count = ctx.choiceSets[field.choices ?? '']?.length ?? 0;
      return fail(m.kind === 'out_of_range' ? 'choice.out_of_range' : 'choice.invalid', { count });
    }
  }
  if (field.type === 'multi_choice' && !unknownTyped) {
    const m = matchMultiChoice(text, choicesOf(field, ctx), { ...opts, exclusive: field.exclusive ?? [] });
    if (m.ok && m.value.kind === 'match') return ok(value(m.value.ids));
    if (!isUnknownAnswer(text)) return m.ok ? ok({ kind: 'suggest', options: m.value.kind === 'suggest' ? m.value.options : [] }) : m;
  }
  if (isUnknownAnswer(text)) {
    if (field.allowUnknown) return ok(value(UNKNOWN));
    return field.unknownRefused ? fail(`unknown.refused.${field.unknownRefused}`) : fail('unknown.not_allowed');
  }

  switch (field.type) {
    case 'text':
    case 'long_text':
      return ok(value(text));
    case 'integer':
      return numeric(text, (s) => parseCount(s, bounds(field)));
    case 'money':
      return numeric(text, parseMoney);
    case 'months':
      return numeric(text, parseMonths);
    case 'yes_no':
      return wrap(parseYesNo(text));
    case 'prefecture':
      return wrap(parsePrefecture(text));
    case 'email':
      return wrap(parseEmail(text));
    case 'choice':
    case 'multi_choice':
      // Unknown answers were handled above; reaching here means the choice text was "don't know" but not allowed.
      return fail('unknown.not_allowed');
  }
}

const wrap = (r: ParseResult<FieldValue>): ParseResult<Understood> => (r.ok ? ok(value(r.value)) : r);

/** A number as typed: hedges are kept as "approximate"; a range is kept, and its middle stored. */
function numeric(text: string, parseOne: (s: string) => ParseResult<number>): ParseResult<Understood> {
  const one = parseOne(text);
  if (one.ok) return ok(value(one.value, isApproximate(text) ? { approximate: true } : undefined));
  const range = parseRange(text, parseOne);
  if (range === undefined) return one;
  const middle = Math.round((range.low + range.high) / 2);
  const checked = parseOne(String(middle));
  return checked.ok ? ok(value(middle, { approximate: true, range: [range.low, range.high] })) : checked;
}

/** The stored value only; a close-but-not-exact choice is refused. For callers that cannot ask back. */
export function parseAnswer(field: FieldDefinition, raw: string, ctx: AnswerContext): ParseResult<FieldValue> {
  const r = understandAnswer(field, raw, ctx);
  if (!r.ok) return r;
  if (r.value.kind === 'value') return ok(r.value.value);
  const count = ctx.choiceSets[field.choices ?? '']?.length ?? 0;
  return fail('choice.invalid', { count });
}

/** A value chosen with a button or a select: already an id, but it still has to be one of ours. */
export function acceptChoiceValue(field: FieldDefinition, value: string | string[], ctx: AnswerContext): ParseResult<FieldValue> {
  const ids = field.type === 'yes_no' ? ['yes', 'no'] : (ctx.choiceSets[field.choices ?? ''] ?? []);
  if (value === 'unknown' && field.allowUnknown) return ok(UNKNOWN);
  if (field.type === 'multi_choice') {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) return fail('multi_choice.empty');
    if (!list.every((v) => ids.includes(v))) return fail('choice.invalid', { count: ids.length });
    const exclusive = (field.exclusive ?? []).find((e) => list.includes(e));
    if (exclusive && list.length > 1) return fail('multi_choice.exclusive', { choice: exclusive });
    return ok(ids.filter((id) => list.includes(id)));
  }
  if (typeof value === 'string' && ids.includes(value)) return ok(value);
  return fail('choice.invalid', { count: ids.length });
}

const bounds = (f: FieldDefinition) => ({
  ...(f.min !== undefined ? { min: f.min } : {}),
  ...(f.max !== undefined ? { max: f.max } : {}),
});

const choicesOf = (field: FieldDefinition, ctx: AnswerContext): Choice[] =>
  (ctx.choiceSets[field.choices ?? ''] ?? []).map((id) => ({ id, labels: ctx.choiceLabels(field.choices ?? '', id) }));
