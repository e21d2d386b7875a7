import type { Office, OfficePm, OfficesConfig } from './offices-schema.js';

export type PmChannel = 'slack' | 'teams' | 'local';

/**
 * The PM or staff member behind an incoming message, by their id on that channel. Unique
 * because validateOffices refuses the same external id on two people.
 */
export function findPm(config: OfficesConfig, channel: PmChannel, externalId: string): { office: Office; pm: OfficePm } | undefined {
  for (const office of config.offices) {
    const pm = office.pms.find((p) => p[channel] === externalId);
    if (pm) return { office, pm };
  }
  return undefined;
}
