import type { PlanDraft } from '../plan/plan-draft.js';
import type { ReadinessResult } from '../readiness/readiness-result.js';
import type { EligibilityResult } from '../eligibility/sme-eligibility.js';
import type { HandoffRoute } from '../routing/route-handoff.js';

/** What completing an intake produced: eligibility, readiness, routing and the plan draft in both languages. */
export interface Assessment {
  intakeId: string;
  readiness: ReadinessResult;
  eligibility: EligibilityResult;
  route: HandoffRoute;
  plan: PlanDraft;
  planJa: string;
  planEn: string;
  createdAt: Date;
}
