import { isGroup, type QuestionnaireDefinition } from './definition.js';
import { basicArgumentFits, languageOf, recogniseCommand, type CommandId, type RecognisedCommand } from './commands.js';
import { currentPrompt, groupItems } from './engine-flow.js';
import { findQuestion, isApplicable, isSettled, previousSettled, questionNumber } from './navigation.js';
import { ask, closeGroup, moveToNextField, type Step } from './engine-step.js';
import type { IntakeState } from './intake-state.js';
import type { ReviewItem } from '../messages.js';
import type { EngineContext } from './engine-types.js';

/** Commands work at any point of the conversation and never lose an answer. */
export function runCommand(step: Step, command: CommandId, arg: string | undefined): void {
  const { state, outbound, events } = step;
  switch (command) {
    case 'help':
      outbound.push({ kind: 'help' });
      return reask(step);
    case 'review':
      outbound.push({ kind: 'review', items: reviewItems(step.def, state) });
      return reask(step);
    case 'lang':
    case 'english':
    case 'japanese': {
      const target = command === 'english' ? 'en' : command === 'japanese' ? 'ja' : languageArg(arg, state.locale);
      if (!target) {
        outbound.push({ kind: 'invalid', code: 'command.lang_unknown' });
        return reask(step);
      }
      if (target !== state.locale) events.push({ type: 'language_changed', locale: target });
      state.locale = target;
      outbound.push({ kind: 'notice', key: 'notice.language_changed' });
      return reask(step);
    }
    case 'pause':
      if (state.completed) return reask(step);
      state.paused = true;
      events.push({ type: 'paused' });
      outbound.push({ kind: 'notice', key: 'notice.paused' });
      return;
    case 'resume':
      if (state.paused) {
        state.paused = false;
        events.push({ type: 'resumed' });
      }
      outbound.push({ kind: 'notice', key: state.completed ? 'notice.already_completed' : 'notice.resumed' });
      return state.completed ? undefined : ask(step);
    case 'stop_reminders':
      events.push({ type: 'reminders_opt_out' });
      outbound.push({ kind: 'notice', key: 'notice.reminders_stopped' });
      return reask(step);
    case 'restart':
    case 'delete':
      state.confirm = command;
      state.paused = false;
      return ask(step);
  }
  if (state.completed) {
    outbound.push({ kind: 'notice', key: 'notice.completed_locked' });
    return;
  }
  state.paused = false;
  switch (command) {
    case 'back':
      return back(step);
    case 'skip':
      return skip(step);
    case 'edit':
      return edit(step, arg);
    case 'remove':
      return removeItem(step, arg);
  }
}

/** Re-asks the current question unless the intake is already complete. */
function reask(step: Step): void {
  if (step.state.completed) return;
  if (step.state.paused) {
    step.outbound.push({ kind: 'notice', key: 'notice.paused' });
    return;
  }
  ask(step);
}

function languageArg(arg: string | undefined, current: 'ja' | 'en'): 'ja' | 'en' | undefined {
  return arg === undefined ? (current === 'ja' ? 'en' : 'ja') : languageOf(arg);
}

/**
 * The command a typed message is, judged with the questionnaire at hand: "edit" takes a
 * question number or the name of a question or section in either language.
 */
export function commandInText(def: QuestionnaireDefinition, text: string, ctx: EngineContext): RecognisedCommand | undefined {
  return recogniseCommand(text, ctx.commands, (command, arg) => basicArgumentFits(command, arg) || (command === 'edit' && findTargets(def, arg, ctx) !== undefined));
}

function back(step: Step): void {
  const { def, state, outbound } = step;
  if (state.confirm) {
    state.confirm = null;
    return ask(step);
  }
  const prompt = currentPrompt(def, state);
  const g = state.group;
  if (prompt?.purpose === 'group_field' && g) {
    const q = findQuestion(def, g.questionId);
    if (q && isGroup(q)) {
      const at = q.fields.findIndex((f) => f.id === g.fieldId);
      const previousField = at > 0 ? q.fields[at - 1] : undefined;
      if (previousField) {
        g.fieldId = previousField.id;
        return ask(step);
      }
    }
  }
  const anchor = prompt?.questionId ?? def.questions[def.questions.length - 1]?.id ?? '';
  const target = previousSettled(def, state, anchor);
  if (!target || target.id === anchor) {
    outbound.push({ kind: 'notice', key: 'notice.at_start' });
    return ask(step);
  }
  state.focus.unshift(target.id);
  ask(step);
}

function skip(step: Step): void {
  const { def, state, outbound, events } = step;
  const prompt = currentPrompt(def, state);
  if (!prompt) return ask(step);
  if (prompt.purpose === 'confirm') {
    state.confirm = null;
    outbound.push({ kind: 'notice', key: 'notice.cancelled' });
    return ask(step);
  }
  if (prompt.purpose === 'group_more') return closeGroup(step);
  const editing = state.focus[0] === prompt.questionId && prompt.purpose === 'question';
  if (editing) {
    // While editing, "skip" keeps the answer already given.
    state.focus.shift();
    return ask(step);
  }
  if (!prompt.optional) {
    outbound.push({ kind: 'invalid', code: 'command.skip_required' });
    return ask(step);
  }
  if (prompt.purpose === 'group_field') {
    const q = findQuestion(def, prompt.questionId);
    const g = state.group;
    if (g && q && isGroup(q) && prompt.fieldId === q.fields[0]?.id) {
      // Skipping the first field abandons this item: "no more partners" rather than a nameless one.
      state.group = { ...g, phase: 'more', draft: {} };
      return closeGroup(step);
    }
    return moveToNextField(step);
  }
  state.skipped.push(prompt.questionId);
  delete state.answers[prompt.questionId];
  events.push({ type: 'skipped', questionId: prompt.questionId });
  ask(step);
}

function edit(step: Step, arg: string | undefined): void {
  const { def, state, outbound, ctx } = step;
  if (!arg) {
    outbound.push({ kind: 'review', items: reviewItems(def, state) });
    outbound.push({ kind: 'notice', key: 'notice.edit_how' });
    return ask(step);
  }
  const targets = resolveTarget(def, state, arg, ctx);
  if (targets === undefined) {
    outbound.push({ kind: 'invalid', code: 'command.edit_unknown', params: { target: arg } });
    return ask(step);
  }
  if (targets.length === 0) {
    outbound.push({ kind: 'invalid', code: 'command.edit_not_applicable', params: { target: arg } });
    return ask(step);
  }
  state.focus = [...targets, ...state.focus.filter((id) => !targets.includes(id))];
  ask(step);
}

/** A question number, a question id, a section id, or a section's or question's name in either language. */
function resolveTarget(def: QuestionnaireDefinition, state: IntakeState, arg: string, ctx: EngineContext): string[] | undefined {
  const named = findTargets(def, arg, ctx);
  if (named === undefined) return undefined;
  return named.filter((id) => {
    const q = findQuestion(def, id);
    return q !== undefined && isApplicable(q, state) && (isSettled(q, state) || state.group?.questionId === q.id);
  });
}

/** The question ids an "edit" argument names, whether or not they apply to this intake; undefined when it names none. */
function findTargets(def: QuestionnaireDefinition, arg: string, ctx: EngineContext): string[] | undefined {
  const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s・]/g, '');
  const wanted = fold(arg);
  if (wanted.length === 0) return undefined;
  const num = /^(?:q|no\.?|#)?(\d{1,3})(?:番)?$/.exec(wanted);
  if (num) {
    const q = def.questions[Number(num[1]) - 1];
    return q ? [q.id] : undefined;
  }
  const byQuestion = def.questions.find(
    (q) => fold(q.id) === wanted || ctx.targetLabels('question', q.id).some((l) => fold(l) === wanted),
  );
  if (byQuestion) return [byQuestion.id];
  const section = def.sections.find(
    // Part of a section's name ("修正 資金" for 資金計画) from two characters on: one would make 「修正事…」 an edit of 事業化.
    (s) => fold(s) === wanted || ctx.targetLabels('section', s).some((l) => fold(l) === wanted || (wanted.length >= 2 && fold(l).includes(wanted))),
  );
  if (section) return def.questions.filter((q) => q.section === section).map((q) => q.id);
  return undefined;
}

function removeItem(step: Step, arg: string | undefined): void {
  const { def, state, outbound, events } = step;
  const prompt = currentPrompt(def, state);
  const n = Number((arg ?? '').normalize('NFKC').replace(/[^\d]/g, ''));
  if (prompt?.purpose !== 'group_more' || !state.group) {
    outbound.push({ kind: 'invalid', code: 'command.remove_not_here' });
    return ask(step);
  }
  const items = groupItems(state, state.group.questionId);
  const removed = Number.isInteger(n) && n >= 1 ? items[n - 1] : undefined;
  if (!removed) {
    outbound.push({ kind: 'invalid', code: 'command.remove_which', params: { count: items.length } });
    return ask(step);
  }
  items.splice(n - 1, 1);
  state.answers[state.group.questionId] = items;
  state.group.index = items.length;
  events.push({ type: 'group_item_removed', questionId: state.group.questionId, item: removed });
  outbound.push({ kind: 'notice', key: 'notice.item_removed', params: { number: n } });
  ask(step);
}

export function reviewItems(def: QuestionnaireDefinition, state: IntakeState): ReviewItem[] {
  return def.questions
    .filter((q) => isApplicable(q, state) && (state.answers[q.id] !== undefined || state.skipped.includes(q.id)))
    .map((q) => {
      const value = state.answers[q.id];
      const item: ReviewItem = { number: questionNumber(def, q.id), questionId: q.id, section: q.section, skipped: value === undefined };
      return value !== undefined ? { ...item, value } : item;
    });
}
