import { describe, expect, it } from 'vitest';
import { REGIONS, type RegionId } from '../geo/regions.js';
import type { Office, OfficesConfig } from './offices-schema.js';
import { validateOffices } from './validate-offices.js';

const office = (id: string, regions: RegionId[], extra: Partial<Office> = {}): Office => ({
  id,
  name: { ja: `${id} 事務局`, en: `${id} office` },
  regions,
  lead: `pm-${id}`,
  pms: [{ id: `pm-${id}`, name: { ja: `${id} PM`, en: `${id} PM` }, local: `pm-${id}` }],
  channels: { local: { inbox: id } },
  ...extra,
});

const base = (): OfficesConfig => ({ version: '1', defaultOffice: 'kanto', offices: REGIONS.map((r) => office(r.id, [r.id])) });

const problemsOf = (raw: unknown): string[] => {
  const check = validateOffices(raw);
  return check.ok ? [] : check.problems;
};

const edit = (fn: (c: OfficesConfig) => void): OfficesConfig => {
  const c = base();
  fn(c);
  return c;
};

const at = (c: OfficesConfig, id: string): Office => {
  const found = c.offices.find((o) => o.id === id);
  if (!found) throw new Error(`no office ${id} in fixture`);
  return found;
};

describe('validateOffices', () => {
  it('accepts one office per region', () => {
    expect(problemsOf(base())).toEqual([]);
  });

  it('names the office and PM in schema errors', () => {
    const bad = edit((c) => {
      const pm = at(c, 'kinki').pms[0];
      if (pm) pm.slack = 'someone';
    });
    expect(problemsOf(bad)).toEqual([expect.stringMatching(/^office "kinki": pm "pm-kinki" \(slack\): must be a Slack user id/)]);
    expect(problemsOf({ ...base(), offices: [{ id: 'x' }] })[0]).toMatch(/^office "x" \(name\)/);
    expect(problemsOf({ ...base(), offices: [{}] })[0]).toMatch(/^office #1 \(id\)/);
    expect(problemsOf({ ...base(), extra: 1 })[0]).toMatch(/extra/);
    expect(problemsOf(null)[0]).toMatch(/^offices file: /);
  });

  it('rejects an unknown region and a typo in a field name', () => {
    const hokuriku: unknown = JSON.parse(JSON.stringify(base()).replace('"regions":["kinki"]', '"regions":["kinki","hokuriku"]'));
    expect(problemsOf(hokuriku)[0]).toMatch(/^office "kinki" \(regions\.1\)/);
    const typo = { ...base(), offices: base().offices.map((o) => (o.id === 'kinki' ? { ...o, prefecture: ['京都府'] } : o)) };
    expect(problemsOf(typo)[0]).toMatch(/^office "kinki": .*prefecture/);
  });

  it('rejects duplicate office ids', () => {
    const c = base();
    c.offices.push(office('kanto', [], { pms: [{ id: 'pm-kanto-2', name: { ja: 'a', en: 'a' } }], lead: 'pm-kanto-2' }));
    expect(problemsOf(c)).toEqual(['office "kanto": duplicate office id']);
  });

  it('rejects duplicate pm ids across offices and the same external id on two people', () => {
    const c = edit((c) => {
      at(c, 'kinki').pms.push({ id: 'pm-kanto', name: { ja: 'a', en: 'a' } });
      at(c, 'tohoku').pms.push({ id: 'pm-x', name: { ja: 'x', en: 'x' }, local: 'pm-hokkaido' });
    });
    expect(problemsOf(c)).toEqual([
      'office "tohoku": pm "pm-x": local user "pm-hokkaido" is already pm "pm-hokkaido"',
      'office "kinki": pm "pm-kanto": duplicate pm id (also in office "kanto")',
    ]);
  });

  it('requires the default office to exist', () => {
    expect(problemsOf({ ...base(), defaultOffice: 'tokyo' })).toEqual(['defaultOffice "tokyo" is not an office']);
  });

  it('requires the lead to be one of the office\'s own PMs', () => {
    expect(problemsOf(edit((c) => (at(c, 'kinki').lead = 'pm-kanto')))).toEqual(['office "kinki": lead "pm-kanto" is not one of its pms']);
  });

  it('rejects unknown prefectures, with a hint for a short name', () => {
    expect(problemsOf(edit((c) => (at(c, 'kinki').prefectures = ['京都', 'Osaka', '北陸'])))).toEqual([
      'office "kinki": unknown prefecture "京都" (write the full name "京都府")',
      'office "kinki": unknown prefecture "Osaka" (write the full name "大阪府")',
      'office "kinki": unknown prefecture "北陸"',
    ]);
  });

  it('rejects a region covered twice, even when overrides exist', () => {
    const c = edit((c) => at(c, 'chubu').regions.push('kinki'));
    expect(problemsOf(c)).toEqual(['region "kinki" (近畿) is covered by 2 offices: "chubu", "kinki"']);
  });

  it('rejects a region nobody covers, naming the stranded prefectures', () => {
    const c = base();
    c.offices = c.offices.filter((o) => o.id !== 'shikoku');
    expect(problemsOf(c)).toEqual(['region "shikoku" (四国) has no office, so 徳島県, 香川県, 愛媛県, 高知県 would reach none']);
  });

  it('accepts a region with no office when overrides take all its prefectures', () => {
    const c = base();
    c.offices = c.offices.filter((o) => o.id !== 'shikoku');
    c.offices.push(office('west', ['chugoku'], { prefectures: ['徳島県', '香川県', '愛媛県', '高知県'] }));
    c.offices = c.offices.filter((o) => o.id !== 'chugoku');
    expect(problemsOf(c)).toEqual([]);
    c.offices.push(office('kochi', [], { prefectures: ['高知県'] }));
    expect(problemsOf(c)).toEqual(['office "kochi": prefecture "高知県" is already taken by office "west"']);
  });

  it('rejects a prefecture listed twice by one office', () => {
    expect(problemsOf(edit((c) => (at(c, 'kinki').prefectures = ['福井県', '福井県'])))).toEqual([
      'office "kinki": prefecture "福井県" is listed twice',
    ]);
  });

  it('rejects an office without people', () => {
    expect(problemsOf(edit((c) => (at(c, 'kinki').pms = []))).join()).toMatch(/office "kinki" \(pms\): an office needs at least one/);
  });
});
