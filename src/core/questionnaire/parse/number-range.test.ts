import { describe, expect, it } from 'vitest';
import { parseCount } from './count.js';
import { parseMoney } from './money.js';
import { parseMonths } from './months.js';
import { parseRange } from './number-range.js';
import { isApproximate } from './strip-affixes.js';
import { understandAnswer, type AnswerContext } from '../parse-answer.js';
import type { FieldDefinition } from '../definition.js';

describe('ranges typed for one number', () => {
  it("share the right side's unit with a bare left side", () => {
    expect(parseRange('1000〜2000万円', parseMoney)).toEqual({ low: 10_000_000, high: 20_000_000 });
    expect(parseRange('3千〜5千万', parseMoney)).toEqual({ low: 30_000_000, high: 50_000_000 });
    expect(parseRange('5000万〜1億', parseMoney)).toEqual({ low: 50_000_000, high: 100_000_000 });
    expect(parseRange('30〜50人', (s) => parseCount(s))).toEqual({ low: 30, high: 50 });
    expect(parseRange('30 to 50 staff', (s) => parseCount(s))).toEqual({ low: 30, high: 50 });
    expect(parseRange('between 30 and 50', (s) => parseCount(s))).toEqual({ low: 30, high: 50 });
    expect(parseRange('6〜12ヶ月', parseMonths)).toEqual({ low: 6, high: 12 });
  });

  it('are not ranges when a side is not a number, the order is reversed, or it is a sign', () => {
    expect(parseRange('50〜30人', (s) => parseCount(s))).toBeUndefined();
    expect(parseRange('-300万', parseMoney)).toBeUndefined();
    expect(parseRange('〜45', (s) => parseCount(s))).toBeUndefined();
    expect(parseRange('たくさん〜いっぱい', (s) => parseCount(s))).toBeUndefined();
    expect(parseRange(`${'1-'.repeat(5000)}2`, (s) => parseCount(s))).toBeUndefined();
  });

  it('tell hedged numbers from plain ones', () => {
    for (const t of ['約45人', '45人くらい', '45人前後', 'about 45', '~45', '50人弱', '300人以上']) expect(isApproximate(t), t).toBe(true);
    for (const t of ['45人', '45人です', '2,000万円', '45 staff']) expect(isApproximate(t), t).toBe(false);
  });
});

const ctx: AnswerContext = { choiceSets: { s: ['a', 'b'] }, choiceLabels: (_set, id) => (id === 'a' ? ['設計', 'Design'] : ['製造', 'Manufacturing']) };
const field = (f: Partial<FieldDefinition>): FieldDefinition => ({ id: 'f', type: 'text', required: true, allowUnknown: true, ...f });

describe('understandAnswer on hostile input', () => {
  it('never throws and stays fast for every answer type', () => {
    const hostile = ['〜'.repeat(5000), '1〜'.repeat(3000), 'と'.repeat(20_000), 'せいぞ'.repeat(5000), 'a'.repeat(100_000), '1,'.repeat(3000), 'です'.repeat(20_000) + 'x'];
    for (const type of ['text', 'integer', 'money', 'months', 'choice', 'multi_choice', 'yes_no', 'prefecture', 'email'] as const)
      for (const text of hostile) {
        const started = performance.now();
        expect(() => understandAnswer(field({ type, choices: 's', maxLength: 200_000 }), text, ctx)).not.toThrow();
        expect(performance.now() - started, `${type} ${text.slice(0, 12)}`).toBeLessThan(1000);
      }
  });
});
