import type { OfficesConfig } from '../routing/offices-schema.js';
import type { PmChannel } from '../routing/find-pm.js';
import { findPm } from '../routing/find-pm.js';

export const roles = ['sme', 'pm', 'staff', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * Who is asking, as the access policy sees them. Office people and admins come from
 * config/offices.json by their id on the channel; everyone else is a company (SME), known to
 * the policy by the person id the bot gave them.
 */
export type Principal =
  | { role: 'admin'; id: string }
  | { role: 'pm' | 'staff'; id: string; officeId: string }
  | { role: 'sme'; personId: string | null };

/** validateOffices lets one external id name only one person, so the order of the lookups does not matter. */
export function resolvePrincipal(config: OfficesConfig, channel: PmChannel, externalId: string, personId: string | null = null): Principal {
  const admin = (config.admins ?? []).find((a) => a[channel] === externalId);
  if (admin) return { role: 'admin', id: admin.id };
  const found = findPm(config, channel, externalId);
  if (found) return { role: found.pm.role ?? 'pm', id: found.pm.id, officeId: found.office.id };
  return { role: 'sme', personId };
}

/** How the principal is written in the audit log: ids only, never names. */
export function principalRef(p: Principal): string {
  return p.role === 'sme' ? `sme:${p.personId ?? 'unknown'}` : `${p.role}:${p.id}`;
}
