import { z } from 'zod';

/** "Don't know yet": an answer of its own, kept apart from "no" and from a skip. */
export const unknownAnswerSchema = z.strictObject({ unknown: z.literal(true) });
export type UnknownAnswer = z.infer<typeof unknownAnswerSchema>;
export const UNKNOWN: UnknownAnswer = Object.freeze({ unknown: true as const });

export const fieldValueSchema = z.union([z.string(), z.number(), z.array(z.string()), unknownAnswerSchema]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

export const groupItemSchema = z.record(z.string(), fieldValueSchema);
export type GroupItem = z.infer<typeof groupItemSchema>;

export const answerValueSchema = z.union([fieldValueSchema, z.array(groupItemSchema)]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

export const isUnknown = (v: unknown): v is UnknownAnswer =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { unknown?: unknown }).unknown === true;

export const isGroupItems = (v: AnswerValue | undefined): v is GroupItem[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null);
