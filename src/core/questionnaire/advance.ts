import { isGroup, type FieldDefinition, type QuestionnaireDefinition } from './definition.js';
import { isUnknown, type FieldValue } from './answer-value.js';
import type { IntakeState } from './intake-state.js';
import type { AnswerNote, Outbound, Prompt } from '../messages.js';
import type { ParseResult } from '../result.js';
import { acceptChoiceValue, understandAnswer, type Understood } from './parse-answer.js';
import { normalizeInput } from './parse/normalize-input.js';
import { parseYesNo } from './parse/yes-no.js';
import { isCommandId, type CommandId } from './commands.js';
import { currentPrompt, settle } from './engine-flow.js';
import { answerGroupField, answerMore, ask, type Step } from './engine-step.js';
import { findQuestion } from './navigation.js';
import { commandInText, runCommand } from './engine-commands.js';
import type { EngineContext, EngineInput, IntakeEvent, Transition } from './engine-types.js';

export type { EngineContext, EngineInput, IntakeEvent, Transition } from './engine-types.js';

/**
 * The conversation engine: a pure state transition. It does no I/O and never throws on
 * user input; the caller persists the returned state before sending anything, so an
 * acknowledged answer is never lost.
 */
export function advance(
  def: QuestionnaireDefinition,
  previous: IntakeState,
  input: EngineInput,
  ctx: EngineContext,
): Transition {
  const state = structuredClone(previous);
  const events: IntakeEvent[] = [];
  const outbound: Outbound[] = [];
  const step: Step = { def, state, events, outbound, ctx };

  if (input.kind === 'start') {
    if (input.locale && input.locale !== state.locale) {
      state.locale = input.locale;
      events.push({ type: 'language_changed', locale: input.locale });
    }
    const wasPaused = state.paused;
    state.paused = false;
    if (wasPaused) events.push({ type: 'resumed' });
    settle(def, state, events);
    if (state.completed) outbound.push({ kind: 'notice', key: 'notice.already_completed' });
    else {
      const fresh = Object.keys(state.answers).length === 0 && state.skipped.length === 0;
      outbound.push({ kind: 'notice', key: fresh ? 'notice.welcome' : 'notice.welcome_back' });
      ask(step);
    }
    return { state, outbound, events };
  }

  const command = input.kind === 'command' ? toCommand(input.command, input.arg) : input.kind === 'text' ? commandInText(def, input.text, ctx) : undefined;
  if (command) {
    // A command moves on from a "did you mean"; the suggestion would be stale wherever it lands.
    state.suggestion = null;
    runCommand(step, command.command, command.arg);
    return { state, outbound, events };
  }
  if (input.kind === 'command') {
    outbound.push({ kind: 'notice', key: 'notice.unknown_command' });
    ask(step);
    return { state, outbound, events };
  }

  if (state.completed && !state.confirm) {
    outbound.push({ kind: 'notice', key: 'notice.already_completed' });
    return { state, outbound, events };
  }
  if (state.paused) {
    // Whatever was typed after a pause is not taken as an answer: the company may not remember the question.
    state.paused = false;
    events.push({ type: 'resumed' });
    outbound.push({ kind: 'notice', key: 'notice.resumed' });
    ask(step);
    return { state, outbound, events };
  }

  let prompt = currentPrompt(def, state);
  if (!prompt) {
    settle(def, state, events);
    if (state.completed) outbound.push({ kind: 'completed' });
    return { state, outbound, events };
  }
  // A button of the question itself, pressed while "did you mean" waits, is a plain answer to it.
  if (prompt.purpose === 'suggest' && input.kind === 'answer' && input.promptId === state.suggestion?.promptId) {
    state.suggestion = null;
    prompt = currentPrompt(def, state) ?? prompt;
  }
  if (input.kind === 'answer' && input.promptId !== prompt.promptId) {
    outbound.push({ kind: 'notice', key: 'notice.stale_action' });
    ask(step);
    return { state, outbound, events };
  }
  if (prompt.purpose === 'suggest') {
    answerSuggestion(step, prompt, input);
    return { state, outbound, events };
  }
  answerPrompt(step, prompt, input);
  return { state, outbound, events };
}

/** An answer to the question itself: stored, refused with a reason, or met with "did you mean". */
function answerPrompt(step: Step, prompt: Prompt, input: EngineInput): void {
  const { state, outbound } = step;
  const raw = input.kind === 'text' ? input.text : input.kind === 'answer' ? (Array.isArray(input.value) ? input.value.join(',') : input.value) : '';
  const parsed = parseFor(step, prompt, input);
  if (!parsed.ok) {
    outbound.push(parsed.params ? { kind: 'invalid', code: parsed.code, params: parsed.params } : { kind: 'invalid', code: parsed.code });
    return ask(step);
  }
  if (parsed.value.kind === 'suggest') {
    // Never stored on a guess: the next prompt asks, and only a yes or a pick stores it.
    // What was typed is kept so the stored answer's event says 「特許取得ずみ」, not the 「はい」 that confirmed it.
    state.suggestion = { promptId: prompt.promptId, options: parsed.value.options, typed: raw };
    return ask(step);
  }
  applyAnswer(step, prompt, parsed.value.value, raw, parsed.value.note);
}

const SUGGESTION_NUMBER = /^(\d+)(?:番|番目|\.)?$/u;
// "None of these" at a list of candidates: the question is asked again rather than a pick guessed.
const NONE_OF_THESE = new Set([
  'どれでもない', 'どれもちがう', 'どれも違う', 'ちがう', '違う', 'ちがいます', '違います', 'ちがいますね', '違いますね', 'ちがうよ', '違うよ', 'そうではない', 'そうじゃない',
  'noneofthese', 'none', 'neither', 'noneofthem', 'wrong', 'no', 'notthat', 'thatswrong', 'notquite',
]);
// "Yes, that one" in the words people use when a single reading is offered.
const THAT_ONE = new Set(['それ', 'それです', 'それで', 'それでいい', 'それでいいです', 'それでお願いします', 'そうそう', 'あってる', '合ってる', '合っています', 'あっています', 'thatone', 'thatsit', 'thatsright', 'right', 'correct', 'exactly']);

/** The reply to "did you mean": yes or a pick stores it, no asks again, anything else is a fresh answer. */
function answerSuggestion(step: Step, prompt: Prompt, input: EngineInput): void {
  const { state, outbound } = step;
  const pending = state.suggestion;
  const options = pending?.options ?? [];
  const raw = input.kind === 'text' ? input.text : input.kind === 'answer' ? String(input.value) : '';
  const base = () => {
    state.suggestion = null;
    return currentPrompt(step.def, state);
  };
  const accept = (value: FieldValue) => {
    const typed = pending?.typed ?? raw;
    const original = base();
    if (original) applyAnswer(step, original, value, typed);
    else ask(step);
  };
  const decline = () => {
    state.suggestion = null;
    outbound.push({ kind: 'notice', key: 'notice.suggestion_declined' });
    ask(step);
  };
  const single = options.length === 1 ? options[0] : undefined;
  if (input.kind === 'answer') {
    if (single !== undefined) return input.value === 'yes' ? accept(single) : decline();
    const picked = options.find((o) => (Array.isArray(o) ? o[0] : o) === input.value);
    return picked !== undefined ? accept(picked) : decline();
  }
  if (input.kind !== 'text') return ask(step);
  const text = normalizeInput(input.text, 200);
  if (!text.ok) {
    outbound.push({ kind: 'invalid', code: text.code, ...(text.params ? { params: text.params } : {}) });
    return ask(step);
  }
  const yesNo = parseYesNo(text.value);
  const key = text.value.normalize('NFKC').toLowerCase().replace(/[\s'’。.!！]/gu, '');
  if (single !== undefined) {
    if (yesNo.ok) return yesNo.value === 'yes' ? accept(single) : decline();
    if (NONE_OF_THESE.has(key)) return decline();
    if (THAT_ONE.has(key)) return accept(single);
  } else {
    const n = SUGGESTION_NUMBER.exec(key);
    const picked = n ? options[Number(n[1]) - 1] : undefined;
    if (picked !== undefined) return accept(picked);
    if (NONE_OF_THESE.has(key) || (yesNo.ok && yesNo.value === 'no')) return decline();
  }
  // Something else: a new answer to the question, which may itself be exact, refused or close again.
  const original = base();
  if (original) return answerPrompt(step, original, input);
  ask(step);
}

function parseFor(step: Step, prompt: Prompt, input: EngineInput): ParseResult<Understood> {
  const field = fieldOf(step.def, prompt);
  const asValue = (r: ParseResult<FieldValue>): ParseResult<Understood> => (r.ok ? { ok: true, value: { kind: 'value', value: r.value } } : r);
  if (input.kind === 'answer') return asValue(acceptChoiceValue(field, input.value, step.ctx));
  if (input.kind !== 'text') return { ok: false, code: 'input.empty' };
  if (prompt.purpose === 'confirm' || prompt.purpose === 'group_more') {
    const text = normalizeInput(input.text, 200);
    return asValue(text.ok ? parseYesNo(text.value) : text);
  }
  return understandAnswer(field, input.text, step.ctx);
}

/** The field definition behind a prompt; confirmations and "another?" are plain yes/no. */
function fieldOf(def: QuestionnaireDefinition, prompt: Prompt): FieldDefinition {
  const yesNo: FieldDefinition = { id: 'confirm', type: 'yes_no', required: true, allowUnknown: false };
  if (prompt.purpose === 'confirm' || prompt.purpose === 'group_more') return yesNo;
  const q = findQuestion(def, prompt.questionId);
  if (!q) return yesNo;
  if (isGroup(q)) return q.fields.find((f) => f.id === prompt.fieldId) ?? yesNo;
  return q;
}

// Free text is shown back as typed only when it is not what the person meant to say; everything
// parsed (numbers, choices, yes/no, places, "not decided yet") is read back in one line.
const readBack = (step: Step, prompt: Prompt, value: FieldValue, note?: AnswerNote): void => {
  const field = fieldOf(step.def, prompt);
  if ((field.type === 'text' || field.type === 'long_text') && !isUnknown(value)) return;
  step.outbound.push({
    kind: 'recorded',
    questionId: prompt.questionId,
    ...(prompt.fieldId ? { fieldId: prompt.fieldId } : {}),
    value,
    ...(note ? { note } : {}),
  });
};

function applyAnswer(step: Step, prompt: Prompt, value: FieldValue, raw: string, note?: AnswerNote): void {
  const { state, events, outbound } = step;
  state.suggestion = null;
  switch (prompt.purpose) {
    case 'suggest':
      return ask(step);
    case 'confirm': {
      const action = state.confirm;
      state.confirm = null;
      if (value !== 'yes') {
        outbound.push({ kind: 'notice', key: 'notice.cancelled' });
        return ask(step);
      }
      if (action === 'delete') {
        events.push({ type: 'delete_requested' });
        outbound.push({ kind: 'notice', key: 'notice.deleted' });
        return;
      }
      const locale = state.locale;
      Object.assign(state, { answers: {}, skipped: [], focus: [], group: null, paused: false, completed: false, notes: {} });
      state.locale = locale;
      events.push({ type: 'restarted' });
      outbound.push({ kind: 'notice', key: 'notice.restarted' });
      return ask(step);
    }
    case 'group_more':
      return answerMore(step, value === 'yes');
    case 'group_field':
      readBack(step, prompt, value);
      return answerGroupField(step, prompt, value, raw);
    case 'question': {
      state.answers[prompt.questionId] = value;
      const notes = { ...state.notes };
      if (note) notes[prompt.questionId] = note;
      else delete notes[prompt.questionId];
      state.notes = notes;
      state.skipped = state.skipped.filter((id) => id !== prompt.questionId);
      if (state.focus[0] === prompt.questionId) state.focus.shift();
      events.push({ type: 'answered', questionId: prompt.questionId, value, raw });
      readBack(step, prompt, value, note);
      return ask(step);
    }
  }
}

function toCommand(command: string, arg: string | undefined): { command: CommandId; arg?: string } | undefined {
  if (!isCommandId(command)) return undefined;
  return arg !== undefined ? { command, arg } : { command };
}
