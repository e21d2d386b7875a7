import { isGroup, type GroupQuestion, type Question, type QuestionnaireDefinition } from './definition.js';
import { isGroupItems, type FieldValue, type GroupItem } from './answer-value.js';
import type { IntakeState } from './intake-state.js';
import type { Prompt } from '../messages.js';
import type { IntakeEvent } from './engine-types.js';
import { findQuestion, firstPending, isApplicable, progressOf } from './navigation.js';

export const groupItems = (state: IntakeState, id: string): GroupItem[] => {
  const v = state.answers[id];
  return isGroupItems(v) ? v : [];
};

const openGroup = (state: IntakeState, q: GroupQuestion, phase: 'field' | 'more') => {
  const items = groupItems(state, q.id);
  state.answers[q.id] = items;
  state.group =
    phase === 'field' && items.length < q.maxItems
      ? { questionId: q.id, index: items.length, phase: 'field', fieldId: q.fields[0]?.id ?? '', draft: {} }
      : { questionId: q.id, index: items.length, phase: 'more', draft: {} };
};

/**
 * Brings the state to a point where the next prompt can be read off it: drops edits that
 * no longer apply, opens a repeatable group when its turn comes, and marks completion.
 */
export function settle(def: QuestionnaireDefinition, state: IntakeState, events: IntakeEvent[]): void {
  state.focus = state.focus.filter((id) => {
    const q = findQuestion(def, id);
    return q !== undefined && isApplicable(q, state);
  });
  const focused = state.focus[0] !== undefined ? findQuestion(def, state.focus[0]) : undefined;
  if (focused) {
    if (isGroup(focused) && state.group?.questionId !== focused.id) openGroup(state, focused, 'more');
    return;
  }
  if (state.group) return;
  const next = firstPending(def, state);
  if (!next) {
    if (!state.completed) events.push({ type: 'completed' });
    state.completed = true;
    return;
  }
  if (isGroup(next)) openGroup(state, next, 'field');
}

/** What the company is being asked right now, or undefined when the intake is complete. */
export function currentPrompt(def: QuestionnaireDefinition, state: IntakeState): Prompt | undefined {
  if (state.confirm) {
    return {
      promptId: `confirm.${state.confirm}`,
      purpose: 'confirm',
      questionId: `confirm.${state.confirm}`,
      key: `confirm.${state.confirm}`,
      type: 'yes_no',
      optional: false,
      allowUnknown: false,
      progress: { ...progressOf(def, state, undefined), index: 0 },
    };
  }
  const focusId = state.focus[0];
  const q: Question | undefined =
    focusId !== undefined
      ? findQuestion(def, focusId)
      : state.group
        ? findQuestion(def, state.group.questionId)
        : firstPending(def, state);
  if (!q) return undefined;
  const base = isGroup(q) ? groupPrompt(def, state, q) : questionPrompt(def, state, q);
  const s = state.suggestion;
  return s && s.promptId === base.promptId ? suggestionPrompt(base, s.options) : base;
}

/** "Did you mean …?" in place of the question, until the person says yes, picks one or answers afresh. */
function suggestionPrompt(base: Prompt, options: readonly FieldValue[]): Prompt {
  const { current: _current, items: _items, choices: _choices, exclusive: _exclusive, ...rest } = base;
  const ids = (o: FieldValue): string[] => (Array.isArray(o) ? o : typeof o === 'string' ? [o] : []);
  const common = { ...rest, promptId: `${base.promptId}#suggest`, purpose: 'suggest' as const, optional: false, allowUnknown: false };
  if (options.length === 1) return { ...common, key: 'ui.suggest.one', type: 'yes_no', suggested: ids(options[0] ?? []) };
  return { ...common, key: 'ui.suggest.several', type: 'choice', choices: options.flatMap((o) => ids(o).slice(0, 1)) };
}

function questionPrompt(def: QuestionnaireDefinition, state: IntakeState, q: Exclude<Question, GroupQuestion>): Prompt {
  const prompt: Prompt = {
    promptId: q.id,
    purpose: 'question',
    questionId: q.id,
    key: `questions.${q.id}.prompt`,
    type: q.type,
    optional: !q.required,
    allowUnknown: q.allowUnknown,
    progress: progressOf(def, state, q),
    ...choiceParts(def, q),
    ...boundParts(q),
  };
  const current = state.answers[q.id];
  return current !== undefined ? { ...prompt, current } : prompt;
}

function groupPrompt(def: QuestionnaireDefinition, state: IntakeState, q: GroupQuestion): Prompt {
  const g = state.group?.questionId === q.id ? state.group : undefined;
  const items = groupItems(state, q.id);
  const field = g?.phase === 'field' ? q.fields.find((f) => f.id === g.fieldId) : undefined;
  if (!g || !field) {
    return {
      promptId: `${q.id}#more`,
      purpose: 'group_more',
      questionId: q.id,
      key: `questions.${q.id}.more.prompt`,
      type: 'yes_no',
      optional: false,
      allowUnknown: false,
      progress: progressOf(def, state, q),
      items,
    };
  }
  const prompt: Prompt = {
    promptId: `${q.id}#${g.index + 1}.${field.id}`,
    purpose: 'group_field',
    questionId: q.id,
    fieldId: field.id,
    itemIndex: g.index + 1,
    key: `questions.${q.id}.fields.${field.id}.prompt`,
    type: field.type,
    // The first field of the first item may be skipped to say "none after all" when the group is optional.
    optional: !field.required || (field.id === q.fields[0]?.id && (g.index > 0 || !q.required)),
    allowUnknown: field.allowUnknown,
    progress: progressOf(def, state, q),
    ...choiceParts(def, field),
    ...boundParts(field),
  };
  const current = g.draft[field.id];
  return current !== undefined ? { ...prompt, current } : prompt;
}

const choiceParts = (def: QuestionnaireDefinition, f: { choices?: string | undefined; exclusive?: string[] | undefined }) =>
  f.choices
    ? { choiceSet: f.choices, choices: def.choiceSets[f.choices] ?? [], ...(f.exclusive ? { exclusive: f.exclusive } : {}) }
    : {};

const boundParts = (f: { min?: number | undefined; max?: number | undefined }) => ({
  ...(f.min !== undefined ? { min: f.min } : {}),
  ...(f.max !== undefined ? { max: f.max } : {}),
});
