import type { AnswerContext } from './parse-answer.js';
import type { CommandVocabulary } from './commands.js';
import type { AnswerValue, GroupItem } from './answer-value.js';
import type { IntakeState, Locale } from './intake-state.js';
import type { Outbound } from '../messages.js';

export interface EngineContext extends AnswerContext {
  commands: CommandVocabulary;
  /** Names of sections and questions in every language, so "edit 資金" or "edit funding" finds its target. */
  targetLabels(kind: 'section' | 'question', id: string): string[];
}

export type EngineInput =
  /** Opening or reopening the conversation; `locale` when the person asked for a language up front. */
  | { kind: 'start'; locale?: Locale }
  | { kind: 'text'; text: string }
  | { kind: 'command'; command: string; arg?: string }
  /** A button or select: `promptId` tells which message it came from. */
  | { kind: 'answer'; promptId: string; value: string | string[] };

export type IntakeEvent =
  | { type: 'answered'; questionId: string; value: AnswerValue; raw: string }
  | { type: 'skipped'; questionId: string }
  | { type: 'group_item_removed'; questionId: string; item: GroupItem }
  | { type: 'completed' }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'language_changed'; locale: Locale }
  | { type: 'restarted' }
  | { type: 'delete_requested' }
  | { type: 'reminders_opt_out' };

export interface Transition {
  state: IntakeState;
  outbound: Outbound[];
  events: IntakeEvent[];
}
