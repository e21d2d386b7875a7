import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleInbound, type HandleInboundDeps, type Reply } from '../../src/app/handle-inbound.js';
import type { QuestionnaireCatalog } from '../../src/app/questionnaire-catalog.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { loadQuestionnaires } from '../../src/config/load-questionnaires.js';
import { projectRoot } from '../../src/config.js';
import type { Prompt } from '../../src/core/messages.js';
import type { Locale } from '../../src/core/questionnaire/intake-state.js';
import type { EngineInput } from '../../src/core/questionnaire/advance.js';
import { createTranslator, type Translator } from '../../src/i18n/translator.js';
import type { Clock } from '../../src/ports/clock.js';
import type { IntakeRepository } from '../../src/ports/intake-repository.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';

// Strict: a message rendered without one of its parameters fails the test instead of showing `{{…}}`.
export const translator: Translator = createTranslator(undefined, { strict: true });
export const defaultCatalog = (): QuestionnaireCatalog => loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), translator);

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-24T01:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A real SQLite database in a temporary folder, migrated; removed by `close`. */
export async function sqliteForTests(): Promise<{ database: Database; repo: IntakeRepository; url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-test-'));
  const url = `file:${join(dir, 'test.db')}`;
  const database = await openDatabase(url);
  await migrate(database);
  return {
    database,
    url,
    repo: new PrismaIntakeRepository(database.db),
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function depsFor(repo: IntakeRepository, opts: { catalog?: QuestionnaireCatalog; clock?: Clock } = {}): HandleInboundDeps {
  return { repo, questionnaires: opts.catalog ?? defaultCatalog(), translator, clock: opts.clock ?? new ManualClock(), defaultLocale: 'ja' };
}

export interface Turn {
  reply: Reply;
  text: string;
  prompt: Prompt | undefined;
}

/** A scripted person talking to the bot through the same use case as every channel. */
export function person(deps: HandleInboundDeps, userId: string, channel: 'local' | 'simulate' = 'local') {
  const send = async (input: EngineInput, locale?: Locale): Promise<Turn> => {
    const reply = await handleInbound(deps, { channel, userId, ...(locale ? { locale } : {}), input });
    const p = [...reply.outbound].reverse().find((o) => o.kind === 'prompt');
    return { reply, text: renderText(translator, reply), prompt: p?.kind === 'prompt' ? p.prompt : undefined };
  };
  return {
    start: (locale?: Locale) => send(locale ? { kind: 'start', locale } : { kind: 'start' }, locale),
    say: (text: string) => send({ kind: 'text', text }),
    press: (promptId: string, value: string | string[]) => send({ kind: 'answer', promptId, value }),
  };
}
