import { isGroupItems, type AnswerValue } from './answer-value.js';
import { isGroup, type FieldDefinition, type QuestionnaireDefinition } from './definition.js';
import type { IntakeState } from './intake-state.js';
import type { EngineInput } from './engine-types.js';
import { currentPrompt } from './engine-flow.js';
import { findQuestion } from './navigation.js';
import { acceptChoiceValue, understandAnswer, type AnswerContext } from './parse-answer.js';

/**
 * Whether a button press repeats what the conversation has already taken: the same prompt, no
 * longer the one asked, already holding the very answer the press carries (a double click, two
 * taps, a retry of a submit). The channel acknowledges it and does nothing else. A press that
 * would say something different on an old question still gets the engine's polite "that button
 * belongs to an earlier message", so the person learns why nothing changed.
 */
export function isRepeatedPress(def: QuestionnaireDefinition, state: IntakeState, input: EngineInput, ctx: AnswerContext): boolean {
  if (input.kind !== 'answer') return false;
  const now = currentPrompt(def, state);
  const promptId = input.promptId.replace(/#suggest$/, '');
  if (now?.promptId === input.promptId || now?.promptId === `${promptId}#suggest`) return false;
  // A yes/no of its own (restart, delete, "another?"): answered once it is no longer asked.
  if (promptId.startsWith('confirm.')) return state.confirm !== promptId.slice('confirm.'.length);
  const [questionId = '', part] = promptId.split('#');
  const q = findQuestion(def, questionId);
  if (!q) return false;
  if (!isGroup(q)) return sameAnswer(q, state.answers[q.id], input.value, ctx) || (state.skipped.includes(q.id) && input.value === 'skip');
  const items = state.answers[q.id];
  if (!isGroupItems(items)) return false;
  if (part === 'more') return state.group?.questionId !== q.id || state.group.phase === 'field';
  const [n = '', fieldId = ''] = (part ?? '').split('.');
  const field = q.fields.find((f) => f.id === fieldId);
  const index = Number(n) - 1;
  if (!field || !Number.isInteger(index) || index < 0) return false;
  const draft = state.group?.questionId === q.id && state.group.index === index ? state.group.draft : undefined;
  return sameAnswer(field, items[index]?.[field.id] ?? draft?.[field.id], input.value, ctx);
}

/** The stored answer is what the press would store: read as a button value, or as typed into the card's box. */
function sameAnswer(field: FieldDefinition, stored: AnswerValue | undefined, value: string | string[], ctx: AnswerContext): boolean {
  if (stored === undefined) return false;
  const asChoice = acceptChoiceValue(field, value, ctx);
  if (asChoice.ok) return same(asChoice.value, stored);
  if (typeof value !== 'string') return false;
  const typed = understandAnswer(field, value, ctx);
  return typed.ok && typed.value.kind === 'value' && same(typed.value.value, stored);
}

// Answer values are JSON (strings, numbers, id lists in choice order, the "unknown" marker).
const same = (a: AnswerValue, b: AnswerValue): boolean => JSON.stringify(a) === JSON.stringify(b);
