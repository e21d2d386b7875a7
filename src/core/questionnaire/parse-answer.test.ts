import { describe, expect, it } from 'vitest';
import { parseAnswer, type AnswerContext } from './parse-answer.js';
import type { FieldDefinition } from './definition.js';

const labels: Record<string, string[]> = { 'form.formal': ['連携', 'Formal'], 'form.cooperative': ['協力', 'Cooperation'], 'form.undecided': ['未定', 'Undecided'], 'sources.own': ['自己資金', 'Own funds'], 'sources.undecided': ['未定', 'Undecided'] };
const ctx: AnswerContext = {
  choiceSets: { form: ['formal', 'cooperative', 'undecided'], sources: ['own', 'undecided'] },
  choiceLabels: (set, id) => labels[`${set}.${id}`] ?? [],
};
const field = (f: Partial<FieldDefinition>): FieldDefinition => ({ id: 'x', type: 'text', required: true, allowUnknown: false, ...f });

describe('parseAnswer', () => {
  it('takes a choice labelled like "don\'t know" as that choice', () => {
    expect(parseAnswer(field({ type: 'choice', choices: 'form' }), '未定', ctx)).toEqual({ ok: true, value: 'undecided' });
    expect(parseAnswer(field({ type: 'multi_choice', choices: 'sources', exclusive: ['undecided'] }), 'Undecided', ctx)).toEqual({ ok: true, value: ['undecided'] });
  });

  it('takes "don\'t know" as unknown where allowed, and refuses it where not', () => {
    expect(parseAnswer(field({ type: 'money', allowUnknown: true }), 'わからない', ctx)).toEqual({ ok: true, value: { unknown: true } });
    expect(parseAnswer(field({ type: 'choice', choices: 'form', allowUnknown: true }), "don't know", ctx)).toEqual({ ok: true, value: { unknown: true } });
    expect(parseAnswer(field({ type: 'money' }), 'わからない', ctx)).toEqual({ ok: false, code: 'unknown.not_allowed' });
  });

  it('dispatches each type to its parser', () => {
    expect(parseAnswer(field({ type: 'money' }), '５千万円', ctx)).toEqual({ ok: true, value: 50_000_000 });
    expect(parseAnswer(field({ type: 'integer', min: 3, max: 5 }), '7', ctx)).toMatchObject({ ok: false, code: 'count.out_of_range' });
    expect(parseAnswer(field({ type: 'prefecture' }), 'Aichi', ctx)).toEqual({ ok: true, value: '愛知県' });
    expect(parseAnswer(field({ type: 'months' }), '1年半', ctx)).toEqual({ ok: true, value: 18 });
    expect(parseAnswer(field({ type: 'yes_no' }), 'はい', ctx)).toEqual({ ok: true, value: 'yes' });
    expect(parseAnswer(field({ type: 'email' }), 'a@b.jp', ctx)).toEqual({ ok: true, value: 'a@b.jp' });
    expect(parseAnswer(field({ type: 'text' }), 'x'.repeat(201), ctx)).toMatchObject({ ok: false, code: 'input.too_long', params: { max: 200 } });
    expect(parseAnswer(field({ type: 'long_text' }), 'x'.repeat(4000), ctx)).toMatchObject({ ok: true });
  });
});
