import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';
import { translator } from '../support/harness.js';
import { estimateTextWidth, statsChartSvg } from '../../src/documents/stats-chart.js';
import type { IntakeStats } from '../../src/core/stats/intake-stats.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-chart-'));
const env = { DATABASE_URL: `file:${join(dir, 'chart.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans'), RENKEI_LOCAL_USER: 'admin' };
const fixture = (name: string) => join(projectRoot, 'test', 'fixtures', 'answers', name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Consultations from three regions, with universities, a 公設試 and AIST in both forms, an idea and an unfinished one. */
beforeAll(async () => {
  const base = JSON.parse(readFileSync(fixture('battery-ja.json'), 'utf8')) as Record<string, unknown>;
  const variants: Record<string, unknown>[] = [
    base,
    { ...base, 'company.prefecture': '大阪', academia: [{ name: '大阪府立産業技術総合研究所', type: '公設試', role: '研究開発・共同研究', form: '連携' }, { name: '阪大', type: '大学', role: '技術指導', form: '協力' }] },
    { ...base, 'company.prefecture': '福岡', academia: [{ name: '産総研 九州センター', type: '産総研', role: '技術・ノウハウの提供', form: '連携' }, { name: '九大', type: '大学', role: '研究開発・共同研究', form: '連携' }] },
  ];
  for (const [i, v] of variants.entries()) {
    const file = join(dir, `seed-${i}.json`);
    writeFileSync(file, JSON.stringify(v));
    expect((await runCli(['simulate', '--answers', file], env)).code).toBe(0);
  }
  expect((await runCli(['simulate', '--answers', fixture('idea-en.json'), '--lang', 'en'], env)).code).toBe(0);
  expect((await runCli(['simulate', '--answers', fixture('incomplete.json')], env)).code).toBe(3);
}, 180_000);

interface Bar {
  fields: Record<string, string>;
}

/** The bars of one chart of the SVG, read from the description Vega gives each mark (`field: value; …`). */
function bars(svg: string, group: string): Bar[] {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const marks = (Array.from(doc.getElementsByTagName('g')) as Element[]).find((g) => (g.getAttribute('class') ?? '').split(' ').includes(group));
  if (!marks) throw new Error(`no ${group} in the SVG`);
  return (Array.from(marks.getElementsByTagName('path')) as Element[]).map((p) => ({
    fields: Object.fromEntries((p.getAttribute('aria-label') ?? '').split('; ').map((kv) => kv.split(': ') as [string, string])),
  }));
}

const labelsOf = (svg: string, group: string) => {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const marks = (Array.from(doc.getElementsByTagName('g')) as Element[]).find((g) => (g.getAttribute('class') ?? '').split(' ').includes(group));
  return (Array.from(marks?.getElementsByTagName('text') ?? []) as Element[]).map((t) => Number(t.textContent));
};

describe('renkei stats --chart', () => {
  it.each(['ja', 'en'] as const)('draws region × band and academia by type × 連携/協力 with the very numbers of stats --json (%s)', async (locale) => {
    const json = await runCli(['stats', '--json', '--lang', locale], env);
    const stats = JSON.parse(json.stdout) as IntakeStats;
    const file = join(dir, `stats-${locale}.svg`);
    const r = await runCli(['stats', '--chart', file, '--lang', locale], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(file);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const t = (key: string) => translator.t(locale, key);
    const count = t('stats.chart.count');

    // Region × band: one bar segment per non-zero cell, its count as stats says.
    const regionName = (k: string) => (k === 'unknown' ? t('stats.unknown') : t(`regions.${k}`));
    const bandName = (k: string) => (k === 'not_assessed' ? t('stats.not_assessed') : t(`readiness.bands.${k}`));
    const expected = Object.entries(stats.byRegionBand).flatMap(([region, bands]) => Object.entries(bands).map(([band, n]) => `${regionName(region)}|${bandName(band)}|${n}`));
    const drawn = bars(svg, 'concat_0_layer_0_marks').map((b) => `${b.fields[t('stats.chart.region')]}|${b.fields[t('stats.chart.band')]}|${b.fields[count]}`);
    expect(drawn.sort()).toEqual(expected.sort());
    expect(labelsOf(svg, 'concat_0_layer_1_marks').reduce((a, b) => a + b, 0)).toBe(stats.total);
    expect(stats.byRegionBand).toMatchObject({ kanto: { ready: 1 }, kinki: { ready: 1 }, kyushu: { ready: 1 }, unknown: { not_assessed: 1 } });

    // Academia: institution type × form, and the totals bar, as in the paper's table.
    const institution = (k: string) => t(`choices.institution_type.${k}`);
    const form = (k: string) => t(`choices.academic_form.${k}`);
    const rows: [string, Record<string, number>][] = [...Object.entries(stats.academia).map(([k, v]): [string, Record<string, number>] => [institution(k), v]), [t('stats.total'), stats.academiaTotals]];
    const expectedAcademia = rows.flatMap(([name, r]) => (['formal', 'cooperative', 'undecided'] as const).filter((f) => (r[f] ?? 0) > 0).map((f) => `${name}|${form(f)}|${r[f]}`));
    const drawnAcademia = bars(svg, 'concat_1_layer_0_marks').map((b) => `${b.fields[t('stats.chart.institution')]}|${b.fields[t('stats.chart.form')]}|${b.fields[count]}`);
    expect(drawnAcademia.sort()).toEqual(expectedAcademia.sort());
    expect(stats.academiaTotals).toMatchObject({ formal: 3, cooperative: 2 });
  });

  it("draws the paper's own figures (図表８: 大学 30/90, 公設試 15/39, 産総研 5/12, 合計 50/141) with bar lengths in proportion", async () => {
    const stats: IntakeStats = {
      total: 321,
      byStatus: {},
      byRegion: {},
      byBand: {},
      byTheme: {},
      byRegionBand: { kanto: { ready: 3 } },
      academia: { university: { formal: 30, cooperative: 90, undecided: 0, total: 120 }, kosetsushi: { formal: 15, cooperative: 39, undecided: 0, total: 54 }, aist: { formal: 5, cooperative: 12, undecided: 0, total: 17 } },
      academiaTotals: { formal: 50, cooperative: 141, undecided: 0, total: 191 },
    };
    const svg = await statsChartSvg(translator, 'ja', stats);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const marks = (Array.from(doc.getElementsByTagName('g')) as Element[]).find((g) => (g.getAttribute('class') ?? '').includes('concat_1_layer_0_marks'));
    const widths = (Array.from(marks?.getElementsByTagName('path') ?? []) as Element[]).map((p) => ({
      n: Number(/件数: (\d+)/.exec(p.getAttribute('aria-label') ?? '')?.[1]),
      w: Number(/h(-?[\d.]+)/.exec(p.getAttribute('d') ?? '')?.[1]),
    }));
    expect(widths.map((x) => x.n).sort((a, b) => a - b)).toEqual([5, 12, 15, 30, 39, 50, 90, 141]);
    const perUnit = widths.map((x) => x.w / x.n);
    for (const u of perUnit) expect(u).toBeCloseTo(perUnit[0] ?? 0, 1);
  });

  it('measures full-width text as a whole em, so Japanese labels are not cut at the edge', () => {
    expect(estimateTextWidth('産業技術総合研究所', 10)).toBe(90);
    expect(estimateTextWidth('AIST', 10)).toBe(24);
  });
});
