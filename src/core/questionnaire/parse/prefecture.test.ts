import { describe, expect, it } from 'vitest';
import { PREFECTURES } from '../../geo/prefectures.js';
import { parsePrefecture } from './prefecture.js';

describe('parsePrefecture', () => {
  it('accepts every prefecture by official name, short name, romaji and kana', () => {
    for (const p of PREFECTURES) {
      const expected = { ok: true, value: p.ja };
      expect(parsePrefecture(p.ja), p.ja).toEqual(expected);
      expect(parsePrefecture(p.short), p.short).toEqual(expected);
      expect(parsePrefecture(p.romaji), p.romaji).toEqual(expected);
      expect(parsePrefecture(p.romaji.toUpperCase()), p.romaji).toEqual(expected);
      expect(parsePrefecture(p.romaji.toLowerCase()), p.romaji).toEqual(expected);
      expect(parsePrefecture(`${p.romaji} Prefecture`), p.romaji).toEqual(expected);
      expect(parsePrefecture(p.kana), p.kana).toEqual(expected);
    }
  });

  it.each([
    ['愛知', '愛知県'],
    ['愛知県', '愛知県'],
    [' 愛知県 ', '愛知県'],
    ['Aichi', '愛知県'],
    ['aichi', '愛知県'],
    ['AICHI', '愛知県'],
    ['Ａｉｃｈｉ', '愛知県'],
    ['Aichi-ken', '愛知県'],
    ['Aichi ken', '愛知県'],
    ['Aichiken', '愛知県'],
    ['Aichi Prefecture', '愛知県'],
    ['Aichi Pref.', '愛知県'],
    ['東京', '東京都'],
    ['東京都', '東京都'],
    ['Tokyo', '東京都'],
    ['Tokyo-to', '東京都'],
    ['Tokyo Metropolis', '東京都'],
    ['Tōkyō', '東京都'],
    ['Toukyou', '東京都'],
    ['大阪府', '大阪府'],
    ['大阪', '大阪府'],
    ['Osaka', '大阪府'],
    ['Ōsaka', '大阪府'],
    ['Oosaka-fu', '大阪府'],
    ['京都', '京都府'],
    ['Kyoto', '京都府'],
    ['Kyoto-fu', '京都府'],
    ['Kyouto', '京都府'],
    ['北海道', '北海道'],
    ['Hokkaido', '北海道'],
    ['Hokkaidō', '北海道'],
    ['Hokkai-do', '北海道'],
    ['Kōchi', '高知県'],
    ['Kouchi', '高知県'],
    ['Kochi', '高知県'],
    ['Kôchi', '高知県'],
    ['Hyōgo', '兵庫県'],
    ['Hyogo', '兵庫県'],
    ['Hyougo', '兵庫県'],
    ['Ōita', '大分県'],
    ['Oita', '大分県'],
    ['Ooita', '大分県'],
    ['Ohita', '大分県'],
    ['Gumma', '群馬県'],
    ['Sizuoka', '静岡県'],
    ['Hukuoka', '福岡県'],
    ['Nigata', '新潟県'],
    ['Niigata-ken', '新潟県'],
    ['Mie', '三重県'],
    ['Mie-ken', '三重県'],
    ['Saga', '佐賀県'],
    ['Shiga', '滋賀県'],
    ['Totori', '鳥取県'],
    ['あいちけん', '愛知県'],
    ['アイチ', '愛知県'],
    ['とうきょうと', '東京都'],
    ['キョウト', '京都府'],
    ['ﾎｯｶｲﾄﾞｳ', '北海道'],
    ['大阪県', '大阪府'],
    ['東京都港区六本木1-2-3', '東京都'],
    ['愛知県名古屋市中区', '愛知県'],
    ['京都府京都市', '京都府'],
  ])('%s → %s', (text, expected) => {
    expect(parsePrefecture(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['愛知州', 'Atlantis', '23', '１３', '', ' ', '名古屋', '関東', 'Aichi 23', 'Aichi県', 'Tokyoo Prefecturee', 'ken', 'to', '県', '石川町'])(
    'unknown: %j',
    (text) => {
      expect(parsePrefecture(text)).toEqual({ ok: false, code: 'prefecture.unknown' });
    },
  );
});
