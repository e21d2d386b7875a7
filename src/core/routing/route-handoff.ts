import { PREFECTURES } from '../geo/prefectures.js';
import type { RegionId } from '../geo/regions.js';
import type { OfficesConfig } from './offices-schema.js';

export type HandoffRouteReason = 'prefecture_override' | 'region' | 'default_unknown_prefecture';

export type HandoffRoute = {
  /** The METI region of the prefecture, even when an override picked the office; null when the prefecture is unknown. */
  region: RegionId | null;
  officeId: string;
  reason: HandoffRouteReason;
};

/**
 * Which office receives a handoff. A prefecture listed by an office wins over region
 * membership, so an organisation can carve out, say, a 北陸 office without redrawing the METI
 * regions. Expects a config that passed validateOffices, where every prefecture reaches exactly
 * one office; an unknown prefecture goes to the default office rather than being dropped.
 */
export function routeHandoff(config: OfficesConfig, prefectureJa: string | undefined): HandoffRoute {
  const name = prefectureJa?.normalize('NFKC').replace(/\s+/gu, '');
  const prefecture = name ? PREFECTURES.find((p) => p.ja === name || p.short === name) : undefined;
  if (prefecture === undefined) return { region: null, officeId: config.defaultOffice, reason: 'default_unknown_prefecture' };

  const override = config.offices.find((o) => o.prefectures?.includes(prefecture.ja));
  if (override) return { region: prefecture.region, officeId: override.id, reason: 'prefecture_override' };

  const byRegion = config.offices.find((o) => o.regions.includes(prefecture.region));
  if (byRegion) return { region: prefecture.region, officeId: byRegion.id, reason: 'region' };

  return { region: prefecture.region, officeId: config.defaultOffice, reason: 'default_unknown_prefecture' };
}
