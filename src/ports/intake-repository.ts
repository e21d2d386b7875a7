import type { AnswerRecord, ChannelId, Intake, Person } from '../core/intake.js';
import type { IntakeState, Locale } from '../core/questionnaire/intake-state.js';

export interface PersonInput {
  channel: ChannelId;
  externalId: string;
  displayName?: string | null;
  locale?: Locale | null;
  address?: unknown;
}

export interface NewIntake {
  personId: string;
  questionnaireVersion: string;
  locale: Locale;
  state: IntakeState;
  now: Date;
}

export interface TurnToSave {
  intakeId: string;
  /** The version read before the turn; the save fails with "conflict" if another turn got there first. */
  expectedVersion: number;
  questionnaireVersion: string;
  state: IntakeState;
  now: Date;
  answers: Omit<AnswerRecord, 'id' | 'intakeId'>[];
}

export interface IntakeFilter {
  status?: Intake['status'];
  personId?: string;
}

/** The one port for intake persistence; repositories return domain types, never database rows. */
export interface IntakeRepository {
  /** Finds the person by channel and external id, creating them on first contact; refreshes name and address. */
  upsertPerson(input: PersonInput): Promise<Person>;
  getPerson(id: string): Promise<Person | null>;
  findPerson(channel: ChannelId, externalId: string): Promise<Person | null>;
  setPersonLocale(personId: string, locale: Locale): Promise<void>;
  setRemindersOptOut(personId: string, optOut: boolean): Promise<void>;
  createIntake(input: NewIntake): Promise<Intake>;
  getIntake(id: string): Promise<Intake | null>;
  /** The person's most recent intake, open or completed. */
  latestIntake(personId: string): Promise<Intake | null>;
  saveTurn(turn: TurnToSave): Promise<{ saved: true; intake: Intake } | { saved: false }>;
  answerHistory(intakeId: string): Promise<AnswerRecord[]>;
  deleteIntake(intakeId: string): Promise<void>;
  listIntakes(filter?: IntakeFilter): Promise<Intake[]>;
}
