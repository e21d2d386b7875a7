import type { Outbound } from '../core/messages.js';
import type { EngineInput } from '../core/questionnaire/advance.js';
import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import { currentPrompt } from '../core/questionnaire/engine-flow.js';
import type { IntakeState } from '../core/questionnaire/intake-state.js';

/**
 * Characters a person typed in this input, counted as people count them: one per code point,
 * so a kanji or an emoji is one character, as in the limit the message states.
 */
export function typedLength(input: EngineInput): number {
  const count = (s: string) => [...s].length;
  if (input.kind === 'text') return count(input.text);
  if (input.kind === 'answer') return Array.isArray(input.value) ? input.value.reduce((n, v) => n + count(v), 0) : count(input.value);
  if (input.kind === 'command') return count(input.command) + (input.arg ? count(input.arg) : 0);
  return 0;
}

/**
 * The reply to an input over the cap: what the limit is, how long the message was and how to
 * shorten it, then the question again. Nothing is saved, so every earlier answer stays as it was.
 */
export function answerTooLong(definition: QuestionnaireDefinition, state: IntakeState, length: number, max: number): Outbound[] {
  const prompt = state.completed ? undefined : currentPrompt(definition, state);
  return [{ kind: 'notice', key: 'limits.answer_too_long', params: { length, max } }, ...(prompt ? [{ kind: 'prompt' as const, prompt }] : [])];
}
