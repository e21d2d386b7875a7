import type { TopLevelSpec } from 'vega-lite';
import type { IntakeStats } from '../core/stats/intake-stats.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Text } from '../core/text.js';

/**
 * The staff figures as one SVG picture, drawn by Vega-Lite (compiled to Vega, rendered
 * headless with renderer 'none' and view.toSVG(): no browser, no canvas): intakes by region
 * stacked by readiness band, and academic involvement by institution type × 連携 / 協力 in the
 * shape of the source paper's table (図表８), a totals bar included. Every bar carries its
 * count as a label and in its ARIA description, so the picture can be read and checked.
 */

/** METI's regions from north to south, as the paper and the offices list them. */
export const REGION_ORDER = ['hokkaido', 'tohoku', 'kanto', 'chubu', 'kinki', 'chugoku', 'shikoku', 'kyushu', 'okinawa', 'unknown'] as const;
export const BAND_ORDER = ['ready', 'needs_partners', 'early', 'ineligible', 'not_assessed'] as const;
export const INSTITUTION_ORDER = ['university', 'kosen', 'kosetsushi', 'aist', 'other_national'] as const;
export const FORM_ORDER = ['formal', 'cooperative', 'undecided'] as const;
const BAND_COLOURS = ['#1B7F3B', '#E0A800', '#8C8C8C', '#A12622', '#D0D0D0'];
const FORM_COLOURS = ['#1F4E79', '#7FA7D1', '#D0D0D0'];
/** Light fills get dark labels, so every count stays legible. */
const DARK_LABEL_BANDS = ['needs_partners', 'not_assessed'];
const DARK_LABEL_FORMS = ['cooperative', 'undecided'];
const FONT = '"Noto Sans CJK JP", "Yu Gothic", "Hiragino Sans", sans-serif';

export interface ChartRow {
  group: string;
  part: string;
  count: number;
}

/** The rows each chart draws, in words of the locale; zero counts are left out (no bar). */
export function chartRows(tr: Text, locale: Locale, stats: IntakeStats): { regionBand: ChartRow[]; academia: ChartRow[] } {
  const t = (key: string) => tr.t(locale, key);
  const region = (r: string) => (r === 'unknown' ? t('stats.unknown') : t(`regions.${r}`));
  const band = (b: string) => (b === 'not_assessed' ? t('stats.not_assessed') : t(`readiness.bands.${b}`));
  const known = (order: readonly string[], keys: string[]) => [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
  const regionBand: ChartRow[] = [];
  for (const r of known(REGION_ORDER, Object.keys(stats.byRegionBand))) {
    const bands = stats.byRegionBand[r] ?? {};
    for (const b of known(BAND_ORDER, Object.keys(bands))) {
      const count = bands[b] ?? 0;
      if (count > 0) regionBand.push({ group: region(r), part: band(b), count });
    }
  }
  const academia: ChartRow[] = [];
  const institution = (i: string) => (tr.has(locale, `choices.institution_type.${i}`) ? t(`choices.institution_type.${i}`) : t('stats.unknown'));
  const rows: [string, { formal: number; cooperative: number; undecided: number }][] = [
    ...known(INSTITUTION_ORDER, Object.keys(stats.academia)).map((i): [string, { formal: number; cooperative: number; undecided: number }] => [institution(i), stats.academia[i] ?? { formal: 0, cooperative: 0, undecided: 0 }]),
    [t('stats.total'), stats.academiaTotals],
  ];
  for (const [group, r] of rows) for (const f of FORM_ORDER) if (r[f] > 0) academia.push({ group, part: t(`choices.academic_form.${f}`), count: r[f] });
  return { regionBand, academia };
}

/** The Vega-Lite specification of the picture (exported for the test's reading of it). */
export function statsChartSpec(tr: Text, locale: Locale, stats: IntakeStats): TopLevelSpec {
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const rows = chartRows(tr, locale, stats);
  const regionGroups = [...new Set(REGION_ORDER.filter((r) => r !== 'unknown' || stats.byRegionBand.unknown).map((r) => (r === 'unknown' ? t('stats.unknown') : t(`regions.${r}`))))];
  const bands = BAND_ORDER.map((b) => (b === 'not_assessed' ? t('stats.not_assessed') : t(`readiness.bands.${b}`)));
  const forms = FORM_ORDER.map((f) => t(`choices.academic_form.${f}`));
  const institutions = [...new Set(rows.academia.map((r) => r.group))];
  const count = { field: 'count', type: 'quantitative', title: t('stats.chart.count'), stack: 'zero', axis: { tickMinStep: 1, format: 'd' } } as const;
  const darkBands = DARK_LABEL_BANDS.map((b) => (b === 'not_assessed' ? t('stats.not_assessed') : t(`readiness.bands.${b}`)));
  const darkForms = DARK_LABEL_FORMS.map((f) => t(`choices.academic_form.${f}`));
  const labelFill = (dark: string[]) => ({ condition: { test: `indexof(${JSON.stringify(dark)}, datum.part) >= 0`, value: '#222222' }, value: 'white' });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t('stats.chart.title'), subtitle: t('stats.chart.as_of', { total: stats.total }), font: FONT, subtitleFont: FONT, anchor: 'start' },
    config: { font: FONT, view: { stroke: null }, axis: { labelFont: FONT, titleFont: FONT }, legend: { labelFont: FONT, titleFont: FONT, labelLimit: 320 }, title: { font: FONT } },
    background: 'white',
    padding: 16,
    vconcat: [
      {
        title: { text: t('stats.chart.region_band'), font: FONT, anchor: 'start', fontSize: 13 },
        data: { values: rows.regionBand },
        transform: [{ calculate: `indexof(${JSON.stringify(bands)}, datum.part)`, as: 'stack_order' }],
        width: 560,
        height: 220,
        encoding: {
          x: { field: 'group', type: 'nominal', title: t('stats.chart.region'), sort: regionGroups, scale: { domain: regionGroups }, axis: { labelAngle: 0 } },
          y: count,
        },
        layer: [
          // Bars and their labels stack in one order, the legend's: ready at the bottom.
          { mark: { type: 'bar', tooltip: true }, encoding: { color: { field: 'part', type: 'nominal', title: t('stats.chart.band'), scale: { domain: bands, range: BAND_COLOURS } }, order: { field: 'stack_order', type: 'quantitative' } } },
          {
            mark: { type: 'text', baseline: 'middle', fontSize: 11, font: FONT },
            // Each count in the middle of its segment.
            encoding: { y: { field: 'count', type: 'quantitative', stack: 'zero', bandPosition: 0.5 }, text: { field: 'count', type: 'quantitative' }, fill: labelFill(darkBands), detail: { field: 'part', type: 'nominal' }, order: { field: 'stack_order', type: 'quantitative' } },
          },
        ],
      },
      {
        title: { text: t('stats.chart.academia'), font: FONT, anchor: 'start', fontSize: 13 },
        data: { values: rows.academia },
        transform: [{ calculate: `indexof(${JSON.stringify(forms)}, datum.part)`, as: 'stack_order' }],
        width: 560,
        height: Math.max(60, 34 * institutions.length),
        encoding: {
          // The institutions' names say what the axis is; an axis title beside them would only collide with the long ones.
          y: { field: 'group', type: 'nominal', title: t('stats.chart.institution'), sort: institutions, axis: { labelLimit: 260, title: null } },
          x: count,
        },
        layer: [
          { mark: { type: 'bar', tooltip: true }, encoding: { color: { field: 'part', type: 'nominal', title: t('stats.chart.form'), scale: { domain: forms, range: FORM_COLOURS } }, order: { field: 'stack_order', type: 'quantitative' } } },
          {
            mark: { type: 'text', baseline: 'middle', fontSize: 11, font: FONT },
            encoding: { x: { field: 'count', type: 'quantitative', stack: 'zero', bandPosition: 0.5 }, text: { field: 'count', type: 'quantitative' }, fill: labelFill(darkForms), detail: { field: 'part', type: 'nominal' }, order: { field: 'stack_order', type: 'quantitative' } },
          },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/** Full-width characters (kana, kanji, full-width forms) take a whole em; others about 0.6 of one. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
export function estimateTextWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) ems += WIDE.test(ch) ? 1 : 0.6;
  return Math.ceil(ems * fontSize);
}

interface TextMetrics {
  width: (item: { fontSize?: unknown }, text?: unknown) => number;
}
const isTextMetrics = (v: unknown): v is TextMetrics => typeof v === 'object' && v !== null && 'width' in v && typeof v.width === 'function';

/** The picture as SVG text. Vega is loaded only here: it is large, and only `stats --chart` needs it. */
export async function statsChartSvg(tr: Text, locale: Locale, stats: IntakeStats): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  // Without a canvas Vega guesses every character as 0.8 em: Japanese labels then overrun the
  // layout (cut at the picture's edge) and Latin ones leave gaps. Its text metrics are
  // replaceable; a guess that knows full-width characters lays both out right.
  // (vega-scenegraph's `textMetrics`, re-exported by vega at run time but not in its typings.)
  const metrics: unknown = Reflect.get(vega, 'textMetrics');
  if (isTextMetrics(metrics))
    metrics.width = (item, text) => estimateTextWidth(text === undefined || text === null ? '' : String(text).trim(), typeof item.fontSize === 'number' ? item.fontSize : 11);
  const compiled = vegaLite.compile(statsChartSpec(tr, locale, stats));
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
