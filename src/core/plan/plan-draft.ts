import type { FieldValue } from '../questionnaire/answer-value.js';
import type { ReadinessBand } from '../readiness/readiness-result.js';
import type { AnswerNote } from '../messages.js';

/** A value as the company gave it (text quoted as typed), a parsed number or id, or "don't know yet". */
export type PlanValue = FieldValue | null;

export interface PlanMember {
  role: 'core' | 'member';
  name: PlanValue;
  /** Business functions (ids of the business_function choice set) this member brings. */
  functions: string[];
  kind: PlanValue;
  prefecture: PlanValue;
  relationship: PlanValue;
  status: PlanValue;
}

/** 事業計画（案）: the structured draft; Markdown in each language is rendered from it. */
export interface PlanDraft {
  intakeId: string;
  questionnaireVersion: string;
  rubricVersion: string;
  company: { name: PlanValue; prefecture: PlanValue; region: string | null; industry: PlanValue; capitalYen: PlanValue; employees: PlanValue; eligibility: 'eligible' | 'ineligible' | 'unknown' };
  theme: { title: PlanValue; description: PlanValue; category: PlanValue; novelty: PlanValue; noveltyDetail: PlanValue; market: PlanValue };
  strengths: { summary: PlanValue; ip: PlanValue; trackRecord: PlanValue };
  missingFunctions: string[];
  members: PlanMember[];
  academia: { name: PlanValue; type: PlanValue; role: PlanValue; form: PlanValue }[];
  agreement: { status: PlanValue; nda: PlanValue };
  funding: { totalYen: PlanValue; ownYen: PlanValue; sources: string[]; bankInvolved: PlanValue };
  schedule: { monthsToFirstSales: PlanValue; planYears: PlanValue; channel: PlanValue };
  readiness: { score: number; band: ReadinessBand };
  /** Question ids answered "don't know yet". */
  openPoints: string[];
  /** Numbers typed as approximations or ranges, by question id; absent in drafts made before it existed. */
  notes?: Record<string, AnswerNote>;
  /** Program ids suggested as support routes (only ones currently available). */
  programs: string[];
}
