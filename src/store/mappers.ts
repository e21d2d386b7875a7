import { z } from 'zod';
import type { AnswerRecord, ChannelId, Intake, Person } from '../core/intake.js';
import { intakeStatuses } from '../core/intake.js';
import { answerValueSchema } from '../core/questionnaire/answer-value.js';
import { intakeStateSchema, localeSchema } from '../core/questionnaire/intake-state.js';

const channelSchema = z.enum(['local', 'slack', 'teams', 'line', 'simulate']);
const recordValueSchema = z.union([
  z.strictObject({ skipped: z.literal(true) }),
  z.strictObject({ removed: answerValueSchema }),
  answerValueSchema,
]);

// JSON columns are external data: parse them rather than trust their shape.

export const toPerson = (row: {
  id: string; channel: string; externalId: string; displayName: string | null; locale: string | null; address: unknown; remindersOptOut: boolean; createdAt: Date;
}): Person => ({
  id: row.id,
  channel: channelSchema.parse(row.channel) as ChannelId,
  externalId: row.externalId,
  displayName: row.displayName,
  locale: row.locale === null ? null : localeSchema.parse(row.locale),
  address: row.address ?? null,
  remindersOptOut: row.remindersOptOut,
  createdAt: row.createdAt,
});

export const toIntake = (row: {
  id: string; personId: string; questionnaireVersion: string; status: string; locale: string; state: unknown;
  version: number; createdAt: Date; updatedAt: Date; lastActivityAt: Date; completedAt: Date | null; shownPromptId: string | null;
}): Intake => ({
  id: row.id,
  personId: row.personId,
  questionnaireVersion: row.questionnaireVersion,
  status: z.enum(intakeStatuses).parse(row.status),
  locale: localeSchema.parse(row.locale),
  state: intakeStateSchema.parse(row.state),
  version: row.version,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  lastActivityAt: row.lastActivityAt,
  completedAt: row.completedAt,
  shownPromptId: row.shownPromptId,
});

export const toAnswerRecord = (row: {
  id: string; intakeId: string; questionId: string; value: unknown; raw: string; answeredAt: Date;
}): AnswerRecord => ({
  id: row.id,
  intakeId: row.intakeId,
  questionId: row.questionId,
  value: recordValueSchema.parse(row.value),
  raw: row.raw,
  answeredAt: row.answeredAt,
});
