import { conditionHolds } from './conditions.js';
import { isGroup, type Question, type QuestionnaireDefinition } from './definition.js';
import type { IntakeState } from './intake-state.js';
import type { Progress } from '../messages.js';

export const isApplicable = (q: Question, state: IntakeState): boolean =>
  q.when === undefined || conditionHolds(q.when, state.answers);

/** Answered or deliberately skipped; a group counts only once it is closed. */
export const isSettled = (q: Question, state: IntakeState): boolean => {
  if (isGroup(q) && state.group?.questionId === q.id) return false;
  return state.answers[q.id] !== undefined || state.skipped.includes(q.id);
};

export const findQuestion = (def: QuestionnaireDefinition, id: string): Question | undefined =>
  def.questions.find((q) => q.id === id);

/** The first applicable question not yet settled, in definition order: no required question is ever passed over. */
export const firstPending = (def: QuestionnaireDefinition, state: IntakeState): Question | undefined =>
  def.questions.find((q) => isApplicable(q, state) && !isSettled(q, state));

/** The nearest applicable, settled question before `id` (what "back" returns to). */
export function previousSettled(def: QuestionnaireDefinition, state: IntakeState, id: string): Question | undefined {
  const at = def.questions.findIndex((q) => q.id === id);
  const before = at < 0 ? def.questions : def.questions.slice(0, at);
  return [...before].reverse().find((q) => isApplicable(q, state) && (isSettled(q, state) || state.group?.questionId === q.id));
}

export function progressOf(def: QuestionnaireDefinition, state: IntakeState, q: Question | undefined): Progress {
  const applicable = def.questions.filter((x) => isApplicable(x, state));
  const answered = applicable.filter((x) => isSettled(x, state)).length;
  const total = Math.max(applicable.length, answered + 1);
  const section = q?.section ?? def.sections[0] ?? '';
  return { section, index: def.sections.indexOf(section) + 1, count: def.sections.length, answered, total, percent: Math.floor((100 * answered) / total) };
}

/** Review numbers are positions in the definition, so "edit 5" means the same question every time. */
export const questionNumber = (def: QuestionnaireDefinition, id: string): number =>
  def.questions.findIndex((q) => q.id === id) + 1;
