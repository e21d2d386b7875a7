import { describe, expect, it } from 'vitest';
import { bigramDice, choiceKey, editDistance, foldKana, similarity, typedKeys } from './choice-key.js';

describe('choice keys', () => {
  it('fold katakana onto hiragana, width and case, punctuation and particles', () => {
    expect(foldKana('セイゾウ')).toBe('せいぞう');
    expect(choiceKey('ｾｲｿﾞｳ')).toBe('せいぞう');
    expect(choiceKey('特許を取得済み')).toBe(choiceKey('特許取得済み'));
    expect(choiceKey('技術と研究開発')).toBe(choiceKey('技術・研究開発'));
    expect(choiceKey('Service and maintenance')).toBe(choiceKey('Service / maintenance'));
    expect(choiceKey("Don't know")).toBe('dontknow');
  });

  it('offer the typed answer without its opening and polite endings, step by step', () => {
    expect(typedKeys('うちは製造業です')).toContain('製造業');
    expect(typedKeys('まだです')).toContain('まだ');
    expect(typedKeys('in progress')).toContain('inprogress');
    expect(typedKeys('investmentでお願いします')).toContain('investment');
    expect(typedKeys('I think manufacturing')).toContain('manufacturing');
  });

  it('count a swap of neighbours as one edit', () => {
    expect(editDistance('retial', 'retail')).toBe(1);
    expect(editDistance('desing', 'design')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('measure Japanese closeness by shared bigrams', () => {
    expect(bigramDice('特許取得すみ', '特許取得済み')).toBeCloseTo(0.6);
    expect(bigramDice('あ', 'あ')).toBe(1);
    expect(bigramDice('せいぞう', 'はんばい')).toBe(0);
    expect(similarity('manufactring', 'manufacturing')).toBeGreaterThan(0.9);
    // A pair that cannot reach the floor by length alone is not compared.
    expect(similarity('ab', 'abcdefghijklmnop', 0.75)).toBe(0);
  });
});
