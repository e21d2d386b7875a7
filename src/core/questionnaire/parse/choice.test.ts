import { describe, expect, it } from 'vitest';
import { parseChoice, parseMultiChoice, type Choice } from './choice.js';

const FUNCTIONS: Choice[] = [
  { id: 'design', labels: ['設計', 'Design'] },
  { id: 'rnd', labels: ['技術・研究開発', 'Technology / R&D'] },
  { id: 'manufacturing', labels: ['製造・生産', 'Manufacturing'] },
  { id: 'sales_marketing', labels: ['販売・マーケティング', 'Sales and marketing'] },
  { id: 'service', labels: ['サービス・保守', 'Service / maintenance'] },
  { id: 'none', labels: ['特になし', 'None'] },
];

const INDUSTRIES: Choice[] = [
  { id: 'manufacturing', labels: ['製造業', 'Manufacturing'] },
  { id: 'wholesale', labels: ['卸売業', 'Wholesale'] },
  { id: 'retail', labels: ['小売業', 'Retail'] },
  { id: 'services', labels: ['サービス業', 'Services'] },
  { id: 'software', labels: ['ソフトウェア業', 'Software'] },
];

describe('parseChoice', () => {
  it.each(['2', '２', '2番', '２番', '2番です', 'No.2', 'no.2', 'No. 2', '#2', '＃２', '(2)', '②', '2.'])(
    'list number %j',
    (text) => {
      expect(parseChoice(text, FUNCTIONS)).toEqual({ ok: true, value: 'rnd' });
    },
  );

  it('accepts the id', () => {
    expect(parseChoice('manufacturing', FUNCTIONS)).toEqual({ ok: true, value: 'manufacturing' });
    expect(parseChoice('sales_marketing', FUNCTIONS)).toEqual({ ok: true, value: 'sales_marketing' });
    expect(parseChoice('Sales Marketing', FUNCTIONS)).toEqual({ ok: true, value: 'sales_marketing' });
  });

  it('accepts a label in any language, ignoring width, case and punctuation', () => {
    expect(parseChoice('製造・生産', FUNCTIONS)).toEqual({ ok: true, value: 'manufacturing' });
    expect(parseChoice('製造生産', FUNCTIONS)).toEqual({ ok: true, value: 'manufacturing' });
    expect(parseChoice('製造 生産', FUNCTIONS)).toEqual({ ok: true, value: 'manufacturing' });
    expect(parseChoice('MANUFACTURING', FUNCTIONS)).toEqual({ ok: true, value: 'manufacturing' });
    expect(parseChoice('ｻｰﾋﾞｽ・保守', FUNCTIONS)).toEqual({ ok: true, value: 'service' });
    expect(parseChoice('technology / r&d', FUNCTIONS)).toEqual({ ok: true, value: 'rnd' });
    expect(parseChoice('「設計」', FUNCTIONS)).toEqual({ ok: true, value: 'design' });
  });

  it('accepts a unique part of a label', () => {
    expect(parseChoice('製造', INDUSTRIES)).toEqual({ ok: true, value: 'manufacturing' });
    expect(parseChoice('研究', FUNCTIONS)).toEqual({ ok: true, value: 'rnd' });
    expect(parseChoice('マーケティング', FUNCTIONS)).toEqual({ ok: true, value: 'sales_marketing' });
    expect(parseChoice('保守', FUNCTIONS)).toEqual({ ok: true, value: 'service' });
    expect(parseChoice('soft', INDUSTRIES)).toEqual({ ok: true, value: 'software' });
  });

  it('accepts input that contains exactly one label', () => {
    expect(parseChoice('うちは製造業です', INDUSTRIES)).toEqual({ ok: true, value: 'manufacturing' });
    expect(parseChoice('We are in retail', INDUSTRIES)).toEqual({ ok: true, value: 'retail' });
  });

  it('reports several partial matches as ambiguous', () => {
    expect(parseChoice('業', INDUSTRIES)).toEqual({ ok: false, code: 'choice.invalid', params: { count: 5 } });
    expect(parseChoice('売業', INDUSTRIES)).toEqual({
      ok: false,
      code: 'choice.ambiguous',
      params: { count: 5, candidates: '2, 3' },
    });
    expect(parseChoice('サービス', [...INDUSTRIES, ...FUNCTIONS.slice(4, 5)])).toMatchObject({
      ok: false,
      code: 'choice.ambiguous',
    });
  });

  it('reports numbers outside the list', () => {
    for (const text of ['0', '7', '99', '7番', 'No.0', '9'.repeat(400)]) {
      expect(parseChoice(text, FUNCTIONS)).toEqual({ ok: false, code: 'choice.out_of_range', params: { count: 6 } });
    }
  });

  it('reports answers that match nothing', () => {
    for (const text of ['', ' ', 'x', 'banana', '農業', '-1', '2.5', 'NaN']) {
      expect(parseChoice(text, FUNCTIONS)).toEqual({ ok: false, code: 'choice.invalid', params: { count: 6 } });
    }
    expect(parseChoice('1', [])).toEqual({ ok: false, code: 'choice.out_of_range', params: { count: 0 } });
  });

  it('prefers a label made of digits over the list number', () => {
    const years: Choice[] = [
      { id: 'y2024', labels: ['2024'] },
      { id: 'y2025', labels: ['2025'] },
    ];
    expect(parseChoice('2025', years)).toEqual({ ok: true, value: 'y2025' });
    expect(parseChoice('1', years)).toEqual({ ok: true, value: 'y2024' });
  });
});

describe('parseMultiChoice', () => {
  const opts = { exclusive: ['none'] };

  it.each([
    ['1 3 4', ['design', 'manufacturing', 'sales_marketing']],
    ['1,3,4', ['design', 'manufacturing', 'sales_marketing']],
    ['1、3、4', ['design', 'manufacturing', 'sales_marketing']],
    ['１，３，４', ['design', 'manufacturing', 'sales_marketing']],
    ['4, 1', ['design', 'sales_marketing']],
    ['1/3', ['design', 'manufacturing']],
    ['1と3', ['design', 'manufacturing']],
    ['設計と製造', ['design', 'manufacturing']],
    ['設計や製造', ['design', 'manufacturing']],
    ['設計、製造・生産', ['design', 'manufacturing']],
    ['設計・製造', ['design', 'manufacturing']],
    ['design, manufacturing', ['design', 'manufacturing']],
    ['design and manufacturing', ['design', 'manufacturing']],
    ['Design & Manufacturing', ['design', 'manufacturing']],
    ['design manufacturing', ['design', 'manufacturing']],
    ['Sales and marketing', ['sales_marketing']],
    ['Service / maintenance', ['service']],
    ['販売・マーケティング', ['sales_marketing']],
    ['技術・研究開発', ['rnd']],
    ['サービス・保守、1', ['design', 'service']],
    ['1, 1, 設計', ['design']],
    ['2', ['rnd']],
    ['特になし', ['none']],
  ])('%j', (text, expected) => {
    expect(parseMultiChoice(text, FUNCTIONS, opts)).toEqual({ ok: true, value: expected });
  });

  it('keeps labels that contain spaces whole', () => {
    const choices: Choice[] = [
      { id: 'a', labels: ['Product design'] },
      { id: 'b', labels: ['Mass production'] },
    ];
    expect(parseMultiChoice('product design', choices)).toEqual({ ok: true, value: ['a'] });
    expect(parseMultiChoice('mass production, product design', choices)).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('keeps a label containing "/" whole when labels are listed with commas (found by fuzzing)', () => {
    const sources: Choice[] = [
      { id: 'own', labels: ['自己資金', 'Own funds'] },
      { id: 'shinkin', labels: ['信用金庫・信用組合', 'Shinkin / credit cooperative'] },
      { id: 'credit_guarantee', labels: ['信用保証', 'Credit guarantee'] },
    ];
    expect(parseMultiChoice('Shinkin / credit cooperative, Own funds', sources)).toEqual({ ok: true, value: ['own', 'shinkin'] });
    expect(parseMultiChoice('1/2', sources)).toEqual({ ok: true, value: ['own', 'shinkin'] });
  });

  it('refuses an exclusive choice combined with others', () => {
    expect(parseMultiChoice('特になし、設計', FUNCTIONS, opts)).toEqual({
      ok: false,
      code: 'multi_choice.exclusive',
      params: { choice: 'none' },
    });
    expect(parseMultiChoice('1 6', FUNCTIONS, opts)).toEqual({
      ok: false,
      code: 'multi_choice.exclusive',
      params: { choice: 'none' },
    });
    expect(parseMultiChoice('1 6', FUNCTIONS)).toEqual({ ok: true, value: ['design', 'none'] });
  });

  it('propagates the first token error', () => {
    expect(parseMultiChoice('1, 9', FUNCTIONS)).toEqual({ ok: false, code: 'choice.out_of_range', params: { count: 6 } });
    expect(parseMultiChoice('1 banana', FUNCTIONS)).toEqual({ ok: false, code: 'choice.invalid', params: { count: 6 } });
    expect(parseMultiChoice('banana, 9', FUNCTIONS)).toEqual({ ok: false, code: 'choice.invalid', params: { count: 6 } });
    expect(parseMultiChoice('卸売業、売業', INDUSTRIES)).toMatchObject({ ok: false, code: 'choice.ambiguous' });
  });

  it('refuses empty answers', () => {
    for (const text of ['', '  ', ',,,', '、']) {
      expect(parseMultiChoice(text, FUNCTIONS)).toEqual({ ok: false, code: 'choice.invalid', params: { count: 6 } });
    }
  });
});
