import { findQuestion } from './navigation.js';
import { isGroup, type QuestionnaireDefinition } from './definition.js';
import type { IntakeState } from './intake-state.js';

/**
 * Moves an intake onto another questionnaire version when its own version is no longer
 * installed. Answers are all kept (ids the new version does not know are simply not
 * asked); only pointers into questions that no longer exist are dropped.
 */
export function rebaseState(def: QuestionnaireDefinition, state: IntakeState): IntakeState {
  const known = (id: string) => findQuestion(def, id) !== undefined;
  const g = state.group && known(state.group.questionId) ? state.group : null;
  const q = g ? findQuestion(def, g.questionId) : undefined;
  // An item begun under a version with a higher cap: the group asks "another?", where the cap is enforced.
  const full = g !== null && q !== undefined && isGroup(q) && g.phase === 'field' && g.index >= q.maxItems;
  return {
    ...state,
    focus: state.focus.filter(known),
    skipped: state.skipped.filter(known),
    group: g && full ? { questionId: g.questionId, index: g.index, phase: 'more', draft: {} } : g,
  };
}
