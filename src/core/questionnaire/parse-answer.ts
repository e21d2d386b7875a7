import { fail, ok, type ParseResult } from '../result.js';
import { UNKNOWN, type FieldValue } from './answer-value.js';
import type { FieldDefinition } from './definition.js';
import { normalizeInput } from './parse/normalize-input.js';
import { parseMoney } from './parse/money.js';
import { parseCount } from './parse/count.js';
import { parseMonths } from './parse/months.js';
import { isUnknownAnswer, parseYesNo } from './parse/yes-no.js';
import { parseChoice, parseMultiChoice } from './parse/choice.js';
import { parsePrefecture } from './parse/prefecture.js';
import { parseEmail } from './parse/email.js';

/** Labels of a choice in every language, so "製造業", "Manufacturing" and "1" all work. */
export type ChoiceLabels = (choiceSet: string, choiceId: string) => string[];

export interface AnswerContext {
  choiceSets: Record<string, string[]>;
  choiceLabels: ChoiceLabels;
}

/** Long answers may be long, but a pasted document is not an answer. */
export const MAX_LONG_TEXT = 4000;
export const MAX_SHORT_TEXT = 200;

export function parseAnswer(field: FieldDefinition, raw: string, ctx: AnswerContext): ParseResult<FieldValue> {
  const max = field.maxLength ?? (field.type === 'long_text' ? MAX_LONG_TEXT : MAX_SHORT_TEXT);
  const normalized = normalizeInput(raw, max);
  if (!normalized.ok) return normalized;
  const text = normalized.value;
  // A choice labelled like "don't know" (未定, undecided) is that choice, not a "don't know yet".
  if (field.type === 'choice' || field.type === 'multi_choice') {
    const chosen = field.type === 'choice' ? parseChoice(text, choicesOf(field, ctx)) : parseMultiChoice(text, choicesOf(field, ctx), { exclusive: field.exclusive ?? [] });
    if (chosen.ok || !isUnknownAnswer(text)) return chosen;
  }
  if (isUnknownAnswer(text)) return field.allowUnknown ? ok(UNKNOWN) : fail('unknown.not_allowed');

  switch (field.type) {
    case 'text':
    case 'long_text':
      return ok(text);
    case 'integer':
      return parseCount(text, bounds(field));
    case 'money':
      return parseMoney(text);
    case 'months':
      return parseMonths(text);
    case 'yes_no':
      return parseYesNo(text);
    case 'prefecture':
      return parsePrefecture(text);
    case 'email':
      return parseEmail(text);
    case 'choice':
      return parseChoice(text, choicesOf(field, ctx));
    case 'multi_choice':
      return parseMultiChoice(text, choicesOf(field, ctx), { exclusive: field.exclusive ?? [] });
  }
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

const choicesOf = (field: FieldDefinition, ctx: AnswerContext) =>
  (ctx.choiceSets[field.choices ?? ''] ?? []).map((id) => ({ id, labels: ctx.choiceLabels(field.choices ?? '', id) }));
