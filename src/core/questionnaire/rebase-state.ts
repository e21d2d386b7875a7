import { findQuestion } from './navigation.js';
import type { QuestionnaireDefinition } from './definition.js';
import type { IntakeState } from './intake-state.js';

/**
 * Moves an intake onto another questionnaire version when its own version is no longer
 * installed. Answers are all kept (ids the new version does not know are simply not
 * asked); only pointers into questions that no longer exist are dropped.
 */
export function rebaseState(def: QuestionnaireDefinition, state: IntakeState): IntakeState {
  const known = (id: string) => findQuestion(def, id) !== undefined;
  return {
    ...state,
    focus: state.focus.filter(known),
    skipped: state.skipped.filter(known),
    group: state.group && known(state.group.questionId) ? state.group : null,
  };
}
