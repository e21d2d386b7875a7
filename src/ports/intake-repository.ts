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
  /** '' when the channel records what reaches the person (recordDelivery); absent, null: not checked. */
  shownPromptId?: '';
}

/** One platform delivery (a Slack event, a Teams activity, a LINE webhook event), entered in the event ledger. */
export interface Delivery {
  source: 'slack' | 'teams' | 'line';
  id: string;
}

/** Everything a turn reads, in one read: the person, their latest intake and what the channel last posted. */
export interface LoadedTurn {
  person: Person | null;
  intake: Intake | null;
  /** The intake's most recent answer record, to recognise a person sending it again. */
  lastAnswer: AnswerRecord | null;
  /** The channel's stored message for the current question (`<channel>_prompt`), if any. */
  channelPrompt: Record<string, unknown> | null;
  /** The delivery is already in the event ledger: its turn was committed before. */
  delivered: boolean;
}

export interface TurnToLoad {
  channel: ChannelId;
  externalId: string;
  delivery?: Delivery;
}

/** Changes to the person that commit with the turn. */
export interface PersonChanges {
  displayName?: string;
  address?: unknown;
  locale?: Locale;
  remindersOptOut?: boolean;
}

/** What a channel records once a reply has reached the person (after the send, so never before it). */
export interface DeliveryRecord {
  personId: string;
  intakeId: string | null;
  /** The prompt the delivered reply asked; undefined leaves the one on record. */
  shownPromptId?: string;
  /** The channel's message for that prompt (`kind` = `<channel>_prompt`); `value: null` removes it. */
  channelPrompt?: { kind: string; channel: string; value: Record<string, unknown> | null };
  now: Date;
}

export type SaveTurnResult = { saved: true; intake: Intake } | { saved: false; reason: 'conflict' | 'duplicate' };

export interface TurnToSave {
  intakeId: string;
  /** The version read before the turn; the save fails with "conflict" if another turn got there first. */
  expectedVersion: number;
  questionnaireVersion: string;
  state: IntakeState;
  now: Date;
  answers: Omit<AnswerRecord, 'id' | 'intakeId'>[];
  /** Entered in the event ledger in the same transaction: a second copy finds it and is refused as 'duplicate'. */
  delivery?: Delivery;
  personId?: string;
  /** Applied to `personId` in the same transaction. */
  person?: PersonChanges;
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
  /** One read for a chat turn. */
  loadTurn(turn: TurnToLoad): Promise<LoadedTurn>;
  /**
   * The turn's one write transaction: state (compare-and-set on the version), answer history,
   * person changes and the ledger entry commit together or not at all. Every write of a turn's
   * effects on the intake goes through here.
   */
  saveTurn(turn: TurnToSave): Promise<SaveTurnResult>;
  /** After the reply reached the person: the prompt they have now seen and the channel's copy of it. */
  recordDelivery(record: DeliveryRecord): Promise<void>;
  answerHistory(intakeId: string): Promise<AnswerRecord[]>;
  deleteIntake(intakeId: string): Promise<void>;
  listIntakes(filter?: IntakeFilter): Promise<Intake[]>;
}
