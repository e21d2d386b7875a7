import { describe, expect, it } from 'vitest';
import { APPROX_PREFIXES, APPROX_SUFFIXES, stripAffixes, stripNegativeSign } from './strip-affixes.js';

describe('stripAffixes', () => {
  it('removes stacked hedges in any order', () => {
    expect(stripAffixes('約 3億円程度です。', APPROX_PREFIXES, [...APPROX_SUFFIXES, '円'])).toBe('3億');
    expect(stripAffixes('approximately 300', APPROX_PREFIXES, APPROX_SUFFIXES)).toBe('300');
  });

  it('leaves text without affixes alone', () => {
    expect(stripAffixes('300', APPROX_PREFIXES, APPROX_SUFFIXES)).toBe('300');
    expect(stripAffixes('', APPROX_PREFIXES, APPROX_SUFFIXES)).toBe('');
  });
});

describe('stripNegativeSign', () => {
  it('recognises hyphens, accounting marks and words', () => {
    expect(stripNegativeSign('-100')).toBe('100');
    expect(stripNegativeSign('▲100万')).toBe('100万');
    expect(stripNegativeSign('マイナス 5')).toBe('5');
    expect(stripNegativeSign('100')).toBeUndefined();
  });
});
