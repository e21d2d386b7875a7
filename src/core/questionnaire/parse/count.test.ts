import { describe, expect, it } from 'vitest';
import { parseCount } from './count.js';

describe('parseCount', () => {
  it.each([
    ['300', 300],
    ['約300名', 300],
    ['300人', 300],
    ['３００人くらい', 300],
    ['300名程度', 300],
    ['300人ぐらいです', 300],
    ['およそ300人', 300],
    ['従業員300人', 300],
    ['社員 50名', 50],
    ['about 300', 300],
    ['around 300', 300],
    ['approx. 300', 300],
    ['300 people', 300],
    ['300 employees', 300],
    ['300 staff', 300],
    ['1,200人', 1200],
    ['1.2万人', 12_000],
    ['三百人', 300],
    ['5社', 5],
    ['0', 0],
    ['2.0人', 2],
  ])('%s → %d', (text, expected) => {
    expect(parseCount(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['たくさん', 'many', '', '人', '300~400人', '1,2', 'NaN', 'Infinity', '1e3', '--', '三百人以上?'])(
    'invalid: %j',
    (text) => {
      expect(parseCount(text)).toEqual({ ok: false, code: 'count.invalid' });
    },
  );

  it('refuses fractions', () => {
    expect(parseCount('2.5人')).toEqual({ ok: false, code: 'count.not_integer' });
    expect(parseCount('0.5')).toEqual({ ok: false, code: 'count.not_integer' });
  });

  it('checks the range given by the caller', () => {
    expect(parseCount('1', { min: 2, max: 50 })).toEqual({
      ok: false,
      code: 'count.out_of_range',
      params: { min: 2, max: 50 },
    });
    expect(parseCount('51社', { min: 2, max: 50 })).toEqual({
      ok: false,
      code: 'count.out_of_range',
      params: { min: 2, max: 50 },
    });
    expect(parseCount('50社', { min: 2, max: 50 })).toEqual({ ok: true, value: 50 });
    expect(parseCount('2', { min: 2 })).toEqual({ ok: true, value: 2 });
  });

  it('has a default range of 0 to ten million', () => {
    expect(parseCount('-3人')).toEqual({ ok: false, code: 'count.out_of_range', params: { min: 0, max: 10_000_000 } });
    expect(parseCount('1億人')).toEqual({ ok: false, code: 'count.out_of_range', params: { min: 0, max: 10_000_000 } });
    expect(parseCount('9'.repeat(2000))).toEqual({
      ok: false,
      code: 'count.out_of_range',
      params: { min: 0, max: 10_000_000 },
    });
  });

  it('lets the caller allow negative numbers', () => {
    expect(parseCount('-3', { min: -10, max: 10 })).toEqual({ ok: true, value: -3 });
  });
});
