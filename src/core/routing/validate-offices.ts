import { PREFECTURES } from '../geo/prefectures.js';
import { REGIONS } from '../geo/regions.js';
import { officesConfigSchema, type OfficesConfig } from './offices-schema.js';

export type OfficesCheck = { ok: true; config: OfficesConfig } | { ok: false; problems: string[] };

const CHANNEL_LABELS = { slack: 'Slack user', teams: 'Teams user', local: 'local user' } as const;

/**
 * The checks zod cannot express, each problem naming the office, PM or region at fault, so an
 * office editor can fix config/offices.json from the start-up message alone. The goal is that
 * every one of the 47 prefectures reaches exactly one office.
 */
export function validateOffices(raw: unknown): OfficesCheck {
  const parsed = officesConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${describePath(raw, i.path)}: ${i.message}`) };
  }
  const config = parsed.data;
  const problems: string[] = [];

  const officeIds = new Set<string>();
  const pmOwner = new Map<string, string>();
  const externalOwner = new Map<string, string>();
  const prefectureOwner = new Map<string, string>();
  const regionOwners = new Map<string, string[]>();

  for (const office of config.offices) {
    const at = `office "${office.id}"`;
    if (officeIds.has(office.id)) problems.push(`${at}: duplicate office id`);
    officeIds.add(office.id);

    for (const region of new Set(office.regions)) regionOwners.set(region, [...(regionOwners.get(region) ?? []), office.id]);
    if (new Set(office.regions).size !== office.regions.length) problems.push(`${at}: a region is listed twice`);

    for (const pref of office.prefectures ?? []) {
      if (!PREFECTURES.some((p) => p.ja === pref)) {
        const short = PREFECTURES.find((p) => p.short === pref || p.romaji.toLowerCase() === pref.toLowerCase());
        problems.push(`${at}: unknown prefecture "${pref}"${short ? ` (write the full name "${short.ja}")` : ''}`);
        continue;
      }
      const owner = prefectureOwner.get(pref);
      if (owner === office.id) problems.push(`${at}: prefecture "${pref}" is listed twice`);
      else if (owner !== undefined) problems.push(`${at}: prefecture "${pref}" is already taken by office "${owner}"`);
      else prefectureOwner.set(pref, office.id);
    }

    for (const pm of office.pms) {
      const pmAt = `${at}: pm "${pm.id}"`;
      const other = pmOwner.get(pm.id);
      if (other !== undefined) problems.push(`${pmAt}: duplicate pm id (also in office "${other}")`);
      else pmOwner.set(pm.id, office.id);
      // findPm must name one person for an incoming message, or a claim could go to the wrong PM.
      for (const channel of ['slack', 'teams', 'local'] as const) {
        const externalId = pm[channel];
        if (externalId === undefined) continue;
        const key = `${channel}:${externalId}`;
        const taken = externalOwner.get(key);
        if (taken !== undefined) problems.push(`${pmAt}: ${CHANNEL_LABELS[channel]} "${externalId}" is already pm "${taken}"`);
        else externalOwner.set(key, pm.id);
      }
    }

    if (office.lead !== undefined && !office.pms.some((pm) => pm.id === office.lead))
      problems.push(`${at}: lead "${office.lead}" is not one of its pms`);
  }

  for (const admin of config.admins ?? []) {
    // One id, one role: an admin who also worked handoffs would need a second, PM identity.
    for (const channel of ['slack', 'teams', 'local'] as const) {
      const externalId = admin[channel];
      if (externalId === undefined) continue;
      const key = `${channel}:${externalId}`;
      const taken = externalOwner.get(key);
      if (taken !== undefined) problems.push(`admin "${admin.id}": ${CHANNEL_LABELS[channel]} "${externalId}" is already "${taken}"`);
      else externalOwner.set(key, admin.id);
    }
  }

  if (!officeIds.has(config.defaultOffice)) problems.push(`defaultOffice "${config.defaultOffice}" is not an office`);

  for (const region of REGIONS) {
    const owners = regionOwners.get(region.id) ?? [];
    if (owners.length > 1) {
      problems.push(`region "${region.id}" (${region.ja}) is covered by ${owners.length} offices: ${owners.map((o) => `"${o}"`).join(', ')}`);
    } else if (owners.length === 0) {
      const stranded = PREFECTURES.filter((p) => p.region === region.id && !prefectureOwner.has(p.ja)).map((p) => p.ja);
      if (stranded.length > 0) problems.push(`region "${region.id}" (${region.ja}) has no office, so ${stranded.join(', ')} would reach none`);
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** Turns a zod path such as ["offices", 4, "pms", 0, "slack"] into `office "kinki": pm "pm-kinki" (slack)`. */
function describePath(raw: unknown, path: PropertyKey[]): string {
  if (path[0] !== 'offices' || typeof path[1] !== 'number') return path.length > 0 ? path.map(String).join('.') : 'offices file';
  const office: unknown = isRecord(raw) && Array.isArray(raw.offices) ? raw.offices[path[1]] : undefined;
  let text = `office ${nameOf(office, path[1])}`;
  let rest = path.slice(2);
  if (rest[0] === 'pms' && typeof rest[1] === 'number') {
    const pm: unknown = isRecord(office) && Array.isArray(office.pms) ? office.pms[rest[1]] : undefined;
    text += `: pm ${nameOf(pm, rest[1])}`;
    rest = rest.slice(2);
  }
  return rest.length > 0 ? `${text} (${rest.map(String).join('.')})` : text;
}

const nameOf = (entry: unknown, index: number): string =>
  isRecord(entry) && typeof entry.id === 'string' ? `"${entry.id}"` : `#${index + 1}`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
