import { z } from 'zod';
import { handoffEventTypes, handoffOutcomes, handoffStatuses, type Handoff, type HandoffEvent } from '../core/handoff/handoff.js';
import type { Assessment } from '../core/handoff/assessment.js';
import type { PlanDraft } from '../core/plan/plan-draft.js';
import type { ReadinessResult } from '../core/readiness/readiness-result.js';
import type { EligibilityResult } from '../core/eligibility/sme-eligibility.js';
import type { HandoffRoute } from '../core/routing/route-handoff.js';
import { REGION_IDS } from '../core/geo/regions.js';

export const toHandoff = (row: {
  id: string; intakeId: string; officeId: string; region: string | null; status: string; claimedBy: string | null;
  claimedAt: Date | null; outcome: string | null; closedAt: Date | null; version: number; createdAt: Date;
}): Handoff => ({
  id: row.id,
  intakeId: row.intakeId,
  officeId: row.officeId,
  region: row.region,
  status: z.enum(handoffStatuses).parse(row.status),
  claimedBy: row.claimedBy,
  claimedAt: row.claimedAt,
  outcome: row.outcome === null ? null : z.enum(handoffOutcomes).parse(row.outcome),
  closedAt: row.closedAt,
  version: row.version,
  createdAt: row.createdAt,
});

export const toHandoffEvent = (row: { id: string; handoffId: string; type: string; actor: string; body: string | null; data: unknown; createdAt: Date }): HandoffEvent => ({
  id: row.id,
  handoffId: row.handoffId,
  type: z.enum(handoffEventTypes).parse(row.type),
  actor: row.actor,
  body: row.body,
  data: row.data === null || row.data === undefined ? null : z.record(z.string(), z.string()).parse(row.data),
  createdAt: row.createdAt,
});

/*
 * The readiness result, eligibility and plan are produced by our own pure functions and
 * stored whole; on read we check the envelope and the fields the application branches on.
 */
const scored = z.object({ rubricVersion: z.string(), score: z.number(), band: z.string(), criteria: z.array(z.unknown()), toConfirm: z.array(z.string()), nextSteps: z.array(z.unknown()) });
const eligibility = z.object({ status: z.enum(['eligible', 'ineligible', 'unknown']), reasons: z.array(z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })) });
const route = z.object({ region: z.enum(REGION_IDS).nullable(), officeId: z.string(), reason: z.enum(['prefecture_override', 'region', 'default_unknown_prefecture']) });
const resultSchema = z.object({ readiness: scored.passthrough(), eligibility: eligibility.passthrough(), route });
const planSchema = z.object({ intakeId: z.string(), members: z.array(z.unknown()), readiness: z.object({ score: z.number(), band: z.string() }) }).passthrough();

export const toAssessment = (row: { intakeId: string; result: unknown; plan: unknown; planJa: string; planEn: string; createdAt: Date }): Assessment => {
  const result = resultSchema.parse(row.result);
  return {
    intakeId: row.intakeId,
    readiness: result.readiness as unknown as ReadinessResult,
    eligibility: result.eligibility as EligibilityResult,
    route: result.route as HandoffRoute,
    plan: planSchema.parse(row.plan) as unknown as PlanDraft,
    planJa: row.planJa,
    planEn: row.planEn,
    createdAt: row.createdAt,
  };
};
