import { isUnknown } from '../questionnaire/answer-value.js';
import type { ReadinessResult } from '../readiness/readiness-result.js';
import type { PlanDraft, PlanMember, PlanValue } from './plan-draft.js';
import type { AnswerNote } from '../messages.js';

export interface PlanInputs {
  intakeId: string;
  questionnaireVersion: string;
  answers: Record<string, unknown>;
  readiness: ReadinessResult;
  eligibility: 'eligible' | 'ineligible' | 'unknown';
  region: string | null;
  programs: string[];
  notes?: Record<string, AnswerNote>;
}

type Item = Record<string, unknown>;

const value = (v: unknown): PlanValue => {
  if (v === undefined || v === null) return null;
  if (isUnknown(v)) return { unknown: true };
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return null;
};
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const items = (v: unknown): Item[] => (Array.isArray(v) ? v.filter((x): x is Item => typeof x === 'object' && x !== null && !Array.isArray(x)) : []);

/** Builds the draft from the answers; the core company is the first member and brings its own strength. */
export function buildPlanDraft(input: PlanInputs): PlanDraft {
  const a = input.answers;
  const partners = a['partners.has_candidates'] === 'yes' ? items(a.partners) : [];
  const core: PlanMember = {
    role: 'core',
    name: value(a['company.name']),
    functions: [],
    kind: 'sme',
    prefecture: value(a['company.prefecture']),
    relationship: null,
    status: null,
  };
  const members: PlanMember[] = partners.map((p) => ({
    role: 'member',
    name: value(p.name),
    functions: typeof p.function === 'string' ? [p.function] : [],
    kind: value(p.kind),
    prefecture: value(p.prefecture),
    relationship: value(p.relationship),
    status: value(p.status),
  }));
  const academia = a['academia.involved'] === 'yes' ? items(a.academia) : [];
  return {
    intakeId: input.intakeId,
    questionnaireVersion: input.questionnaireVersion,
    rubricVersion: input.readiness.rubricVersion,
    company: {
      name: value(a['company.name']),
      prefecture: value(a['company.prefecture']),
      region: input.region,
      industry: value(a['company.industry']),
      capitalYen: value(a['company.capital_yen']),
      employees: value(a['company.employees']),
      eligibility: input.eligibility,
    },
    theme: {
      title: value(a['theme.title']),
      description: value(a['theme.description']),
      category: value(a['theme.category']),
      novelty: value(a['theme.novelty']),
      noveltyDetail: value(a['theme.novelty_detail']),
      market: value(a['theme.market']),
    },
    strengths: { summary: value(a['strengths.summary']), ip: value(a['strengths.ip']), trackRecord: value(a['strengths.track_record']) },
    missingFunctions: ids(a['missing.functions']).filter((f) => f !== 'none'),
    members: [core, ...members],
    academia: academia.map((i) => ({ name: value(i.name), type: value(i.type), role: value(i.role), form: value(i.form) })),
    agreement: { status: value(a['agreement.status']), nda: value(a['agreement.nda']) },
    funding: { totalYen: value(a['funding.total_yen']), ownYen: value(a['funding.own_yen']), sources: ids(a['funding.sources']), bankInvolved: value(a['funding.bank_involved']) },
    schedule: {
      monthsToFirstSales: value(a['commercialization.months_to_first_sales']),
      planYears: value(a['commercialization.plan_years']),
      channel: value(a['commercialization.channel']),
    },
    readiness: { score: input.readiness.score, band: input.readiness.band },
    openPoints: input.readiness.toConfirm,
    programs: input.programs,
    ...(input.notes && Object.keys(input.notes).length > 0 ? { notes: input.notes } : {}),
  };
}

