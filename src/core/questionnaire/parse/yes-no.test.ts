import { describe, expect, it } from 'vitest';
import { isUnknownAnswer, parseYesNo } from './yes-no.js';

describe('parseYesNo', () => {
  it.each([
    'はい', 'ハイ', 'ええ', 'うん', 'あります', 'ある', 'あり', '有', '有り', '済', '済み', '締結済み',
    '締結済みです', 'はい。', 'はい！', 'はい、あります', 'はい あります', 'あります。',
    'yes', 'Yes', 'YES', 'Yes!', 'y', 'Y', 'yeah', 'yep', 'true', '1', '１', '　はい　',
  ])('yes: %j', (text) => {
    expect(parseYesNo(text)).toEqual({ ok: true, value: 'yes' });
  });

  it.each([
    'いいえ', 'いえ', 'ない', 'ないです', 'ありません', 'なし', '無し', '無', 'いいえ、ありません', 'いいえ。',
    'no', 'No', 'NO', 'n', 'N', 'nope', 'false', '2', '２',
  ])('no: %j', (text) => {
    expect(parseYesNo(text)).toEqual({ ok: true, value: 'no' });
  });

  it.each(['', 'たぶん', 'maybe', 'はい、ありません', 'yes no', '3', '0', 'まだ', 'わからない', 'n/a', 'yess', '👍'])(
    'invalid: %j',
    (text) => {
      expect(parseYesNo(text)).toEqual({ ok: false, code: 'yes_no.invalid' });
    },
  );
});

describe('isUnknownAnswer', () => {
  it.each([
    'わからない', '分からない', 'わかりません', '分かりません', '不明', '未定', 'まだ', 'まだわからない',
    '検討中', '不明です', '不明です。', '不明です?', 'まだ未定です', '未定です！', 'わかりません。', '?', '？', '??', 'わからない?',
    "don't know", 'don’t know', 'dont know', 'do not know', "I don't know", 'Unknown', 'unknown.', 'not sure',
    'Not sure!', 'TBD', 'tbd', 'dk', 'DK', 'undecided', 'not yet decided', 'idk',
  ])('unknown: %j', (text) => {
    expect(isUnknownAnswer(text)).toBe(true);
  });

  it.each(['n/a', 'N/A', 'はい', 'いいえ', 'no', '0', '', '300人', 'わかる', 'know', 'sure'])('not unknown: %j', (text) => {
    expect(isUnknownAnswer(text)).toBe(false);
  });
});
