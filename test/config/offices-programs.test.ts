import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../src/config/config-error.js';
import { loadOffices } from '../../src/config/load-offices.js';
import { loadPrograms } from '../../src/config/load-programs.js';
import { PREFECTURES } from '../../src/core/geo/prefectures.js';
import { REGION_IDS } from '../../src/core/geo/regions.js';
import type { OfficesConfig } from '../../src/core/routing/offices-schema.js';
import type { ProgramsConfig } from '../../src/core/routing/programs-schema.js';
import { routeHandoff } from '../../src/core/routing/route-handoff.js';
import { suggestPrograms } from '../../src/core/routing/suggest-programs.js';

const configDir = fileURLToPath(new URL('../../config/', import.meta.url));
const OFFICES = join(configDir, 'offices.json');
const PROGRAMS = join(configDir, 'programs.json');
const QUESTIONNAIRE = join(configDir, 'questionnaire', 'intake-v1.json');

const tmp = mkdtempSync(join(tmpdir(), 'renkei-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** Writes a broken variant as offices.json / programs.json in its own folder, so messages name the real file name. */
const variant = (name: 'offices.json' | 'programs.json', content: OfficesConfig | ProgramsConfig | string): string => {
  const dir = join(tmp, String(++n));
  const path = join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const at = <T>(list: T[], index: number): T => {
  const item = list[index];
  if (item === undefined) throw new Error(`fixture has no entry #${index}`);
  return item;
};

/** The ConfigError a load throws (failing the test when it does not throw one). */
const errorOf = (load: () => unknown): ConfigError => {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('shipped config/offices.json', () => {
  const config = loadOffices(OFFICES);

  it('has one office per METI region, each with a lead PM and a local inbox', () => {
    expect(config.defaultOffice).toBe('kanto');
    expect(config.offices.map((o) => o.id)).toEqual([...REGION_IDS]);
    for (const office of config.offices) {
      expect(office.regions).toEqual([office.id]);
      expect(office.lead).toBe(`pm-${office.id}`);
      expect(office.pms).toEqual([expect.objectContaining({ id: `pm-${office.id}`, local: `pm-${office.id}` })]);
      expect(office.channels.local?.inbox).toBe(office.id);
    }
    expect(config.offices.find((o) => o.id === 'kanto')).toMatchObject({
      name: { ja: '関東地域事務局', en: 'Kanto regional office' },
      pms: [{ name: { ja: '関東 PM', en: 'Kanto PM' } }],
    });
  });

  it('routes all 47 prefectures to the office of their METI region', () => {
    for (const p of PREFECTURES) {
      expect(routeHandoff(config, p.ja), p.ja).toEqual({ region: p.region, officeId: p.region, reason: 'region' });
    }
  });

  it('gets the traps right', () => {
    const officeOf = (ja: string) => routeHandoff(config, ja).officeId;
    expect(officeOf('福井県')).toBe('kinki');
    expect(officeOf('三重県')).toBe('chubu');
    for (const ja of ['新潟県', '長野県', '静岡県', '山梨県']) expect(officeOf(ja), ja).toBe('kanto');
  });

  it('sends an unknown prefecture to the default office', () => {
    expect(routeHandoff(config, undefined)).toEqual({ region: null, officeId: 'kanto', reason: 'default_unknown_prefecture' });
    expect(routeHandoff(config, '北陸')).toEqual({ region: null, officeId: 'kanto', reason: 'default_unknown_prefecture' });
  });

  it('accepts a separate 北陸 office carved out by prefecture', () => {
    const raw = structuredClone(loadOffices(OFFICES));
    raw.offices.push({
      id: 'hokuriku',
      name: { ja: '北陸地域事務局', en: 'Hokuriku regional office' },
      regions: [],
      prefectures: ['富山県', '石川県', '福井県'],
      pms: [{ id: 'pm-hokuriku', name: { ja: '北陸 PM', en: 'Hokuriku PM' }, local: 'pm-hokuriku' }],
      channels: { local: { inbox: 'hokuriku' } },
    });
    const config = loadOffices(variant('offices.json', raw));
    for (const ja of ['富山県', '石川県', '福井県']) expect(routeHandoff(config, ja).officeId, ja).toBe('hokuriku');
    expect(routeHandoff(config, '愛知県').officeId).toBe('chubu');
  });
});

describe('broken offices.json', () => {
  const broken = (mutate: (raw: OfficesConfig) => void): string => {
    const raw = structuredClone(loadOffices(OFFICES));
    mutate(raw);
    return errorOf(() => loadOffices(variant('offices.json', raw))).message;
  };

  it('duplicate office id', () => {
    const message = broken((raw) => {
      raw.offices.push({ ...at(raw.offices, 4), regions: [], pms: [{ id: 'pm-kinki-2', name: { ja: 'a', en: 'a' } }], lead: 'pm-kinki-2' });
    });
    expect(message).toMatch(/offices\.json: office "kinki": duplicate office id$/);
  });

  it('unknown prefecture', () => {
    const message = broken((raw) => {
      at(raw.offices, 4).prefectures = ['京都'];
    });
    expect(message).toContain('offices.json: office "kinki": unknown prefecture "京都"');
  });

  it('region covered twice', () => {
    const message = broken((raw) => {
      at(raw.offices, 3).regions.push('kinki');
    });
    expect(message).toMatch(/offices\.json: region "kinki" \(近畿\) is covered by 2 offices: "chubu", "kinki"$/);
  });

  it('missing default office', () => {
    const message = broken((raw) => {
      raw.defaultOffice = 'tokyo';
    });
    expect(message).toMatch(/offices\.json: defaultOffice "tokyo" is not an office$/);
  });

  it('region left without an office', () => {
    const message = broken((raw) => {
      raw.offices = raw.offices.filter((o) => o.id !== 'okinawa');
    });
    expect(message).toMatch(/offices\.json: region "okinawa" \(沖縄\) has no office, so 沖縄県 would reach none$/);
  });

  it('lead who is not in the office', () => {
    const message = broken((raw) => {
      at(raw.offices, 0).lead = 'pm-kanto';
    });
    expect(message).toMatch(/offices\.json: office "hokkaido": lead "pm-kanto" is not one of its pms$/);
  });

  it('bad field value, naming the office and PM', () => {
    const message = broken((raw) => {
      at(at(raw.offices, 2).pms, 0).slack = 'kanto-pm';
    });
    expect(message).toMatch(/offices\.json: office "kanto": pm "pm-kanto" \(slack\): must be a Slack user id/);
  });

  it('bad JSON', () => {
    const path = variant('offices.json', '{ "version": "1", "offices": [ }');
    expect(errorOf(() => loadOffices(path)).message).toMatch(/offices\.json: not valid JSON \(/);
  });
});

describe('shipped config/programs.json', () => {
  const { programs } = loadPrograms(PROGRAMS);

  it('ships the expected routes, with 新連携 closed and explained', () => {
    expect(programs.map((p) => p.id)).toEqual(['keiei_kakushin', 'go_tech', 'regional_bank', 'jfc_loan', 'credit_guarantee', 'shinrenkei']);
    const shinrenkei = programs.find((p) => p.id === 'shinrenkei');
    expect(shinrenkei?.available).toBe(false);
    expect(shinrenkei?.note?.ja).toContain('2020年10月1日');
    expect(shinrenkei?.note?.en).toContain('2020-10-01');
    expect(programs.filter((p) => !p.available).map((p) => p.id)).toEqual(['shinrenkei']);
    expect(programs.find((p) => p.id === 'go_tech')?.hints.requiresAcademia).toBe(true);
    expect(programs.find((p) => p.id === 'regional_bank')?.hints.requiresBank).toBe(false);
  });

  it('states the 経営革新計画 targets', () => {
    const summary = programs.find((p) => p.id === 'keiei_kakushin')?.summary;
    for (const figure of ['9', '12', '15', '4.5', '6', '7.5']) {
      expect(summary?.ja).toContain(`+${figure}%`);
      expect(summary?.en).toContain(figure);
    }
  });

  it('uses only theme ids the questionnaire asks about', () => {
    const questionnaire = z
      .object({ choiceSets: z.object({ theme_category: z.array(z.string()) }) })
      .parse(JSON.parse(readFileSync(QUESTIONNAIRE, 'utf8')));
    const themeIds = questionnaire.choiceSets.theme_category;
    for (const p of programs) for (const t of p.hints.themes ?? []) expect(themeIds, `${p.id}: ${t}`).toContain(t);
  });

  it('never suggests 新連携', () => {
    for (const academiaInvolved of [true, false])
      for (const bankInvolved of [true, false])
        for (const partnerCount of [0, 1, 3]) {
          const ids = suggestPrograms(programs, { academiaInvolved, bankInvolved, partnerCount, theme: 'core_tech' }).map((p) => p.id);
          expect(ids).not.toContain('shinrenkei');
          expect(ids.length).toBeGreaterThan(0);
        }
    expect(suggestPrograms(programs, { academiaInvolved: true, bankInvolved: false, partnerCount: 2, theme: 'next_gen' })[0]?.id).toBe('go_tech');
  });
});

describe('broken programs.json', () => {
  const broken = (mutate: (raw: ProgramsConfig) => void): string => {
    const raw = structuredClone(loadPrograms(PROGRAMS));
    mutate(raw);
    return errorOf(() => loadPrograms(variant('programs.json', raw))).message;
  };

  it('duplicate program id', () => {
    expect(broken((raw) => raw.programs.push(at(raw.programs, 0)))).toMatch(/programs\.json: program "keiei_kakushin": duplicate program id$/);
  });

  it('unavailable program without a note', () => {
    expect(broken((raw) => delete at(raw.programs, 5).note)).toMatch(/programs\.json: program "shinrenkei": an unavailable program needs a "note"/);
  });

  it('bad field value', () => {
    expect(broken((raw) => (at(raw.programs, 1).url = 'www.example.jp'))).toMatch(/programs\.json: program "go_tech" \(url\): /);
  });

  it('bad JSON', () => {
    const path = variant('programs.json', '{ "programs": ');
    expect(errorOf(() => loadPrograms(path)).message).toMatch(/programs\.json: not valid JSON \(/);
  });
});
