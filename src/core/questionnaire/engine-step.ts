import { isGroup, type QuestionnaireDefinition } from './definition.js';
import type { FieldValue } from './answer-value.js';
import type { IntakeState } from './intake-state.js';
import type { Outbound, Prompt } from '../messages.js';
import { currentPrompt, groupItems, settle } from './engine-flow.js';
import { findQuestion } from './navigation.js';
import type { EngineContext, IntakeEvent } from './engine-types.js';

export interface Step {
  def: QuestionnaireDefinition;
  state: IntakeState;
  events: IntakeEvent[];
  outbound: Outbound[];
  ctx: EngineContext;
}

/** Settles the state and asks whatever comes next, or reports completion. */
export function ask(step: Step): void {
  settle(step.def, step.state, step.events);
  const prompt = currentPrompt(step.def, step.state);
  if (prompt) step.outbound.push({ kind: 'prompt', prompt });
  else step.outbound.push({ kind: 'completed' });
}

export function answerGroupField(step: Step, prompt: Prompt, value: FieldValue, raw: string): void {
  const { def, state, events } = step;
  const q = findQuestion(def, prompt.questionId);
  const g = state.group;
  if (!q || !isGroup(q) || !g || !prompt.fieldId) return ask(step);
  g.draft[prompt.fieldId] = value;
  events.push({ type: 'answered', questionId: `${q.id}[${g.index + 1}].${prompt.fieldId}`, value, raw });
  moveToNextField(step);
}

/** After a field is answered or skipped: the next field, or the item is stored and we ask "another?". */
export function moveToNextField(step: Step): void {
  const { def, state } = step;
  const g = state.group;
  const q = g ? findQuestion(def, g.questionId) : undefined;
  if (!g || !q || !isGroup(q)) return ask(step);
  const at = q.fields.findIndex((f) => f.id === g.fieldId);
  const next = q.fields[at + 1];
  if (next) {
    g.fieldId = next.id;
    return ask(step);
  }
  const items = groupItems(state, q.id);
  // A draft past the cap (an item opened under a version that allowed more) is never stored.
  if (g.index < q.maxItems) items[g.index] = g.draft;
  state.answers[q.id] = items;
  if (items.length >= q.maxItems) {
    step.outbound.push({ kind: 'notice', key: 'notice.group_full', params: { max: q.maxItems } });
    closeGroup(step);
    return;
  }
  state.group = { questionId: q.id, index: items.length, phase: 'more', draft: {} };
  ask(step);
}

export function answerMore(step: Step, another: boolean): void {
  const { def, state } = step;
  const g = state.group;
  const q = g ? findQuestion(def, g.questionId) : undefined;
  if (!g || !q || !isGroup(q)) return ask(step);
  // The cap holds whichever way the group was reached: back or edit onto a full group asks "another?" too.
  if (another && groupItems(state, q.id).length >= q.maxItems) {
    step.outbound.push({ kind: 'notice', key: 'notice.group_full', params: { max: q.maxItems } });
    return closeGroup(step);
  }
  if (another) {
    state.group = { questionId: q.id, index: groupItems(state, q.id).length, phase: 'field', fieldId: q.fields[0]?.id ?? '', draft: {} };
    return ask(step);
  }
  closeGroup(step);
}

export function closeGroup(step: Step): void {
  const { state, events } = step;
  const g = state.group;
  if (!g) return ask(step);
  state.answers[g.questionId] = groupItems(state, g.questionId);
  state.group = null;
  if (state.focus[0] === g.questionId) state.focus.shift();
  events.push({ type: 'answered', questionId: g.questionId, value: state.answers[g.questionId] ?? [], raw: '' });
  ask(step);
}

