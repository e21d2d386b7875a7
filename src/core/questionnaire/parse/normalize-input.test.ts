import { describe, expect, it } from 'vitest';
import { normalizeForMatch, normalizeInput } from './normalize-input.js';

describe('normalizeInput', () => {
  it('turns full-width digits, letters and spaces into half-width (NFKC)', () => {
    expect(normalizeInput('３００人', 100)).toEqual({ ok: true, value: '300人' });
    expect(normalizeInput('ＡＢＣ　株式会社', 100)).toEqual({ ok: true, value: 'ABC 株式会社' });
    expect(normalizeInput('ｶﾀｶﾅ', 100)).toEqual({ ok: true, value: 'カタカナ' });
    expect(normalizeInput('（株）山田製作所', 100)).toEqual({ ok: true, value: '(株)山田製作所' });
  });

  it('collapses runs of spaces and tabs, trims lines and the whole text', () => {
    expect(normalizeInput('  製造業 　\t です  ', 100)).toEqual({ ok: true, value: '製造業 です' });
    expect(normalizeInput('\n  一行目　 \n\t二行目\t\n\n', 100)).toEqual({ ok: true, value: '一行目\n二行目' });
    expect(normalizeInput('a\u00a0\u00a0b', 100)).toEqual({ ok: true, value: 'a b' });
  });

  it('keeps blank lines between paragraphs', () => {
    expect(normalizeInput('段落1\n\n段落2', 100)).toEqual({ ok: true, value: '段落1\n\n段落2' });
  });

  it('treats CR, CRLF and Unicode line separators as newlines', () => {
    expect(normalizeInput('a\r\nb\rc\u2028d', 100)).toEqual({ ok: true, value: 'a\nb\nc\nd' });
  });

  it('drops invisible copy-paste marks but keeps emoji sequences', () => {
    expect(normalizeInput('\uFEFF製造\u200B業', 100)).toEqual({ ok: true, value: '製造業' });
    expect(normalizeInput('👨‍👩‍👧 家族経営', 100)).toEqual({ ok: true, value: '👨‍👩‍👧 家族経営' });
  });

  it('rejects control characters other than newline and tab', () => {
    for (const bad of ['a\u0000b', '\u0007', 'x\u001b[31m', 'abc\u007f', 'a\u0001']) {
      expect(normalizeInput(bad, 100)).toEqual({ ok: false, code: 'input.control_chars' });
    }
  });

  it('rejects lone surrogates and bidi overrides', () => {
    expect(normalizeInput('a\uD800b', 100)).toEqual({ ok: false, code: 'input.control_chars' });
    expect(normalizeInput('\uDC00', 100)).toEqual({ ok: false, code: 'input.control_chars' });
    expect(normalizeInput('abc\u202Edef', 100)).toEqual({ ok: false, code: 'input.control_chars' });
  });

  it('rejects empty and whitespace-only input', () => {
    for (const empty of ['', ' ', '\u3000\u3000', '\n\t\n', '\u200B']) {
      expect(normalizeInput(empty, 100)).toEqual({ ok: false, code: 'input.empty' });
    }
  });

  it('measures length after normalisation, in code points', () => {
    expect(normalizeInput('あいう', 3)).toEqual({ ok: true, value: 'あいう' });
    expect(normalizeInput('あいうえ', 3)).toEqual({ ok: false, code: 'input.too_long', params: { max: 3 } });
    expect(normalizeInput('   abc   ', 3)).toEqual({ ok: true, value: 'abc' });
    expect(normalizeInput('😀😀😀', 3)).toEqual({ ok: true, value: '😀😀😀' });
    expect(normalizeInput('a'.repeat(5001), 5000)).toEqual({
      ok: false,
      code: 'input.too_long',
      params: { max: 5000 },
    });
  });
});

describe('normalizeForMatch', () => {
  it('ignores width, case, spaces and label punctuation', () => {
    expect(normalizeForMatch('製造・生産')).toBe('製造生産');
    expect(normalizeForMatch('製造･生産')).toBe('製造生産');
    expect(normalizeForMatch(' Sales_Marketing ')).toBe('salesmarketing');
    expect(normalizeForMatch('ＤＥＳＩＧＮ')).toBe('design');
    expect(normalizeForMatch('「研究開発」（R.&D.）')).toBe('研究開発r&d');
    expect(normalizeForMatch('No. 2')).toBe('no2');
    expect(normalizeForMatch('サービス－保守')).toBe('サービス保守');
    expect(normalizeForMatch('サービス‐保守')).toBe('サービス保守');
  });

  it('keeps the katakana long vowel mark, which is part of words', () => {
    expect(normalizeForMatch('マーケティング')).toBe('マーケティング');
  });
});
