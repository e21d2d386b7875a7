import type { Handoff } from '../core/handoff/handoff.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import { officeById } from '../core/routing/office-by-id.js';
import type { HandoffEvent } from '../core/handoff/handoff.js';
import type { Assessment } from '../core/handoff/assessment.js';
import { renderHandoffBrief } from '../core/plan/render-handoff-brief.js';
import { pmNames } from './handoff-actions.js';
import type { IntakeServices } from './intake-services.js';

export interface LoadedHandoffBrief {
  handoff: Handoff;
  assessment: Assessment;
  company: string;
  /** The brief as text in the requested language. */
  brief: string;
}

/** Everything a handoff card or the PM's terminal shows, gathered once for every channel. */
export async function loadHandoffBrief(s: IntakeServices, handoffId: string, locale: Locale, events?: HandoffEvent[]): Promise<LoadedHandoffBrief | null> {
  const handoff = await s.handoffs.getHandoff(handoffId);
  if (!handoff) return null;
  const [intake, assessment] = await Promise.all([s.repo.getIntake(handoff.intakeId), s.handoffs.getAssessment(handoff.intakeId)]);
  if (!assessment) return null;
  const name = intake?.state.answers['company.name'];
  const company = typeof name === 'string' ? name : handoff.intakeId;
  const office = officeById(s.offices, handoff.officeId);
  const pmName = (id: string | null) => {
    const n = pmNames(s.offices, id);
    return locale === 'ja' ? n.pm : n.pm_en;
  };
  const brief = renderHandoffBrief(s.translator, locale, {
    handoff,
    assessment,
    company,
    officeName: office ? office.name[locale] : handoff.officeId,
    pmName,
    ...(events ? { events } : {}),
  });
  return { handoff, assessment, company, brief };
}
