import { describe, expect, it } from 'vitest';
import { parseMoney } from './money.js';

const yen = (text: string) => parseMoney(text);

describe('parseMoney', () => {
  it.each([
    ['300000000', 300_000_000],
    ['300,000,000', 300_000_000],
    ['３００，０００，０００', 300_000_000],
    ['300000000円', 300_000_000],
    ['300,000,000円', 300_000_000],
    ['¥300,000,000', 300_000_000],
    ['￥300,000,000', 300_000_000],
    ['\\300,000', 300_000],
    ['0', 0],
    ['0円', 0],
  ])('plain amounts: %s', (text, expected) => {
    expect(yen(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['3億円', 300_000_000],
    ['3億', 300_000_000],
    ['1,200万', 12_000_000],
    ['1200万円', 12_000_000],
    ['５千万円', 50_000_000],
    ['5千万', 50_000_000],
    ['3億5000万円', 350_000_000],
    ['3億5千万', 350_000_000],
    ['3億 5000万円', 350_000_000],
    ['1.5億', 150_000_000],
    ['1.5億円', 150_000_000],
    ['１０万', 100_000],
    ['10万円', 100_000],
    ['1兆', 1_000_000_000_000],
    ['1万5000円', 15_000],
    ['三億円', 300_000_000],
    ['五千万円', 50_000_000],
    ['一千万円', 10_000_000],
    ['百万円', 1_000_000],
    ['300百万円', 300_000_000],
    ['300,000千円', 300_000_000],
    ['0.5万円', 5_000],
  ])('Japanese units: %s', (text, expected) => {
    expect(yen(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2500万円程度', 25_000_000],
    ['約3億円', 300_000_000],
    ['およそ1億', 100_000_000],
    ['3000万くらい', 30_000_000],
    ['3000万ぐらい', 30_000_000],
    ['3000万円くらいです', 30_000_000],
    ['大体5000万円', 50_000_000],
    ['1億円前後', 100_000_000],
    ['約 3億円程度です。', 300_000_000],
  ])('hedged amounts: %s', (text, expected) => {
    expect(yen(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['30 million', 30_000_000],
    ['30m', 30_000_000],
    ['30M', 30_000_000],
    ['300M yen', 300_000_000],
    ['1.5 billion', 1_500_000_000],
    ['1.5 billion yen', 1_500_000_000],
    ['50k', 50_000],
    ['JPY 5,000,000', 5_000_000],
    ['5,000,000 yen', 5_000_000],
    ['5,000,000 JPY', 5_000_000],
    ['about 30 million yen', 30_000_000],
  ])('English: %s', (text, expected) => {
    expect(yen(text)).toEqual({ ok: true, value: expected });
  });

  it('rounds to whole yen', () => {
    expect(yen('1.23456789万')).toEqual({ ok: true, value: 12_346 });
    expect(yen('0.4')).toEqual({ ok: true, value: 0 });
    expect(yen('1.1億')).toEqual({ ok: true, value: 110_000_000 });
  });

  it.each(['たくさん', 'abc', '3億億', '億', '万円', '円', '', '  ', '3億5万億', '1,2', '$500', '500ドル', '1000万〜2000万', '3 5万', '1e10', 'NaN', 'Infinity', '--', '-', '¥'])(
    'invalid: %j',
    (text) => {
      expect(yen(text)).toEqual({ ok: false, code: 'money.invalid' });
    },
  );

  it.each(['-100万', '−100万', '－100万円', '▲100万円', 'マイナス100万', '-¥100', '¥-100'])('negative: %s', (text) => {
    expect(yen(text)).toEqual({ ok: false, code: 'money.negative' });
  });

  it('minus zero is zero', () => {
    expect(yen('-0')).toEqual({ ok: true, value: 0 });
  });

  it('rejects amounts above 1e15 yen', () => {
    expect(yen('1000兆')).toEqual({ ok: true, value: 1e15 });
    expect(yen('1001兆')).toEqual({ ok: false, code: 'money.too_large' });
    expect(yen('1000000000000001')).toEqual({ ok: false, code: 'money.too_large' });
    expect(yen('9'.repeat(400))).toEqual({ ok: false, code: 'money.too_large' });
    expect(yen('9'.repeat(5000))).toEqual({ ok: false, code: 'money.too_large' });
  });
});
