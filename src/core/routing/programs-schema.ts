import { z } from 'zod';

const label = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });

export const programSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case'),
  name: label,
  summary: label,
  /** False for routes kept only so the bot and PMs can explain them (新連携 since 2020-10-01). */
  available: z.boolean(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * What a program needs from the plan. A `requires…` hint that the intake does not meet keeps
   * the program out of the suggestions; a met one ranks it higher.
   */
  hints: z.strictObject({
    requiresAcademia: z.boolean().optional(),
    requiresJointApplication: z.boolean().optional(),
    requiresBank: z.boolean().optional(),
    /** `theme_category` choice ids of the questionnaire that the program is aimed at. */
    themes: z.array(z.string().min(1)).optional(),
  }),
  note: label.optional(),
});
export type Program = z.infer<typeof programSchema>;

/** config/programs.json: the support routes, kept as data the office edits. */
export const programsConfigSchema = z.strictObject({
  version: z.string().min(1),
  programs: z.array(programSchema).min(1),
});
export type ProgramsConfig = z.infer<typeof programsConfigSchema>;
