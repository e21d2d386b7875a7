import type { Intake } from '../intake.js';
import type { ReadinessBand } from '../readiness/readiness-result.js';

export interface StatsInput {
  intake: Intake;
  region: string | null;
  band: ReadinessBand | null;
}

export interface IntakeStats {
  total: number;
  byStatus: Record<string, number>;
  byRegion: Record<string, number>;
  byBand: Record<string, number>;
  /** Region × readiness band: where the intakes come from and how far along they are. */
  byRegionBand: Record<string, Record<string, number>>;
  byTheme: Record<string, number>;
  /** Institutions by type × form (連携 formal / 協力 cooperative / undecided), as in the source paper's table. */
  academia: Record<string, { formal: number; cooperative: number; undecided: number; total: number }>;
  academiaTotals: { formal: number; cooperative: number; undecided: number; total: number };
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/** Figures for staff: counts per region, band, theme and status, and academic involvement. */
export function intakeStats(rows: StatsInput[]): IntakeStats {
  const s: IntakeStats = { total: rows.length, byStatus: {}, byRegion: {}, byBand: {}, byRegionBand: {}, byTheme: {}, academia: {}, academiaTotals: { formal: 0, cooperative: 0, undecided: 0, total: 0 } };
  for (const { intake, region, band } of rows) {
    const a = intake.state.answers;
    bump(s.byStatus, intake.status);
    bump(s.byRegion, region ?? 'unknown');
    bump(s.byBand, band ?? 'not_assessed');
    bump((s.byRegionBand[region ?? 'unknown'] ??= {}), band ?? 'not_assessed');
    const theme = a['theme.category'];
    bump(s.byTheme, typeof theme === 'string' ? theme : 'unknown');
    if (a['academia.involved'] !== 'yes' || !Array.isArray(a.academia)) continue;
    for (const item of a.academia) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      const type = typeof item.type === 'string' ? item.type : 'unknown';
      const form = item.form === 'formal' || item.form === 'cooperative' ? item.form : 'undecided';
      const row = (s.academia[type] ??= { formal: 0, cooperative: 0, undecided: 0, total: 0 });
      row[form] += 1;
      row.total += 1;
      s.academiaTotals[form] += 1;
      s.academiaTotals.total += 1;
    }
  }
  return s;
}
