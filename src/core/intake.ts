import type { AnswerValue } from './questionnaire/answer-value.js';
import type { IntakeState, Locale } from './questionnaire/intake-state.js';

export const intakeStatuses = ['in_progress', 'paused', 'completed'] as const;
export type IntakeStatus = (typeof intakeStatuses)[number];

export type ChannelId = 'local' | 'slack' | 'teams' | 'line' | 'simulate';

export interface Person {
  id: string;
  channel: ChannelId;
  externalId: string;
  displayName: string | null;
  locale: Locale | null;
  /** Where the channel can reach this person later (Slack ids, Teams ConversationReference). */
  address: unknown;
  /** The company asked not to be nudged; kept until it says otherwise. */
  remindersOptOut: boolean;
  createdAt: Date;
}

export interface Intake {
  id: string;
  personId: string;
  questionnaireVersion: string;
  status: IntakeStatus;
  locale: Locale;
  state: IntakeState;
  /** Incremented on every save; saves compare it so two turns never overwrite each other. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  completedAt: Date | null;
  /**
   * The prompt whose message last reached the person: '' when none has yet, null for an intake
   * stored before this was kept (then unknown, and not checked).
   */
  shownPromptId: string | null;
}

export interface AnswerRecord {
  id: string;
  intakeId: string;
  questionId: string;
  value: AnswerValue | { skipped: true } | { removed: AnswerValue };
  raw: string;
  answeredAt: Date;
}

export const statusOf = (state: IntakeState): IntakeStatus =>
  state.completed ? 'completed' : state.paused ? 'paused' : 'in_progress';
