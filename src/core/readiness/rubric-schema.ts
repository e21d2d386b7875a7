import { z } from 'zod';

/**
 * The readiness rubric is data (config/rubric/readiness-v<N>.json). Each criterion is a
 * weighted sum of parts; each part is one test over the answers, written in the file with
 * its weight and its gap (the i18n key of what is missing and what a PM could do).
 */
const fraction = z.number().min(0).max(1);
const steps = z.array(z.tuple([z.number(), fraction])).min(1);
const statusWeights = z.record(z.string(), fraction);

const partBase = { weight: fraction, gap: z.string().regex(/^[a-z_]+$/) };

export const partSchema = z.discriminatedUnion('test', [
  /** A text (or any) answer given, and not "don't know". */
  z.strictObject({ test: z.literal('present'), question: z.string(), ...partBase }),
  /** A single choice (or yes/no) mapped to a fraction. */
  z.strictObject({ test: z.literal('choice'), question: z.string(), values: z.record(z.string(), fraction), ...partBase }),
  /** A multi-choice: the best fraction among the chosen ids. */
  z.strictObject({ test: z.literal('any_of'), question: z.string(), values: z.record(z.string(), fraction), ...partBase }),
  /** A number at or below each step's bound earns that step's fraction (first match wins). */
  z.strictObject({ test: z.literal('at_most'), question: z.string(), steps, ...partBase }),
  /** numerator / denominator at or above each step's bound earns that step's fraction. */
  z.strictObject({ test: z.literal('ratio_at_least'), numerator: z.string(), denominator: z.string(), steps, ...partBase }),
  /** SME eligibility of the core company (computed by the eligibility rules). */
  z.strictObject({ test: z.literal('eligibility'), ...partBase }),
  /** Partner SMEs around the core, weighted by how far talks have gone. */
  z.strictObject({ test: z.literal('sme_partners'), statuses: statusWeights, ...partBase }),
  /** Every missing function covered by a partner, weighted by that partner's status. */
  z.strictObject({ test: z.literal('coverage'), statuses: statusWeights, ...partBase }),
  /** Academic involvement whose form fits its role (連携 for joint research/transfer with an agreement, 協力 for evaluation/guidance). */
  z.strictObject({ test: z.literal('academia_fit'), formalRoles: z.array(z.string()), cooperativeRoles: z.array(z.string()), ...partBase }),
  /** Partners in other prefectures: noted, never scored. */
  z.strictObject({ test: z.literal('wide_area'), ...partBase }),
]);
export type RubricPart = z.infer<typeof partSchema>;

export const criterionSchema = z.strictObject({
  id: z.string().regex(/^[a-z_]+$/),
  max: z.number().int().min(0),
  /** Bonus criteria add points without their absence counting against the company. */
  bonus: z.boolean().default(false),
  /** Sound-idea criteria: the idea is judged on these when deciding between needs_partners and early. */
  idea: z.boolean().default(false),
  parts: z.array(partSchema).min(1),
});
export type RubricCriterion = z.infer<typeof criterionSchema>;

export const rubricSchema = z.strictObject({
  id: z.literal('readiness'),
  version: z.string().regex(/^\d+$/),
  criteria: z.array(criterionSchema).min(1),
  bands: z.strictObject({
    ready: z.strictObject({ minScore: z.number().min(0).max(100), requireMet: z.array(z.string()), minRatio: z.record(z.string(), fraction) }),
    needs_partners: z.strictObject({ minIdeaRatio: fraction }),
  }),
});
export type Rubric = z.infer<typeof rubricSchema>;

export type RubricCheck = { ok: true; rubric: Rubric } | { ok: false; problems: string[] };

export function validateRubric(raw: unknown): RubricCheck {
  const parsed = rubricSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const [head, index, ...rest] = i.path;
        const crit = head === 'criteria' && typeof index === 'number' && isRecord(raw) && Array.isArray(raw.criteria) ? raw.criteria[index] : undefined;
        const name = isRecord(crit) && typeof crit.id === 'string' ? `criterion "${crit.id}"` : i.path.map(String).join('.');
        return `${name}${rest.length ? ` (${rest.map(String).join('.')})` : ''}: ${i.message}`;
      }),
    };
  }
  const r = parsed.data;
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const c of r.criteria) {
    if (ids.has(c.id)) problems.push(`criterion "${c.id}": duplicate id`);
    ids.add(c.id);
    const total = c.parts.reduce((s, p) => s + p.weight, 0);
    if (c.max > 0 && Math.abs(total - 1) > 1e-6) problems.push(`criterion "${c.id}": part weights add up to ${total}, not 1`);
  }
  const sum = r.criteria.filter((c) => !c.bonus).reduce((s, c) => s + c.max, 0);
  if (sum !== 100) problems.push(`criteria: the maxima of non-bonus criteria add up to ${sum}, not 100`);
  for (const id of [...r.bands.ready.requireMet, ...Object.keys(r.bands.ready.minRatio)])
    if (!ids.has(id)) problems.push(`bands.ready: unknown criterion "${id}"`);
  return problems.length ? { ok: false, problems } : { ok: true, rubric: r };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
