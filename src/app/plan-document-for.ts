import { buildPlanDocument, type PlanDocument } from '../core/plan/plan-document.js';
import type { PlanDraft } from '../core/plan/plan-draft.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import type { IntakeServices } from './intake-services.js';

/**
 * The plan draft in words of one language, with the questions of the questionnaire version the
 * intake was answered on and the support routes' names from programs.json: for the files
 * written at completion and for every later download (CLI, Slack, Teams).
 */
export function planDocumentFor(s: Pick<IntakeServices, 'translator' | 'questionnaires' | 'programs'>, plan: PlanDraft, locale: Locale, definition?: QuestionnaireDefinition): PlanDocument {
  const def = definition ?? s.questionnaires.get(plan.questionnaireVersion) ?? s.questionnaires.latest;
  const names = Object.fromEntries(s.programs.programs.map((p) => [p.id, p.name[locale]]));
  return buildPlanDocument(s.translator, locale, def, plan, names);
}
