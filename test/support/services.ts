import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterCompletion } from '../../src/app/after-completion.js';
import type { IntakeServices } from '../../src/app/intake-services.js';
import { loadLatestRubric } from '../../src/config/load-rubric.js';
import { loadOffices } from '../../src/config/load-offices.js';
import { loadPrograms } from '../../src/config/load-programs.js';
import { projectRoot } from '../../src/config.js';
import type { OfficesConfig } from '../../src/core/routing/offices-schema.js';
import { validateOffices } from '../../src/core/routing/validate-offices.js';
import { openDatabase, type Database, type DatabaseOptions } from '../../src/store/database.js';
import { FilePlanArchive } from '../../src/store/file-plan-archive.js';
import { migrate } from '../../src/store/migrate.js';
import { PrismaHandoffRepository } from '../../src/store/prisma-handoff-repository.js';
import { PrismaInbox } from '../../src/store/prisma-inbox.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';
import { defaultCatalog, ManualClock, translator } from './harness.js';
import { PrismaChannelMessages, PrismaEventLedger } from '../../src/store/prisma-channel-state.js';
import { silentLogger } from '../../src/ports/logger.js';
import { PrismaReminderRepository } from '../../src/store/prisma-reminder-repository.js';
import { PrismaReviewQueue } from '../../src/store/prisma-review-queue.js';
import { loadRemindersConfig } from '../../src/config/load-reminders.js';
import { loadBusinessCalendar } from '../../src/config/load-business-calendar.js';
import { createTestDatabase } from './postgres.js';
import { PrismaAuditLog } from '../../src/store/prisma-audit-log.js';
import { PrismaPrivacyStore } from '../../src/store/prisma-privacy-store.js';

const configDir = join(projectRoot, 'config');

/** The shipped offices, with a second and third PM in the Kanto office (two PMs racing for one handoff). */
export function officesWithTeam(): OfficesConfig {
  const shipped = loadOffices(join(configDir, 'offices.json'));
  const offices = shipped.offices.map((o) =>
    o.id === 'kanto'
      ? {
          ...o,
          pms: [
            ...o.pms,
            { id: 'pm-kanto-2', name: { ja: '関東 第二PM', en: 'Kanto PM 2' }, local: 'pm-kanto-2', slack: 'U0KANTO2', teams: '00000000-0000-4000-8000-000000000002' },
            { id: 'pm-kanto-3', name: { ja: '関東 第三PM', en: 'Kanto PM 3' }, local: 'pm-kanto-3' },
          ],
        }
      : o,
  );
  const check = validateOffices({ ...shipped, offices });
  if (!check.ok) throw new Error(check.problems.join('; '));
  return check.config;
}

export interface ServicesForTests {
  services: IntakeServices;
  clock: ManualClock;
  database: Database;
  plansDir: string;
  url: string;
  close(): Promise<void>;
}

async function build(url: string, cleanup: () => Promise<void>, options: DatabaseOptions): Promise<ServicesForTests> {
  const database = await openDatabase(url, options);
  await migrate(database);
  const plansDir = mkdtempSync(join(tmpdir(), 'renkei-plans-'));
  const clock = new ManualClock();
  const services: IntakeServices = {
    repo: new PrismaIntakeRepository(database.db),
    questionnaires: defaultCatalog(),
    translator,
    clock,
    defaultLocale: 'ja',
    handoffs: new PrismaHandoffRepository(database.db),
    inbox: new PrismaInbox(database.db, database.provider),
    offices: officesWithTeam(),
    programs: loadPrograms(join(configDir, 'programs.json')),
    rubric: loadLatestRubric(join(configDir, 'rubric')),
    planArchive: new FilePlanArchive(plansDir),
    messengers: [],
    events: new PrismaEventLedger(database.db),
    channelMessages: new PrismaChannelMessages(database.db),
    log: silentLogger,
    reminders: new PrismaReminderRepository(database.db, database.provider),
    reviews: new PrismaReviewQueue(database.db, database.provider),
    remindersConfig: loadRemindersConfig(join(configDir, 'reminders.json')),
    calendar: loadBusinessCalendar(),
    audit: new PrismaAuditLog(database.db),
    privacy: new PrismaPrivacyStore(database.db, database.provider),
    retentionDays: 180,
  };
  services.after = afterCompletion(() => services);
  return {
    services,
    clock,
    database,
    plansDir,
    url,
    close: async () => {
      await database.close();
      rmSync(plansDir, { recursive: true, force: true });
      await cleanup();
    },
  };
}

export async function sqliteServices(options: DatabaseOptions = {}): Promise<ServicesForTests> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-svc-'));
  return build(`file:${join(dir, 'svc.db')}`, async () => rmSync(dir, { recursive: true, force: true }), options);
}

export async function postgresServices(options: DatabaseOptions = {}): Promise<ServicesForTests> {
  const db = await createTestDatabase();
  return build(db.url, () => db.drop(), options);
}
