import type { Rubric } from './rubric-schema.js';
import type { CriterionResult, CriterionStatus, Gap, ReadinessBand, ReadinessResult } from './readiness-result.js';
import { evaluatePart, type ReadinessFacts } from './evaluate-part.js';
import { isUnknown } from '../questionnaire/answer-value.js';

/** Scores the answers against a rubric: a pure function of the answers, the eligibility and the rubric version. */
export function scoreReadiness(rubric: Rubric, facts: ReadinessFacts): ReadinessResult {
  const criteria = rubric.criteria.map((c): CriterionResult => {
    const outcomes = c.parts.map((p) => ({ part: p, out: evaluatePart(p, facts) }));
    const earnedShare = outcomes.reduce((s, { part, out }) => s + part.weight * out.fraction, 0);
    const points = Math.round(c.max * earnedShare);
    const allMet = outcomes.every(({ out }) => out.fraction >= 1);
    const anyUnknown = outcomes.some(({ out }) => out.unknown);
    const status: CriterionStatus = allMet ? 'met' : earnedShare === 0 ? (anyUnknown ? 'unknown' : 'missing') : 'partial';
    const gaps = outcomes
      .filter(({ out }) => out.fraction < 1)
      .map(({ part, out }): Gap => ({
        code: part.gap,
        criterion: c.id,
        potential: Math.round(c.max * part.weight * (1 - out.fraction) * 10) / 10,
        toConfirm: out.unknown,
        ...(out.list ? { list: out.list } : {}),
      }));
    const evidence = [...new Set(outcomes.flatMap(({ out }) => out.evidence))];
    return { id: c.id, points, max: c.max, bonus: c.bonus, status, evidence, gaps };
  });

  const score = Math.min(100, criteria.reduce((s, c) => s + c.points, 0));
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const ratio = (id: string) => {
    const c = byId.get(id);
    return c && c.max > 0 ? c.points / c.max : 0;
  };
  const idea = rubric.criteria.filter((c) => c.idea);
  const ideaMax = idea.reduce((s, c) => s + c.max, 0);
  const ideaRatio = ideaMax > 0 ? idea.reduce((s, c) => s + (byId.get(c.id)?.points ?? 0), 0) / ideaMax : 0;
  const ready = rubric.bands.ready;

  let band: ReadinessBand;
  if (facts.eligibility.status === 'ineligible') band = 'ineligible';
  else if (
    score >= ready.minScore &&
    ready.requireMet.every((id) => byId.get(id)?.status === 'met') &&
    Object.entries(ready.minRatio).every(([id, min]) => ratio(id) >= min)
  )
    band = 'ready';
  else if (ideaRatio >= rubric.bands.needs_partners.minIdeaRatio) band = 'needs_partners';
  else band = 'early';

  const nextSteps = criteria
    .filter((c) => c.max > 0)
    .flatMap((c) => c.gaps)
    .filter((g) => g.potential > 0)
    .sort((x, y) => y.potential - x.potential || Number(y.toConfirm) - Number(x.toConfirm))
    .slice(0, 3);
  const toConfirm = [...new Set([...rubric.criteria.flatMap((c) => c.parts.flatMap((p) => evaluatePart(p, facts).toConfirm)), ...inOrder([...unknownAnswers(facts.answers), ...(facts.flagged ?? [])], facts.order)])];
  return { rubricVersion: rubric.version, score, band, criteria, toConfirm, nextSteps };
}

/**
 * Every "not decided yet", whether or not the rubric scores it: each is something the PM has to
 * confirm, so it goes to the brief, the plan's open points and the summary (a group counts once).
 */
function unknownAnswers(answers: Record<string, unknown>): string[] {
  return Object.entries(answers)
    .filter(([, v]) => isUnknown(v) || (Array.isArray(v) && v.some((item) => typeof item === 'object' && item !== null && Object.values(item).some(isUnknown))))
    .map(([id]) => id);
}

// PostgreSQL's jsonb does not keep key order, so the answers' own order differs between databases.
function inOrder(ids: string[], order: readonly string[] | undefined): string[] {
  if (!order) return [...ids].sort();
  const at = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return [...ids].sort((a, b) => at(a) - at(b) || a.localeCompare(b));
}
