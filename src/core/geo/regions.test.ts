import { describe, expect, it } from 'vitest';
import { REGION_IDS, REGIONS } from './regions.js';

describe('REGIONS', () => {
  it('lists the nine METI regions once each, in north-to-south order', () => {
    expect(REGIONS.map((r) => r.id)).toEqual([...REGION_IDS]);
    expect(new Set(REGIONS.map((r) => r.id)).size).toBe(9);
  });

  it('has Japanese and English labels', () => {
    expect(REGIONS.find((r) => r.id === 'kinki')).toEqual({ id: 'kinki', ja: '近畿', en: 'Kinki' });
    expect(REGIONS.find((r) => r.id === 'chugoku')).toEqual({ id: 'chugoku', ja: '中国', en: 'Chugoku' });
    for (const r of REGIONS) {
      expect(r.ja).not.toBe('');
      expect(r.en).toMatch(/^[A-Z][a-z]+$/);
    }
  });
});
