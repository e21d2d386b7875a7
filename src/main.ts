import { loadConfig, type AppConfig } from './config.js';
import { openDatabase, type Database } from './store/database.js';
import { migrate } from './store/migrate.js';
import { PrismaIntakeRepository } from './store/prisma-intake-repository.js';
import { createTranslator, type Translator } from './i18n/translator.js';
import { loadQuestionnaires } from './config/load-questionnaires.js';
import { systemClock, type Clock } from './ports/clock.js';
import { loadLatestRubric } from './config/load-rubric.js';
import { loadOffices } from './config/load-offices.js';
import { loadPrograms } from './config/load-programs.js';
import { PrismaHandoffRepository } from './store/prisma-handoff-repository.js';
import { PrismaInbox } from './store/prisma-inbox.js';
import { FilePlanArchive } from './store/file-plan-archive.js';
import { afterCompletion } from './app/after-completion.js';
import type { IntakeServices } from './app/intake-services.js';
import { PrismaReminderRepository } from './store/prisma-reminder-repository.js';
import { PrismaReviewQueue } from './store/prisma-review-queue.js';
import { loadRemindersConfig } from './config/load-reminders.js';
import { loadBusinessCalendar } from './config/load-business-calendar.js';
import { PrismaChannelMessages, PrismaEventLedger } from './store/prisma-channel-state.js';
import { jsonLogger, type Logger } from './ports/logger.js';
import { RateLimiter } from './app/rate-limit.js';
import { PrismaAuditLog } from './store/prisma-audit-log.js';
import { PrismaPrivacyStore } from './store/prisma-privacy-store.js';

export interface App {
  config: AppConfig;
  database: Database;
  translator: Translator;
  deps: IntakeServices;
  /** Migrations applied by this start (empty when the schema was already current). */
  migrated: string[];
  close(): Promise<void>;
}

/**
 * The composition root: reads configuration, opens and migrates the database and builds
 * the adapters. Data files are checked before the database is touched, so a broken
 * questionnaire stops start-up with a message naming it.
 */
export async function composeApp(options: { env?: NodeJS.ProcessEnv; clock?: Clock; logger?: Logger } = {}): Promise<App> {
  const config = loadConfig(options.env);
  const translator = createTranslator();
  const questionnaires = loadQuestionnaires(config.questionnaireDir, translator);
  const rubric = loadLatestRubric(config.rubricDir);
  const offices = loadOffices(config.officesFile);
  const programs = loadPrograms(config.programsFile);
  const remindersConfig = loadRemindersConfig(config.remindersFile);
  const calendar = loadBusinessCalendar({ officeHours: remindersConfig.officeHours, quietHours: remindersConfig.quietHours });
  const database = await openDatabase(config.databaseUrl);
  let migrated: string[];
  try {
    migrated = await migrate(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const repo = new PrismaIntakeRepository(database.db, database.provider);
  const deps: IntakeServices = {
    repo,
    questionnaires,
    translator,
    clock: options.clock ?? systemClock,
    defaultLocale: config.defaultLocale,
    handoffs: new PrismaHandoffRepository(database.db),
    inbox: new PrismaInbox(database.db, database.provider),
    offices,
    programs,
    rubric,
    planArchive: new FilePlanArchive(config.plansDir),
    messengers: [],
    events: new PrismaEventLedger(database.db),
    channelMessages: new PrismaChannelMessages(database.db),
    log: options.logger ?? jsonLogger(undefined, config.logLevel),
    reminders: new PrismaReminderRepository(database.db, database.provider),
    reviews: new PrismaReviewQueue(database.db, database.provider),
    remindersConfig,
    calendar,
    audit: new PrismaAuditLog(database.db),
    privacy: new PrismaPrivacyStore(database.db, database.provider),
    retentionDays: config.retentionDays,
  };
  deps.after = afterCompletion(() => deps);
  // In this process's memory: each replica limits on its own (see RateLimiter).
  deps.limits = {
    rate: new RateLimiter({ perMinute: config.limits.ratePerMinute, clock: deps.clock, channels: ['slack', 'teams', 'line'] }),
    maxAnswerChars: config.limits.maxAnswerChars,
  };
  return { config, database, translator, deps, migrated, close: () => database.close() };
}
