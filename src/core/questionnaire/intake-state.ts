import { z } from 'zod';
import { answerValueSchema, fieldValueSchema, groupItemSchema } from './answer-value.js';

export const localeSchema = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof localeSchema>;

/** The whole conversation state of one intake; stored as JSON and parsed on every load. */
export const intakeStateSchema = z.strictObject({
  locale: localeSchema,
  answers: z.record(z.string(), answerValueSchema),
  /** Optional questions the company chose to skip (kept apart from "don't know"). */
  skipped: z.array(z.string()),
  /** Questions to re-ask before carrying on (back, edit); empty in the normal flow. */
  focus: z.array(z.string()),
  /** A repeatable group being filled in: `index` is the item, `draft` its answers so far. */
  group: z
    .strictObject({
      questionId: z.string(),
      index: z.number().int().min(0),
      phase: z.enum(['field', 'more']),
      fieldId: z.string().optional(),
      draft: groupItemSchema,
    })
    .nullable(),
  confirm: z.enum(['restart', 'delete']).nullable(),
  /**
   * A close-but-not-exact reading of the last answer, waiting for the person's yes (one option)
   * or pick (several). Optional so that states stored before it existed still load.
   */
  suggestion: z.strictObject({ promptId: z.string(), options: z.array(fieldValueSchema).min(1), typed: z.string().max(4000).optional() }).nullable().optional(),
  /** Answers typed as approximations or ranges, by question id, so review and read-back say so. */
  notes: z
    .record(z.string(), z.strictObject({ approximate: z.literal(true).optional(), range: z.tuple([z.number(), z.number()]).optional() }))
    .optional(),
  paused: z.boolean(),
  completed: z.boolean(),
});
export type IntakeState = z.infer<typeof intakeStateSchema>;

export const initialIntakeState = (locale: Locale): IntakeState => ({
  locale,
  answers: {},
  skipped: [],
  focus: [],
  group: null,
  confirm: null,
  paused: false,
  completed: false,
});
