import { isUnknown } from '../questionnaire/answer-value.js';
import type { RubricPart } from './rubric-schema.js';
import type { Gap } from './readiness-result.js';

export interface ReadinessFacts {
  answers: Record<string, unknown>;
  /** Question ids in questionnaire order, so the to-confirm list reads in that order on every database. */
  order?: readonly string[];
  /** Answers recorded with a reservation (a range typed for one number): to confirm as well. */
  flagged?: readonly string[];
  eligibility: { status: 'eligible' | 'ineligible' | 'unknown' };
}

export interface PartOutcome {
  fraction: number;
  unknown: boolean;
  evidence: string[];
  toConfirm: string[];
  list?: Gap['list'];
}

type Item = Record<string, unknown>;

const none = (): PartOutcome => ({ fraction: 0, unknown: false, evidence: [], toConfirm: [] });
const unknownOf = (...ids: string[]): PartOutcome => ({ fraction: 0, unknown: true, evidence: [], toConfirm: ids });
const earned = (fraction: number, ...ids: string[]): PartOutcome => ({
  fraction: Math.max(0, Math.min(1, fraction)),
  unknown: false,
  evidence: fraction > 0 ? ids : [],
  toConfirm: [],
});

const itemsOf = (v: unknown): Item[] => (Array.isArray(v) ? v.filter((x): x is Item => typeof x === 'object' && x !== null && !Array.isArray(x)) : []);
const isAnswered = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** One rubric test over the answers; "don't know yet" is reported as to-confirm, never as a no. */
export function evaluatePart(part: RubricPart, facts: ReadinessFacts): PartOutcome {
  const a = facts.answers;
  switch (part.test) {
    case 'present': {
      const v = a[part.question];
      if (isUnknown(v)) return unknownOf(part.question);
      return isAnswered(v) ? earned(1, part.question) : none();
    }
    case 'choice': {
      const v = a[part.question];
      if (isUnknown(v)) return unknownOf(part.question);
      return typeof v === 'string' ? earned(part.values[v] ?? 0, part.question) : none();
    }
    case 'any_of': {
      const v = a[part.question];
      if (isUnknown(v)) return unknownOf(part.question);
      const ids = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      return earned(Math.max(0, ...ids.map((id) => part.values[id] ?? 0)), part.question);
    }
    case 'at_most': {
      const v = a[part.question];
      if (isUnknown(v)) return unknownOf(part.question);
      if (typeof v !== 'number') return none();
      const step = part.steps.find(([bound]) => v <= bound);
      return earned(step ? step[1] : 0, part.question);
    }
    case 'ratio_at_least': {
      const n = a[part.numerator];
      const d = a[part.denominator];
      const unknowns = [part.numerator, part.denominator].filter((id) => isUnknown(a[id]));
      if (unknowns.length > 0) return unknownOf(...unknowns);
      if (typeof n !== 'number' || typeof d !== 'number' || d <= 0) return none();
      const step = [...part.steps].sort((x, y) => y[0] - x[0]).find(([bound]) => n / d >= bound);
      return earned(step ? step[1] : 0, part.numerator, part.denominator);
    }
    case 'eligibility':
      if (facts.eligibility.status === 'unknown') return unknownOf('company.capital_yen', 'company.employees');
      return earned(facts.eligibility.status === 'eligible' ? 1 : 0, 'company.capital_yen', 'company.employees', 'company.industry');
    case 'sme_partners': {
      const gate = a['partners.has_candidates'];
      if (isUnknown(gate)) return unknownOf('partners.has_candidates');
      const partners = gate === 'yes' ? itemsOf(a.partners) : [];
      const smes = partners.filter((p) => p.kind === 'sme');
      const best = Math.max(0, ...smes.map((p) => part.statuses[String(p.status)] ?? 0));
      if (best === 0 && partners.some((p) => isUnknown(p.kind))) return unknownOf('partners');
      return earned(best, 'partners');
    }
    case 'coverage':
      return coverage(part.statuses, a);
    case 'academia_fit':
      return academiaFit(part.formalRoles, part.cooperativeRoles, a);
    case 'wide_area': {
      const home = a['company.prefecture'];
      const away = itemsOf(a['partners.has_candidates'] === 'yes' ? a.partners : []).filter(
        (p) => typeof p.prefecture === 'string' && p.prefecture !== home,
      );
      return earned(away.length > 0 ? 1 : 0, 'partners');
    }
  }
}

function coverage(statuses: Record<string, number>, a: Record<string, unknown>): PartOutcome {
  const missing = a['missing.functions'];
  if (isUnknown(missing)) return unknownOf('missing.functions');
  const functions = Array.isArray(missing) ? missing.filter((f): f is string => typeof f === 'string' && f !== 'none') : [];
  if (Array.isArray(missing) && functions.length === 0) return earned(1, 'missing.functions');
  if (functions.length === 0) return none();
  const partners = a['partners.has_candidates'] === 'yes' ? itemsOf(a.partners) : [];
  const weights = functions.map((f) => Math.max(0, ...partners.filter((p) => p.function === f).map((p) => statuses[String(p.status)] ?? 0)));
  const uncovered = functions.filter((_, i) => (weights[i] ?? 0) < 1);
  const outcome = earned(weights.reduce((s, w) => s + w, 0) / functions.length, 'missing.functions', 'partners');
  return uncovered.length > 0 ? { ...outcome, list: { choiceSet: 'business_function', ids: uncovered } } : outcome;
}

function academiaFit(formalRoles: string[], cooperativeRoles: string[], a: Record<string, unknown>): PartOutcome {
  const involved = a['academia.involved'];
  if (isUnknown(involved)) return unknownOf('academia.involved');
  const items = involved === 'yes' ? itemsOf(a.academia) : [];
  if (items.length === 0) return none();
  const agreement = a['agreement.status'];
  const withAgreement = agreement === 'signed' || agreement === 'drafting';
  const fits = items.filter(
    (i) =>
      (formalRoles.includes(String(i.role)) && i.form === 'formal' && withAgreement) ||
      (cooperativeRoles.includes(String(i.role)) && i.form === 'cooperative'),
  );
  return earned(fits.length / items.length, 'academia');
}
