import type { Intake } from '../core/intake.js';
import type { Outbound } from '../core/messages.js';
import { normalizeInput } from '../core/questionnaire/parse/normalize-input.js';
import { MAX_LONG_TEXT } from '../core/questionnaire/parse-answer.js';
import type { HandoffEvent } from '../core/handoff/handoff.js';
import type { IntakeServices } from './intake-services.js';
import { notify } from './notify.js';

/** The PM question still waiting for the company's answer, if any. */
export function pendingQuestion(events: HandoffEvent[]): HandoffEvent | undefined {
  const last = [...events].reverse().find((e) => e.type === 'question' || e.type === 'answer');
  return last?.type === 'question' ? last : undefined;
}

/**
 * After the questionnaire, a message from the company answers the PM's open question: it is
 * kept on the handoff and sent to the PM. Returns undefined when no question is waiting.
 */
export async function relaySmeAnswer(s: IntakeServices, intake: Intake, text: string): Promise<Outbound[] | undefined> {
  const handoff = await s.handoffs.handoffForIntake(intake.id);
  if (!handoff || handoff.status === 'closed') return undefined;
  const question = pendingQuestion(await s.handoffs.events(handoff.id));
  if (!question) return undefined;
  const answer = normalizeInput(text, MAX_LONG_TEXT);
  if (!answer.ok) return [answer.params ? { kind: 'invalid', code: answer.code, params: answer.params } : { kind: 'invalid', code: answer.code }];
  const now = s.clock.now();
  await s.handoffs.addEvent(handoff.id, { type: 'answer', actor: 'sme', body: answer.value, data: { question: question.id } }, now);
  const company = intake.state.answers['company.name'];
  await notify(
    s,
    handoff.claimedBy ? { kind: 'pm', pmId: handoff.claimedBy } : { kind: 'office', officeId: handoff.officeId },
    {
      kind: 'sme_answer',
      key: 'handoff.notice.answer',
      params: { company: typeof company === 'string' ? company : '', question: question.body ?? '', answer: answer.value, handoff: handoff.id },
      intakeId: intake.id,
      handoffId: handoff.id,
    },
  );
  return [{ kind: 'notice', key: 'notice.answer_relayed' }];
}
