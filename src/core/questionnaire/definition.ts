import { z } from 'zod';

/**
 * The questionnaire is data (config/questionnaire/*.json), validated here at start-up.
 * Prompts and choice labels are not in the definition: they are i18n keys derived from
 * the ids (`questions.<id>.prompt`, `choices.<set>.<choice>`), so both languages stay in
 * locales/.
 */

export const answerTypes = [
  'text',
  'long_text',
  'integer',
  'money',
  'choice',
  'multi_choice',
  'yes_no',
  'prefecture',
  'months',
  'email',
] as const;
export type AnswerType = (typeof answerTypes)[number];

const idPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const id = z.string().regex(idPattern, 'must be lower_snake_case words joined by dots');

export type Condition =
  | { question: string; equals: string }
  | { question: string; in: string[] }
  | { question: string; includesAny: string[] }
  | { question: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ question: id, equals: z.string() }),
    z.strictObject({ question: id, in: z.array(z.string()).min(1) }),
    z.strictObject({ question: id, includesAny: z.array(z.string()).min(1) }),
    z.strictObject({ question: id, answered: z.boolean() }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

const fieldSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  type: z.enum(answerTypes),
  required: z.boolean().default(true),
  allowUnknown: z.boolean().default(false),
  /**
   * Why "not decided yet" cannot be the answer (an i18n key under errors.unknown.refused), for the
   * few questions where that is true: the company's name, consent. Said once, with the reason.
   */
  unknownRefused: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
  choices: z.string().optional(),
  exclusive: z.array(z.string()).optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  maxLength: z.number().int().positive().optional(),
});

const questionSchema = fieldSchema.extend({
  id,
  section: z.string(),
  when: conditionSchema.optional(),
});

const groupSchema = z.strictObject({
  id,
  type: z.literal('group'),
  section: z.string(),
  required: z.boolean().default(false),
  when: conditionSchema.optional(),
  maxItems: z.number().int().min(1).max(50).default(10),
  fields: z.array(fieldSchema).min(1),
});

export const definitionSchema = z.strictObject({
  id: z.string(),
  version: z.string().regex(/^\d+$/, 'must be a whole number as a string'),
  sections: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1),
  choiceSets: z.record(z.string(), z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(2)),
  questions: z.array(z.discriminatedUnion('type', [groupSchema, questionSchema])).min(1),
});

export type FieldDefinition = z.infer<typeof fieldSchema>;
export type SimpleQuestion = z.infer<typeof questionSchema>;
export type GroupQuestion = z.infer<typeof groupSchema>;
export type Question = SimpleQuestion | GroupQuestion;
export type QuestionnaireDefinition = z.infer<typeof definitionSchema>;

export const isGroup = (q: Question): q is GroupQuestion => q.type === 'group';
