import { describe, expect, it } from 'vitest';
import { parseMonths } from './months.js';

describe('parseMonths', () => {
  it.each([
    ['12', 12],
    ['０', 0],
    ['12ヶ月', 12],
    ['12ヵ月', 12],
    ['12か月', 12],
    ['12カ月', 12],
    ['12ｶ月', 12],
    ['12ケ月', 12],
    ['12箇月', 12],
    ['１２ヶ月', 12],
    ['18ヶ月間', 18],
    ['十八ヶ月', 18],
    ['三ヶ月', 3],
    ['1年', 12],
    ['1年間', 12],
    ['一年', 12],
    ['1年半', 18],
    ['2年半', 30],
    ['半年', 6],
    ['半年後', 6],
    ['2年3ヶ月', 27],
    ['2年と3ヶ月', 27],
    ['1.5年', 18],
    ['3ヶ月半', 4],
    ['約18ヶ月', 18],
    ['およそ2年', 24],
    ['1年くらい', 12],
    ['1年後', 12],
    ['1年以内', 12],
    ['あと6ヶ月', 6],
    ['1年以内に', 12],
    ['半年で', 6],
    ['20年', 240],
  ])('Japanese %s → %d', (text, expected) => {
    expect(parseMonths(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['18 months', 18],
    ['1 month', 1],
    ['1 year', 12],
    ['2 years', 24],
    ['1.5 years', 18],
    ['6 mo', 6],
    ['6mos', 6],
    ['1y6m', 18],
    ['1 year 6 months', 18],
    ['1 year and 6 months', 18],
    ['a year', 12],
    ['one year', 12],
    ['half a year', 6],
    ['a year and a half', 18],
    ['about 18 months', 18],
    ['in 6 months', 6],
    ['two years', 24],
  ])('English %s → %d', (text, expected) => {
    expect(parseMonths(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['12月', '3月', '来年', 'すぐ', '数ヶ月', 'soon', '', '年', 'ヶ月', 'years', '1e2', 'NaN', 'Infinity', '--', '1年2年'])(
    'invalid: %j',
    (text) => {
      expect(parseMonths(text)).toEqual({ ok: false, code: 'months.invalid' });
    },
  );

  it.each(['241', '21年', '-3ヶ月', '25 years', '9'.repeat(30)])('out of range: %s', (text) => {
    expect(parseMonths(text)).toEqual({ ok: false, code: 'months.out_of_range', params: { min: 0, max: 240 } });
  });
});
