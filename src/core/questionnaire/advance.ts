import { isGroup, type FieldDefinition, type QuestionnaireDefinition } from './definition.js';
import type { FieldValue } from './answer-value.js';
import type { IntakeState } from './intake-state.js';
import type { Outbound, Prompt } from '../messages.js';
import type { ParseResult } from '../result.js';
import { acceptChoiceValue, parseAnswer } from './parse-answer.js';
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

  const prompt = currentPrompt(def, state);
  if (!prompt) {
    settle(def, state, events);
    if (state.completed) outbound.push({ kind: 'completed' });
    return { state, outbound, events };
  }
  if (input.kind === 'answer' && input.promptId !== prompt.promptId) {
    outbound.push({ kind: 'notice', key: 'notice.stale_action' });
    ask(step);
    return { state, outbound, events };
  }
  const raw = input.kind === 'text' ? input.text : Array.isArray(input.value) ? input.value.join(',') : input.value;
  const parsed = parseFor(step, prompt, input);
  if (!parsed.ok) {
    outbound.push(parsed.params ? { kind: 'invalid', code: parsed.code, params: parsed.params } : { kind: 'invalid', code: parsed.code });
    ask(step);
    return { state, outbound, events };
  }
  applyAnswer(step, prompt, parsed.value, raw);
  return { state, outbound, events };
}

function parseFor(step: Step, prompt: Prompt, input: EngineInput): ParseResult<FieldValue> {
  const field = fieldOf(step.def, prompt);
  if (input.kind === 'answer') return acceptChoiceValue(field, input.value, step.ctx);
  if (input.kind !== 'text') return { ok: false, code: 'input.empty' };
  if (prompt.purpose === 'confirm' || prompt.purpose === 'group_more') {
    const text = normalizeInput(input.text, 200);
    return text.ok ? parseYesNo(text.value) : text;
  }
  return parseAnswer(field, input.text, step.ctx);
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

function applyAnswer(step: Step, prompt: Prompt, value: FieldValue, raw: string): void {
  const { state, events, outbound } = step;
  switch (prompt.purpose) {
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
      Object.assign(state, { answers: {}, skipped: [], focus: [], group: null, paused: false, completed: false });
      state.locale = locale;
      events.push({ type: 'restarted' });
      outbound.push({ kind: 'notice', key: 'notice.restarted' });
      return ask(step);
    }
    case 'group_more':
      return answerMore(step, value === 'yes');
    case 'group_field':
      return answerGroupField(step, prompt, value, raw);
    case 'question': {
      state.answers[prompt.questionId] = value;
      state.skipped = state.skipped.filter((id) => id !== prompt.questionId);
      if (state.focus[0] === prompt.questionId) state.focus.shift();
      events.push({ type: 'answered', questionId: prompt.questionId, value, raw });
      return ask(step);
    }
  }
}

function toCommand(command: string, arg: string | undefined): { command: CommandId; arg?: string } | undefined {
  if (!isCommandId(command)) return undefined;
  return arg !== undefined ? { command, arg } : { command };
}
