import { z } from 'zod';
import { REGION_IDS } from '../geo/regions.js';

const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_", starting with a letter');
const label = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });

export const pmSchema = z.strictObject({
  id,
  name: label,
  // Slack user ids start with U, or W on Enterprise Grid.
  slack: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD').optional(),
  // Teams identifies people by their Microsoft Entra (AAD) object id, a GUID.
  teams: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be an AAD object id (a GUID)')
    .optional(),
  local: z.string().min(1).optional(),
  role: z.enum(['pm', 'staff']).optional(),
});
export type OfficePm = z.infer<typeof pmSchema>;

/** Someone who sees every office, reads the audit log and handles privacy requests. */
export const adminSchema = pmSchema.omit({ role: true });
export type Admin = z.infer<typeof adminSchema>;

export const officeSchema = z.strictObject({
  id,
  name: label,
  regions: z.array(z.enum(REGION_IDS)),
  /** Full Japanese names (富山県); these override region membership. */
  prefectures: z.array(z.string()).optional(),
  /** The PM who sees unclaimed handoffs first. */
  lead: z.string().optional(),
  // A handoff routed to an office nobody belongs to could never be claimed.
  pms: z.array(pmSchema).min(1, 'an office needs at least one PM or staff member'),
  channels: z.strictObject({
    slack: z.strictObject({ channel: z.string().min(1) }).optional(),
    teams: z
      .strictObject({
        conversationId: z.string().min(1).optional(),
        serviceUrl: z.url({ protocol: /^https?$/ }).optional(),
        tenantId: z.string().min(1).optional(),
      })
      .optional(),
    local: z.strictObject({ inbox: z.string().min(1) }).optional(),
  }),
});
export type Office = z.infer<typeof officeSchema>;

/** config/offices.json: the support organisation's offices, which may be cut differently from the METI regions. */
export const officesConfigSchema = z.strictObject({
  version: z.string().min(1),
  defaultOffice: z.string().min(1),
  offices: z.array(officeSchema).min(1),
  admins: z.array(adminSchema).optional(),
});
export type OfficesConfig = z.infer<typeof officesConfigSchema>;
