import { describe, expect, it } from 'vitest';
import { isWholeExact, parseExactNumber, roundExact, type Exact } from './exact-number.js';

const value = (s: string): number | undefined => {
  const e: Exact | undefined = parseExactNumber(s);
  return e === undefined ? undefined : Number(e.num) / 10 ** e.scale;
};

describe('parseExactNumber', () => {
  it('reads plain digits and decimals', () => {
    expect(value('0')).toBe(0);
    expect(value('300')).toBe(300);
    expect(value('1.5')).toBe(1.5);
    expect(value('０１２')).toBe(12);
  });

  it('accepts only real thousands separators', () => {
    expect(value('1,200')).toBe(1200);
    expect(value('300,000,000')).toBe(300_000_000);
    expect(value('1,234.5')).toBe(1234.5);
    expect(value('1,2')).toBeUndefined();
    expect(value('1,2345')).toBeUndefined();
    expect(value('1.234,5')).toBeUndefined();
    expect(value(',100')).toBeUndefined();
  });

  it('reads Japanese group units with 千/百/十 inside a group', () => {
    expect(value('5千万')).toBe(50_000_000);
    expect(value('3億5千万')).toBe(350_000_000);
    expect(value('1万2千')).toBe(12_000);
    expect(value('千万')).toBe(10_000_000);
    expect(value('百万')).toBe(1_000_000);
    expect(value('1兆2億')).toBe(1_000_200_000_000);
    expect(value('15000万')).toBe(150_000_000);
    expect(value('300百万')).toBe(300_000_000);
  });

  it('reads kanji numerals', () => {
    expect(value('三億五千万')).toBe(350_000_000);
    expect(value('二十')).toBe(20);
    expect(value('十二')).toBe(12);
    expect(value('百二十')).toBe(120);
    expect(value('二〇二五')).toBe(2025);
    expect(value('壱萬')).toBe(10_000);
  });

  it('keeps decimals exact', () => {
    const e = parseExactNumber('1.1万');
    expect(e).toBeDefined();
    expect(isWholeExact(e!)).toBe(true);
    expect(roundExact(e!)).toBe(11_000n);
    expect(isWholeExact(parseExactNumber('2.5')!)).toBe(false);
    expect(roundExact(parseExactNumber('2.5')!)).toBe(3n);
    expect(roundExact(parseExactNumber('2.49')!)).toBe(2n);
  });

  it('reads English magnitude words', () => {
    expect(value('30 million')).toBe(30_000_000);
    expect(value('30m')).toBe(30_000_000);
    expect(value('1.5bn')).toBe(1_500_000_000);
    expect(value('50k')).toBe(50_000);
    expect(value('2 thousand')).toBe(2_000);
  });

  it('refuses malformed numbers', () => {
    for (const bad of ['', '億', '万', '3億億', '3万2万', '5百5千', '1.2.3', '.', '3 5', '1e10', 'NaN', 'Infinity', '30 zillion', '-5']) {
      expect(value(bad), bad).toBeUndefined();
    }
  });

  it('does not take an inherited property name for a unit (found by fuzzing: "0constructor" threw)', () => {
    for (const bad of ['0constructor', '3 constructor', '1__proto__']) {
      expect(() => value(bad), bad).not.toThrow();
      expect(value(bad), bad).toBeUndefined();
    }
  });

  it('allows spaces next to units', () => {
    expect(value('3億 5000万')).toBe(350_000_000);
  });
});
