import { describe, expect, it } from 'vitest';
import { PREFECTURES } from '../geo/prefectures.js';
import { REGIONS, type RegionId } from '../geo/regions.js';
import type { Office, OfficesConfig } from './offices-schema.js';
import { routeHandoff } from './route-handoff.js';
import { validateOffices } from './validate-offices.js';

const office = (id: string, regions: RegionId[], prefectures?: string[]): Office => ({
  id,
  name: { ja: `${id} 事務局`, en: `${id} office` },
  regions,
  ...(prefectures ? { prefectures } : {}),
  pms: [{ id: `pm-${id}`, name: { ja: `${id} PM`, en: `${id} PM` }, local: `pm-${id}` }],
  channels: { local: { inbox: id } },
});

// The same shape as the shipped config/offices.json (test/config checks the file itself).
const perRegion: OfficesConfig = {
  version: '1',
  defaultOffice: 'kanto',
  offices: REGIONS.map((r) => office(r.id, [r.id])),
};

const withHokuriku: OfficesConfig = {
  ...perRegion,
  offices: [...perRegion.offices, office('hokuriku', [], ['富山県', '石川県', '福井県'])],
};

describe('routeHandoff', () => {
  it('the fixtures are valid configs', () => {
    expect(validateOffices(perRegion)).toEqual({ ok: true, config: perRegion });
    expect(validateOffices(withHokuriku).ok).toBe(true);
  });

  it('routes every prefecture to the office of its METI region', () => {
    for (const p of PREFECTURES) {
      expect(routeHandoff(perRegion, p.ja), p.ja).toEqual({ region: p.region, officeId: p.region, reason: 'region' });
    }
  });

  it('gets the traps right', () => {
    const officeOf = (ja: string) => routeHandoff(perRegion, ja).officeId;
    expect(officeOf('福井県')).toBe('kinki');
    expect(officeOf('三重県')).toBe('chubu');
    for (const ja of ['新潟県', '長野県', '静岡県', '山梨県']) expect(officeOf(ja), ja).toBe('kanto');
    expect(officeOf('富山県')).toBe('chubu');
    expect(officeOf('石川県')).toBe('chubu');
  });

  it('lets a 北陸 office take 富山・石川・福井 over their regions', () => {
    for (const [ja, region] of [['富山県', 'chubu'], ['石川県', 'chubu'], ['福井県', 'kinki']] as const) {
      expect(routeHandoff(withHokuriku, ja), ja).toEqual({ region, officeId: 'hokuriku', reason: 'prefecture_override' });
    }
    expect(routeHandoff(withHokuriku, '愛知県')).toEqual({ region: 'chubu', officeId: 'chubu', reason: 'region' });
    expect(routeHandoff(withHokuriku, '三重県')).toEqual({ region: 'chubu', officeId: 'chubu', reason: 'region' });
    expect(routeHandoff(withHokuriku, '滋賀県')).toEqual({ region: 'kinki', officeId: 'kinki', reason: 'region' });
  });

  it('sends an unknown or missing prefecture to the default office', () => {
    for (const text of [undefined, '', '北陸', 'Aichi', '愛知州', '  ']) {
      expect(routeHandoff(withHokuriku, text), String(text)).toEqual({
        region: null,
        officeId: 'kanto',
        reason: 'default_unknown_prefecture',
      });
    }
  });

  it('accepts the short name and full-width spacing a person might have typed', () => {
    expect(routeHandoff(withHokuriku, '福井')).toMatchObject({ officeId: 'hokuriku', reason: 'prefecture_override' });
    expect(routeHandoff(perRegion, '\u3000大阪府 ')).toMatchObject({ officeId: 'kinki', reason: 'region' });
  });
});
