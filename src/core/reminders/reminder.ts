import { z } from 'zod';

export const reminderKinds = ['sme_stalled', 'sme_stalled_final', 'handoff_unclaimed', 'handoff_escalation', 'handoff_followup', 'staff'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export const reminderStatuses = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type ReminderStatus = (typeof reminderStatuses)[number];

export const reminderPayloadSchema = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Which nudge of a series (0-based); the series restarts when the company is active again. */
  step: z.number().int().min(0).optional(),
  /** The activity the nudge is about: a newer activity makes it obsolete. */
  since: z.string().optional(),
});
export type ReminderPayload = z.infer<typeof reminderPayloadSchema>;

export interface Reminder {
  id: string;
  kind: ReminderKind;
  recipient: string;
  intakeId: string | null;
  handoffId: string | null;
  dueAt: Date;
  status: ReminderStatus;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  idempotencyKey: string;
  payload: ReminderPayload;
  createdBy: string | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

export const remindersConfigSchema = z.strictObject({
  smeStalled: z.strictObject({ afterBusinessDays: z.array(z.number().int().min(1)).min(1) }),
  handoffUnclaimed: z.strictObject({ afterBusinessHours: z.number().int().min(1), escalateAfterBusinessHours: z.number().int().min(1) }),
  handoffFollowup: z.strictObject({ everyBusinessDays: z.number().int().min(1) }),
  dispatcher: z.strictObject({
    leaseSeconds: z.number().int().min(5),
    maxAttempts: z.number().int().min(1),
    batchSize: z.number().int().min(1).max(1000),
    pollSeconds: z.number().min(0.1),
    retryBaseSeconds: z.number().min(0.1),
  }),
  officeHours: z.strictObject({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) }),
  quietHours: z.strictObject({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) }).nullable(),
});
export type RemindersConfig = z.infer<typeof remindersConfigSchema>;

/** Exponential back-off between delivery attempts, capped at an hour. */
export const retryDelayMs = (attempts: number, baseSeconds: number): number => Math.min(3_600_000, baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1));
