import type { RegionId } from './regions.js';

export type Prefecture = {
  /** JIS X 0401 code. */
  readonly code: number;
  readonly ja: string;
  readonly short: string;
  readonly romaji: string;
  /** Hiragana reading, for answers typed before the IME converted them. */
  readonly kana: string;
  readonly region: RegionId;
};

const p = (code: number, ja: string, short: string, romaji: string, kana: string, region: RegionId): Prefecture => ({
  code,
  ja,
  short,
  romaji,
  kana,
  region,
});

// Regions follow the METI bureaus, not school geography: 新潟・山梨・長野・静岡 are Kanto,
// 富山・石川 and 三重 are Chubu, 福井 is Kinki.
export const PREFECTURES: readonly Prefecture[] = [
  p(1, '北海道', '北海道', 'Hokkaido', 'ほっかいどう', 'hokkaido'),
  p(2, '青森県', '青森', 'Aomori', 'あおもり', 'tohoku'),
  p(3, '岩手県', '岩手', 'Iwate', 'いわて', 'tohoku'),
  p(4, '宮城県', '宮城', 'Miyagi', 'みやぎ', 'tohoku'),
  p(5, '秋田県', '秋田', 'Akita', 'あきた', 'tohoku'),
  p(6, '山形県', '山形', 'Yamagata', 'やまがた', 'tohoku'),
  p(7, '福島県', '福島', 'Fukushima', 'ふくしま', 'tohoku'),
  p(8, '茨城県', '茨城', 'Ibaraki', 'いばらき', 'kanto'),
  p(9, '栃木県', '栃木', 'Tochigi', 'とちぎ', 'kanto'),
  p(10, '群馬県', '群馬', 'Gunma', 'ぐんま', 'kanto'),
  p(11, '埼玉県', '埼玉', 'Saitama', 'さいたま', 'kanto'),
  p(12, '千葉県', '千葉', 'Chiba', 'ちば', 'kanto'),
  p(13, '東京都', '東京', 'Tokyo', 'とうきょう', 'kanto'),
  p(14, '神奈川県', '神奈川', 'Kanagawa', 'かながわ', 'kanto'),
  p(15, '新潟県', '新潟', 'Niigata', 'にいがた', 'kanto'),
  p(16, '富山県', '富山', 'Toyama', 'とやま', 'chubu'),
  p(17, '石川県', '石川', 'Ishikawa', 'いしかわ', 'chubu'),
  p(18, '福井県', '福井', 'Fukui', 'ふくい', 'kinki'),
  p(19, '山梨県', '山梨', 'Yamanashi', 'やまなし', 'kanto'),
  p(20, '長野県', '長野', 'Nagano', 'ながの', 'kanto'),
  p(21, '岐阜県', '岐阜', 'Gifu', 'ぎふ', 'chubu'),
  p(22, '静岡県', '静岡', 'Shizuoka', 'しずおか', 'kanto'),
  p(23, '愛知県', '愛知', 'Aichi', 'あいち', 'chubu'),
  p(24, '三重県', '三重', 'Mie', 'みえ', 'chubu'),
  p(25, '滋賀県', '滋賀', 'Shiga', 'しが', 'kinki'),
  p(26, '京都府', '京都', 'Kyoto', 'きょうと', 'kinki'),
  p(27, '大阪府', '大阪', 'Osaka', 'おおさか', 'kinki'),
  p(28, '兵庫県', '兵庫', 'Hyogo', 'ひょうご', 'kinki'),
  p(29, '奈良県', '奈良', 'Nara', 'なら', 'kinki'),
  p(30, '和歌山県', '和歌山', 'Wakayama', 'わかやま', 'kinki'),
  p(31, '鳥取県', '鳥取', 'Tottori', 'とっとり', 'chugoku'),
  p(32, '島根県', '島根', 'Shimane', 'しまね', 'chugoku'),
  p(33, '岡山県', '岡山', 'Okayama', 'おかやま', 'chugoku'),
  p(34, '広島県', '広島', 'Hiroshima', 'ひろしま', 'chugoku'),
  p(35, '山口県', '山口', 'Yamaguchi', 'やまぐち', 'chugoku'),
  p(36, '徳島県', '徳島', 'Tokushima', 'とくしま', 'shikoku'),
  p(37, '香川県', '香川', 'Kagawa', 'かがわ', 'shikoku'),
  p(38, '愛媛県', '愛媛', 'Ehime', 'えひめ', 'shikoku'),
  p(39, '高知県', '高知', 'Kochi', 'こうち', 'shikoku'),
  p(40, '福岡県', '福岡', 'Fukuoka', 'ふくおか', 'kyushu'),
  p(41, '佐賀県', '佐賀', 'Saga', 'さが', 'kyushu'),
  p(42, '長崎県', '長崎', 'Nagasaki', 'ながさき', 'kyushu'),
  p(43, '熊本県', '熊本', 'Kumamoto', 'くまもと', 'kyushu'),
  p(44, '大分県', '大分', 'Oita', 'おおいた', 'kyushu'),
  p(45, '宮崎県', '宮崎', 'Miyazaki', 'みやざき', 'kyushu'),
  p(46, '鹿児島県', '鹿児島', 'Kagoshima', 'かごしま', 'kyushu'),
  p(47, '沖縄県', '沖縄', 'Okinawa', 'おきなわ', 'okinawa'),
];

/** Region of a prefecture given as its Japanese name, with or without 都/道/府/県. */
export function regionOfPrefecture(ja: string): RegionId | undefined {
  const name = ja.normalize('NFKC').replace(/\s+/gu, '');
  return PREFECTURES.find((pref) => pref.ja === name || pref.short === name)?.region;
}
