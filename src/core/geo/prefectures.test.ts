import { describe, expect, it } from 'vitest';
import { PREFECTURES, regionOfPrefecture } from './prefectures.js';
import { REGION_IDS, type RegionId } from './regions.js';

// Copied from the regions section of the domain brief, so the data is checked against it.
const BRIEF: Record<RegionId, string[]> = {
  hokkaido: ['北海道'],
  tohoku: ['青森', '岩手', '宮城', '秋田', '山形', '福島'],
  kanto: ['茨城', '栃木', '群馬', '埼玉', '千葉', '東京', '神奈川', '新潟', '山梨', '長野', '静岡'],
  chubu: ['愛知', '岐阜', '三重', '富山', '石川'],
  kinki: ['福井', '滋賀', '京都', '大阪', '兵庫', '奈良', '和歌山'],
  chugoku: ['鳥取', '島根', '岡山', '広島', '山口'],
  shikoku: ['徳島', '香川', '愛媛', '高知'],
  kyushu: ['福岡', '佐賀', '長崎', '熊本', '大分', '宮崎', '鹿児島'],
  okinawa: ['沖縄'],
};

describe('PREFECTURES', () => {
  it('holds the 47 prefectures in JIS order', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(PREFECTURES.map((p) => p.code)).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
    expect(PREFECTURES[0]?.ja).toBe('北海道');
    expect(PREFECTURES[12]?.ja).toBe('東京都');
    expect(PREFECTURES[22]).toMatchObject({ code: 23, ja: '愛知県', short: '愛知', romaji: 'Aichi', region: 'chubu' });
    expect(PREFECTURES[46]?.ja).toBe('沖縄県');
  });

  it('has unique names in every form', () => {
    for (const field of ['ja', 'short', 'romaji', 'kana'] as const) {
      expect(new Set(PREFECTURES.map((p) => p[field])).size, field).toBe(47);
    }
  });

  it('uses the right suffix: one 都, one 道, two 府, 43 県', () => {
    const suffix = (ja: string) => ja.slice(-1);
    expect(PREFECTURES.filter((p) => suffix(p.ja) === '都').map((p) => p.ja)).toEqual(['東京都']);
    expect(PREFECTURES.filter((p) => suffix(p.ja) === '道').map((p) => p.ja)).toEqual(['北海道']);
    expect(PREFECTURES.filter((p) => suffix(p.ja) === '府').map((p) => p.ja)).toEqual(['京都府', '大阪府']);
    expect(PREFECTURES.filter((p) => suffix(p.ja) === '県')).toHaveLength(43);
    for (const p of PREFECTURES) {
      if (p.ja !== '北海道') expect(p.ja).toBe(p.short + suffix(p.ja));
    }
  });

  it('puts every prefecture in the region the domain brief gives', () => {
    for (const region of REGION_IDS) {
      const shorts = PREFECTURES.filter((p) => p.region === region).map((p) => p.short);
      expect(new Set(shorts), region).toEqual(new Set(BRIEF[region]));
    }
  });
});

describe('regionOfPrefecture', () => {
  it('knows the traps', () => {
    expect(regionOfPrefecture('福井県')).toBe('kinki');
    expect(regionOfPrefecture('三重県')).toBe('chubu');
    expect(regionOfPrefecture('新潟県')).toBe('kanto');
    expect(regionOfPrefecture('長野県')).toBe('kanto');
    expect(regionOfPrefecture('静岡県')).toBe('kanto');
    expect(regionOfPrefecture('山梨県')).toBe('kanto');
    expect(regionOfPrefecture('富山県')).toBe('chubu');
    expect(regionOfPrefecture('石川県')).toBe('chubu');
  });

  it('answers for all 47 by official and short name', () => {
    for (const [region, shorts] of Object.entries(BRIEF)) {
      for (const short of shorts) {
        const pref = PREFECTURES.find((p) => p.short === short);
        expect(regionOfPrefecture(pref?.ja ?? ''), short).toBe(region);
        expect(regionOfPrefecture(short), short).toBe(region);
      }
    }
  });

  it('returns undefined for anything else', () => {
    for (const text of ['', 'Aichi', '愛知州', '北陸', '23', '\uD800']) {
      expect(regionOfPrefecture(text)).toBeUndefined();
    }
  });
});
