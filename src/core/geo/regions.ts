/**
 * The nine METI regional bureau areas. Handoff routing to offices is configuration elsewhere;
 * this is only the official split used to derive a region from a prefecture.
 */
export const REGION_IDS = [
  'hokkaido',
  'tohoku',
  'kanto',
  'chubu',
  'kinki',
  'chugoku',
  'shikoku',
  'kyushu',
  'okinawa',
] as const;

export type RegionId = (typeof REGION_IDS)[number];

export type Region = { readonly id: RegionId; readonly ja: string; readonly en: string };

export const REGIONS: readonly Region[] = [
  { id: 'hokkaido', ja: '北海道', en: 'Hokkaido' },
  { id: 'tohoku', ja: '東北', en: 'Tohoku' },
  { id: 'kanto', ja: '関東', en: 'Kanto' },
  { id: 'chubu', ja: '中部', en: 'Chubu' },
  { id: 'kinki', ja: '近畿', en: 'Kinki' },
  { id: 'chugoku', ja: '中国', en: 'Chugoku' },
  { id: 'shikoku', ja: '四国', en: 'Shikoku' },
  { id: 'kyushu', ja: '九州', en: 'Kyushu' },
  { id: 'okinawa', ja: '沖縄', en: 'Okinawa' },
];
