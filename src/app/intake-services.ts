import type { HandoffRepository } from '../ports/handoff-repository.js';
import type { Inbox } from '../ports/inbox.js';
import type { PlanArchive } from '../ports/plan-archive.js';
import type { OfficesConfig } from '../core/routing/offices-schema.js';
import type { ProgramsConfig } from '../core/routing/programs-schema.js';
import type { Rubric } from '../core/readiness/rubric-schema.js';
import type { HandleInboundDeps } from './handle-inbound.js';
import type { Messenger } from '../ports/messenger.js';
import type { Logger } from '../ports/logger.js';
import type { ChannelMessages, EventLedger } from '../ports/channel-state.js';
import type { ReminderRepository } from '../ports/reminder-repository.js';
import type { RemindersConfig } from '../core/reminders/reminder.js';
import type { BusinessCalendar } from '../core/calendar/business-calendar.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { PrivacyStore } from '../ports/privacy-store.js';
import type { ReviewQueue } from '../ports/review-queue.js';

/** Everything the use cases after the questionnaire need: assessment, handoff, relay. */
export interface IntakeServices extends HandleInboundDeps {
  handoffs: HandoffRepository;
  inbox: Inbox;
  offices: OfficesConfig;
  programs: ProgramsConfig;
  rubric: Rubric;
  /** Where draft plans are also written as files (local mode: data/plans). */
  planArchive: PlanArchive | null;
  /** Chat platforms for messages outside the conversation (empty in local mode). */
  messengers: Messenger[];
  events: EventLedger;
  channelMessages: ChannelMessages;
  log: Logger;
  reminders: ReminderRepository;
  /** The intakes and handoffs due for the reminder sweep, and those due for the retention purge. */
  reviews: ReviewQueue;
  remindersConfig: RemindersConfig;
  calendar: BusinessCalendar;
  audit: AuditLog;
  /** Deletion of a person's or an intake's data across every table (src/app/delete-person-data.ts). */
  privacy: PrivacyStore;
  /** Unfinished intakes without activity for this many days are purged; 0 keeps them forever. */
  retentionDays: number;
}
