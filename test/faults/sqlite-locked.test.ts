import { PassThrough } from 'node:stream';
import { lockFromAnotherProcess } from '../support/lock-from-another-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../src/channels/console/console-chat.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { depsFor, sqliteForTests, translator } from '../support/harness.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';

/**
 * SQLite locked by another writer for longer than the busy timeout: the person is told the
 * bot is temporarily unavailable and that their answers are safe, nothing acknowledged is
 * lost, and once the lock is gone the same message works, in the same process.
 */

const BUSY_MS = 300;
const UNAVAILABLE_JA = translator.t('ja', 'availability.unavailable');
const UNAVAILABLE_EN = translator.t('en', 'availability.unavailable');

/** Another connection to the same file, holding the write lock until `release`. */
async function lockWriter(url: string): Promise<{ release(): Promise<void> }> {
  const other: Database = await openDatabase(url, { busyTimeoutMs: 0 });
  await other.db.$executeRawUnsafe('BEGIN EXCLUSIVE');
  return {
    release: async () => {
      await other.db.$executeRawUnsafe('COMMIT');
      await other.close();
    },
  };
}


/** The test's own short busy timeout, so "longer than the busy timeout" is a fraction of a second. */
const shortBusyTimeout = (database: Database) => database.db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_MS}`);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('SQLite locked by another writer', () => {
  it('Slack: the person hears "temporarily unavailable" in their language, keeps every acknowledged answer, and the next message after the lock works', async () => {
    const h: SlackHarness = await startSlackHarness();
    cleanups.push(() => h.close());
    await shortBusyTimeout(h.env.database);
    const repo = h.env.services.repo;

    const u = slackUser(h, 'ULOCKJA');
    await u.say('こんにちは');
    for (const a of ['株式会社ロック試験', '静岡', 'manufacturing']) await u.answer(a);
    expect(u.controls().promptId).toBe('company.capital_yen');

    h.standin.setUserLocale('ULOCKEN', 'en-US');
    const en = slackUser(h, 'ULOCKEN');
    await en.say('hello');
    await en.answer('Lock Test Ltd');
    expect(en.controls().promptId).toBe('company.prefecture');

    const lock = await lockWriter(h.env.url);
    let released = false;
    cleanups.push(async () => {
      if (!released) await lock.release();
    });
    const promptsBefore = u.dm().length;
    await u.say('3千万円');
    await en.say('Kyoto');
    // One polite message each, in the person's language, and no question moved on.
    expect(u.dm().slice(promptsBefore).map((m) => m.text)).toEqual([UNAVAILABLE_JA]);
    expect(en.dm().at(-1)?.text).toBe(UNAVAILABLE_EN);
    expect(u.controls().promptId).toBe('company.capital_yen');

    // Readers are not blocked by a writer (WAL): what was acknowledged is all there during the lock.
    const person = await repo.findPerson('slack', 'ULOCKJA');
    const during = await repo.latestIntake(person?.id ?? '');
    expect(during?.state.answers).toEqual({ 'company.name': '株式会社ロック試験', 'company.prefecture': '静岡県', 'company.industry': 'manufacturing' });

    await lock.release();
    released = true;
    await u.say('3千万円');
    expect(u.controls().promptId).toBe('company.employees');
    await en.say('Kyoto');
    expect(en.controls().promptId).toBe('company.industry');
    expect(en.dm().at(-1)?.text).not.toBe(UNAVAILABLE_EN);

    const after = await repo.latestIntake(person?.id ?? '');
    expect(after?.state.answers).toEqual({
      'company.name': '株式会社ロック試験',
      'company.prefecture': '静岡県',
      'company.industry': 'manufacturing',
      'company.capital_yen': 30_000_000,
    });
    // The refused message left no trace: one history row per answer, none for the attempt under the lock.
    expect((await repo.answerHistory(after?.id ?? '')).map((r) => r.raw)).toEqual(['株式会社ロック試験', '静岡', 'manufacturing', '3千万円']);
  });

  it('Slack: a lock shorter than the busy timeout is waited out and the person notices nothing', async () => {
    const h: SlackHarness = await startSlackHarness();
    cleanups.push(() => h.close());
    await h.env.database.db.$queryRawUnsafe('PRAGMA busy_timeout = 3000');
    const u = slackUser(h, 'USHORT');
    await u.say('こんにちは');
    await u.answer('株式会社短時間');
    const lock = await lockFromAnotherProcess(h.env.database.location, 400, 'EXCLUSIVE');
    const before = u.dm().length;
    await u.say('静岡');
    expect(u.dm().slice(before).map((m) => m.text)).not.toContain(UNAVAILABLE_JA);
    expect(u.controls().promptId).toBe('company.industry');
    expect(await lock.done).toBe(0);
  });

  it('terminal: the chat says so and stays open; the same line typed again after the lock is answered', async () => {
    const store = await sqliteForTests();
    cleanups.push(() => store.close());
    await shortBusyTimeout(store.database);
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const waitFor = async (text: string, from: number) => {
      for (let i = 0; i < 250 && !out.slice(from).includes(text); i++) await new Promise((r) => setTimeout(r, 20));
      expect(out.slice(from)).toContain(text);
    };
    const chat = runConsoleChat(depsFor(store.repo), { input, output, userId: 'lock-terminal', locale: 'ja' });
    await waitFor('会社名（正式名称）', 0);
    let mark = out.length;
    input.write('株式会社端末ロック\n');
    await waitFor('都道府県ですか', mark);

    const lock = await lockWriter(store.url);
    mark = out.length;
    input.write('福井\n');
    await waitFor(UNAVAILABLE_JA, mark);
    expect(out.slice(mark)).not.toContain('主な業種');
    await lock.release();

    mark = out.length;
    input.write('福井\n');
    await waitFor('主な業種', mark);
    input.end();
    await chat;
    const [intake] = await store.repo.listIntakes();
    expect(intake?.state.answers).toEqual({ 'company.name': '株式会社端末ロック', 'company.prefecture': '福井県' });
  });
});
