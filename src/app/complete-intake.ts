import type { Intake } from '../core/intake.js';
import type { Outbound } from '../core/messages.js';
import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import { assessSmeEligibility } from '../core/eligibility/sme-eligibility.js';
import { scoreReadiness } from '../core/readiness/score-readiness.js';
import { routeHandoff } from '../core/routing/route-handoff.js';
import { suggestPrograms } from '../core/routing/suggest-programs.js';
import { officeById } from '../core/routing/office-by-id.js';
import { buildPlanDraft } from '../core/plan/build-plan-draft.js';
import { planDocumentMarkdown } from '../core/plan/render-plan-markdown.js';
import { planDocumentFor } from './plan-document-for.js';
import type { Assessment } from '../core/handoff/assessment.js';
import type { Handoff } from '../core/handoff/handoff.js';
import type { IntakeServices } from './intake-services.js';
import { notify, refreshHandoffCards } from './notify.js';
import { auditChange } from './access.js';

export interface Completion {
  assessment: Assessment;
  handoff: Handoff | null;
  summary: Outbound;
}

/**
 * After the last answer: eligibility, readiness, routing, the plan in both languages, and
 * (with the company's consent) the handoff to its office. Safe to run again: the
 * assessment is replaced and an intake never gets a second handoff.
 */
export async function completeIntake(s: IntakeServices, intake: Intake, def: QuestionnaireDefinition): Promise<Completion> {
  const now = s.clock.now();
  const answers = intake.state.answers as Record<string, unknown>;
  const eligibility = assessSmeEligibility(answers);
  const flagged = Object.entries(intake.state.notes ?? {}).filter(([, n]) => n.range !== undefined).map(([id]) => id);
  const readiness = scoreReadiness(s.rubric, { answers, eligibility, order: def.questions.map((q) => q.id), flagged });
  const prefecture = answers['company.prefecture'];
  const route = routeHandoff(s.offices, typeof prefecture === 'string' ? prefecture : undefined);
  const partners = answers['partners.has_candidates'] === 'yes' && Array.isArray(answers.partners) ? answers.partners.length : 0;
  const programs = suggestPrograms(s.programs.programs, {
    academiaInvolved: answers['academia.involved'] === 'yes',
    bankInvolved: answers['funding.bank_involved'] === 'yes',
    partnerCount: partners,
    ...(typeof answers['theme.category'] === 'string' ? { theme: answers['theme.category'] } : {}),
  });
  const plan = buildPlanDraft({
    intakeId: intake.id,
    questionnaireVersion: intake.questionnaireVersion,
    answers,
    readiness,
    eligibility: eligibility.status,
    region: route.region,
    programs: programs.map((p) => p.id),
    ...(intake.state.notes ? { notes: intake.state.notes } : {}),
  });
  const documents = { ja: planDocumentFor(s, plan, 'ja', def), en: planDocumentFor(s, plan, 'en', def) };
  const planJa = planDocumentMarkdown(documents.ja);
  const planEn = planDocumentMarkdown(documents.en);
  const assessment: Assessment = { intakeId: intake.id, readiness, eligibility, route, plan, planJa, planEn, createdAt: now };
  await s.handoffs.saveAssessment(assessment);
  if (s.planArchive) await s.planArchive.save(intake.id, documents);

  const office = officeById(s.offices, route.officeId);
  const shared = answers['consent.share_with_office'] === 'yes';
  let handoff: Handoff | null = null;
  if (shared) {
    const opened = await s.handoffs.openHandoff({ intakeId: intake.id, officeId: route.officeId, region: route.region, now });
    handoff = opened.handoff;
    if (opened.created) {
      // Handing the plan to an office discloses it to that office's people: on the record.
      await auditChange(s, 'system', 'handoff.created', { channel: 'system', intakeId: intake.id, handoffId: handoff.id, detail: route.officeId });
      const company = typeof answers['company.name'] === 'string' ? answers['company.name'] : '';
      await notify(
        s,
        { kind: 'office', officeId: route.officeId },
        {
          kind: 'handoff_created',
          key: 'handoff.notice.created',
          params: { company, score: readiness.score, band: readiness.band, handoff: handoff.id, unknownPrefecture: route.reason === 'default_unknown_prefecture' ? 1 : 0 },
          intakeId: intake.id,
          handoffId: handoff.id,
        },
      );
      await refreshHandoffCards(s, handoff.id, intake.id);
    }
  }
  return {
    assessment,
    handoff,
    summary: {
      kind: 'summary',
      band: readiness.band,
      score: readiness.score,
      nextSteps: readiness.nextSteps,
      toConfirm: readiness.toConfirm,
      office: office ? { id: office.id, name: office.name } : null,
      shared,
    },
  };
}
