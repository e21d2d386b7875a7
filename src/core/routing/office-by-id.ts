import type { Office, OfficesConfig } from './offices-schema.js';

export function officeById(config: OfficesConfig, officeId: string): Office | undefined {
  return config.offices.find((o) => o.id === officeId);
}
