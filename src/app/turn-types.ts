import type { ChannelId, Intake, Person } from '../core/intake.js';
import type { EngineInput, IntakeEvent } from '../core/questionnaire/advance.js';
import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Outbound } from '../core/messages.js';
import type { Delivery, IntakeRepository } from '../ports/intake-repository.js';
import type { EventLedger } from '../ports/channel-state.js';
import type { Clock } from '../ports/clock.js';
import type { Translator } from '../i18n/translator.js';
import type { QuestionnaireCatalog } from './questionnaire-catalog.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Logger } from '../ports/logger.js';
import type { TurnObserver } from './turn-observer.js';
import type { RateLimiter } from './rate-limit.js';

// The shapes a chat turn passes between handle-inbound and its limits, kept apart from both
// so neither imports the other.

/** One message or action from a person, already mapped from its channel's payload. */
export interface InboundEvent {
  channel: ChannelId;
  userId: string;
  displayName?: string;
  /** The client's language, used only until the person chooses one. */
  locale?: string;
  /**
   * The language the message itself is written in, when that is certain (a command word typed
   * in Japanese, src/app/command-language.ts): it outweighs the client's setting, and the
   * conversation answers in it, until the person chooses a language.
   */
  typedLocale?: Locale;
  address?: unknown;
  input: EngineInput;
  /**
   * The channel calls recordDelivery once a reply reached the person, so an answer can be
   * checked against the question last seen (scripted callers that do not are never checked).
   */
  tracksDelivery?: true;
  /** The platform's id for this delivery, entered in the event ledger with the turn's effects. */
  delivery?: Delivery;
  /**
   * A button press that repeats the answer already taken (the second of a double click) is
   * refused as `repeated_press` and changes nothing: channels whose old cards stay pressable.
   */
  ignoresRepeatedPress?: true;
  /**
   * The prompt id of the message whose button was pressed (Slack): a press on any other message
   * than the question shown now (a double click, an old client) is refused as `stale_press`.
   */
  pressedOn?: string;
}

export interface Reply {
  person: Person;
  intake: Intake | null;
  definition: QuestionnaireDefinition;
  locale: Locale;
  outbound: Outbound[];
  events: IntakeEvent[];
  /**
   * The message was refused and nothing was saved: over the rate limit (`outbound` is the one
   * "slow down" notice, or empty; the conversation's question stays as it is) or over the
   * length cap (`outbound` says so and asks the question again), or a repeated press
   * or a press on an earlier message (`outbound` is empty for both: the channel sends nothing).
   */
  refused?: 'rate_limited' | 'too_long' | 'repeated_press' | 'stale_press';
  /** The channel's stored message for the question answered (loaded with the turn), to close it. */
  previousPrompt?: Record<string, unknown> | null;
  /** This delivery was committed before: nothing was stored again; `outbound` is the unseen question, or empty. */
  duplicate?: true;
}

/** What happens after the questionnaire: assessment and handoff, and the company's answers to PM questions. */
export interface AfterCompletion {
  complete(intake: Intake, definition: QuestionnaireDefinition): Promise<Outbound[]>;
  /** A completed intake whose assessment is missing (a failure right after the last answer). */
  isPending(intake: Intake): Promise<boolean>;
  relay(intake: Intake, text: string): Promise<Outbound[] | undefined>;
  /** "Delete my data": everything held about the person, every intake of theirs included (src/app/delete-person-data.ts). */
  forget(personId: string, channel: ChannelId): Promise<void>;
}

export interface HandleInboundDeps {
  repo: IntakeRepository;
  after?: AfterCompletion;
  questionnaires: QuestionnaireCatalog;
  translator: Translator;
  clock: Clock;
  defaultLocale: Locale;
  /** Lifecycle changes (opened, completed, restarted, deleted) are written here when present. */
  audit?: AuditLog;
  /** Rate limit and length cap, the same for every channel. */
  limits?: InboundLimits;
  turns?: TurnObserver;
  log?: Logger;
  /** Where a turn that commits no intake state (a relay, a deletion) enters its delivery. */
  events?: EventLedger;
}

/** The limits every channel's inbound messages go through (absent in unit tests and scripted runs that do not need them). */
export interface InboundLimits {
  rate?: RateLimiter;
  /** Longest text accepted in one message, in characters. */
  maxAnswerChars?: number;
}
