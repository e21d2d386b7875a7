import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { composeApp, type App } from '../../src/main.js';
import type { Logger } from '../../src/ports/logger.js';
import { runServer, type RunningServer } from '../../src/run-server.js';
import {
  botTexts,
  chromiumForTests,
  cleanUp,
  launchLoopbackBrowser,
  playgroundSelectors,
  sendChat,
  startPlayground,
  waitConnected,
  type LoopbackBrowser,
  type RunningPlayground,
} from '../support/playground.js';

/**
 * End to end through a Teams client: the bot's real server (`composeApp` + `runServer`, the
 * Teams endpoint unauthenticated as RENKEI_TEAMS_LOCAL asks), Microsoft's Agents Playground in
 * front of it, and its page driven in headless Chromium by clicking and typing, as a person
 * does. Everything stays on loopback.
 */

const browserCheck = chromiumForTests();

/** The Playground's signed-in user (Alex Wilber) as the bot sees it: `from.aadObjectId`. */
const PLAYGROUND_USER = '00000000-0000-0000-0000-0000000000020';
const artifacts = join(projectRoot, 'test-artifacts');
const STEP_MS = 20_000;

describe.runIf(browserCheck.available)('Teams end to end: the Agents Playground in headless Chromium', () => {
  let dir = '';
  let app: App | null = null;
  let server: RunningServer | null = null;
  let playground: RunningPlayground | null = null;
  let browser: LoopbackBrowser | null = null;
  const botLog: string[] = [];
  const savedNoProxy = { upper: process.env.NO_PROXY, lower: process.env.no_proxy };

  const logger: Logger = {
    info: (message, fields) => botLog.push(JSON.stringify({ level: 'info', message, ...fields })),
    warn: (message, fields) => botLog.push(JSON.stringify({ level: 'warn', message, ...fields })),
    error: (message, fields) => botLog.push(JSON.stringify({ level: 'error', message, ...fields })),
  };

  beforeAll(async () => {
    // The bot's Connector client talks to the Playground on localhost: never through a proxy.
    process.env.NO_PROXY = '127.0.0.1,localhost';
    process.env.no_proxy = '127.0.0.1,localhost';
    dir = mkdtempSync(join(tmpdir(), 'renkei-e2e-teams-'));
    mkdirSync(artifacts, { recursive: true });
    // Screenshots of an earlier run (a failure's included) must not pass for this run's.
    for (const f of readdirSync(artifacts)) if (/^teams-playground-.*\.png$/.test(f)) rmSync(join(artifacts, f), { force: true });
    app = await composeApp({
      env: {
        DATABASE_URL: `file:${join(dir, 'renkei.db')}`,
        RENKEI_PLANS_DIR: join(dir, 'plans'),
        RENKEI_TEAMS_LOCAL: 'true',
        NODE_ENV: 'test',
      },
      logger,
    });
    server = await runServer(app, { port: 0, host: '127.0.0.1' });
    playground = await startPlayground({
      botEndpoint: `http://127.0.0.1:${server.port}/api/messages`,
      dir: join(dir, 'playground'),
      conversationId: `a:renkei-e2e-${randomBytes(6).toString('hex')}`,
    });
    browser = await launchLoopbackBrowser(join(dir, 'chromium-profile'));
  }, 90_000);

  afterAll(async () => {
    const b = browser;
    const s = server;
    const a = app;
    const p = playground;
    browser = null;
    server = null;
    app = null;
    playground = null;
    try {
      await cleanUp([
        ['close Chromium', async () => b?.close()],
        // Work the bot acknowledged is finished while the Playground can still take its replies.
        ['let the Teams channel finish', async () => s?.teams?.idle()],
        ['stop the bot server', async () => s?.close()],
        ['close the database', async () => a?.close()],
        ['stop the Agents Playground', async () => p?.stop()],
      ]);
    } finally {
      if (savedNoProxy.upper === undefined) delete process.env.NO_PROXY;
      else process.env.NO_PROXY = savedNoProxy.upper;
      if (savedNoProxy.lower === undefined) delete process.env.no_proxy;
      else process.env.no_proxy = savedNoProxy.lower;
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(artifacts, `teams-playground-${name}.png`) });
  };

  /** The question card still waiting for an answer: it has the question and the navigation buttons. */
  const liveCard = (page: Page, question: string, reviewButton = 'Review'): Locator =>
    page
      .locator(playgroundSelectors.card)
      .filter({ hasText: question })
      .filter({ has: page.getByRole('button', { name: reviewButton, exact: true }) });

  /** A question card rewritten after its answer: the question and "✔ answer", nothing to click. */
  const answeredCard = (page: Page, question: string, answer: string): Locator =>
    page.locator(playgroundSelectors.card).filter({ hasText: question }).filter({ hasText: `✔ ${answer}` });

  const storedAnswers = async () => {
    if (!app) throw new Error('no app');
    const person = await app.deps.repo.findPerson('teams', PLAYGROUND_USER);
    const intake = person ? await app.deps.repo.latestIntake(person.id) : null;
    return { person, intake, answers: intake?.state.answers ?? {} };
  };

  it('completes the first section of an intake by clicking and typing in the Playground', async () => {
    if (!browser || !playground || !app) throw new Error('set-up did not finish');
    const { page } = browser;
    const pg = playground;
    const b = browser;
    onTestFailed(async () => {
      await page.screenshot({ path: join(artifacts, 'teams-playground-failure.png') }).catch(() => undefined);
      console.error(
        [
          '--- bot log ---',
          ...botLog.slice(-40),
          '--- Playground output ---',
          pg.output().slice(-4000),
          '--- page errors ---',
          ...b.pageErrors.slice(-20),
          '--- requests blocked (not loopback) ---',
          ...b.blocked.slice(-20),
          '--- bot messages on the page ---',
          ...(await botTexts(page).catch(() => [])),
        ].join('\n'),
      );
    });

    // The page loads from the Playground on loopback and connects to the bot.
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    await waitConnected(page);
    // Installed for Alex Wilber, the bot said how to begin. The Playground's conversationUpdate
    // carries no locale, so this greeting is in the default language (Japanese as shipped).
    await expect.poll(async () => (await botTexts(page)).join('\n'), { timeout: STEP_MS }).toMatch(/Type "start" to begin|「start」と入力すると始まります/);

    // "hello": the welcome, then the first question as a card with its progress.
    await sendChat(page, 'hello');
    const nameQ = "What is your company's registered name?";
    const nameCard = liveCard(page, nameQ);
    await nameCard.waitFor({ timeout: STEP_MS });
    await expect.poll(async () => (await botTexts(page)).join('\n'), { timeout: STEP_MS }).toContain('I will ask about 10 topics');
    expect(await nameCard.innerText()).toContain('Company · 0 of about 29 questions answered (0%)');
    await shot(page, '1-first-question');

    // Company name: typed into the card's text box, sent with its Submit button.
    await nameCard.getByRole('textbox').click();
    // Markdown characters and an ampersand, shown by the real renderer exactly as typed.
    await page.keyboard.type('Sakura *Foods* & _Sons_ [Ltd](x)');
    await nameCard.getByRole('button', { name: 'Submit', exact: true }).click();
    const prefectureQ = 'In which prefecture is your head office?';
    await liveCard(page, prefectureQ).waitFor({ timeout: STEP_MS });
    // The answered card was rewritten in place: the answer shown, its inputs and buttons gone.
    await answeredCard(page, nameQ, 'Sakura *Foods* & _Sons_ [Ltd](x)').waitFor({ timeout: STEP_MS });
    expect(await answeredCard(page, nameQ, 'Sakura *Foods* & _Sons_ [Ltd](x)').getByRole('button').count()).toBe(0);
    expect((await storedAnswers()).answers['company.name']).toBe('Sakura *Foods* & _Sons_ [Ltd](x)');

    // Prefecture: a plain reply typed into the chat box.
    await sendChat(page, 'Kyoto');
    const industryQ = 'Which is your main industry?';
    const industryCard = liveCard(page, industryQ);
    await industryCard.waitFor({ timeout: STEP_MS });
    await answeredCard(page, prefectureQ, 'Kyoto').waitFor({ timeout: STEP_MS });
    // Typed in romaji, stored as the prefecture's official name.
    expect((await storedAnswers()).answers['company.prefecture']).toBe('京都府');

    // Industry: ten choices make a drop-down; pick one and submit the card.
    await industryCard.getByRole('combobox').click();
    await page.getByRole('option', { name: 'Manufacturing', exact: true }).click();
    await shot(page, '2-industry-chosen');
    await industryCard.getByRole('button', { name: 'Submit', exact: true }).click();
    const capitalQ = 'What is your stated capital?';
    const capitalCard = liveCard(page, capitalQ);
    await capitalCard.waitFor({ timeout: STEP_MS });
    await answeredCard(page, industryQ, 'Manufacturing').waitFor({ timeout: STEP_MS });
    expect((await storedAnswers()).answers['company.industry']).toBe('manufacturing');

    // Capital: typed into the card, with its own "Don't know" button left alone.
    expect(await capitalCard.getByRole('button', { name: "Don't know", exact: true }).count()).toBe(1);
    await capitalCard.getByRole('textbox').click();
    await page.keyboard.type('30 million');
    await capitalCard.getByRole('button', { name: 'Submit', exact: true }).click();
    const employeesQ = 'How many regular employees do you have?';
    await liveCard(page, employeesQ).waitFor({ timeout: STEP_MS });
    expect((await storedAnswers()).answers['company.capital_yen']).toBe(30_000_000);

    // Employees: typed into the chat.
    await sendChat(page, '45');
    const deemedQ = 'Does any of these apply?';
    const deemedCard = liveCard(page, deemedQ);
    await deemedCard.waitFor({ timeout: STEP_MS });
    expect((await storedAnswers()).answers['company.employees']).toBe(45);

    // Deemed large: a click on "No".
    await deemedCard.getByRole('button', { name: 'No', exact: true }).click();
    const themeCard = liveCard(page, 'In a few words, what is the new business?');
    await themeCard.waitFor({ timeout: STEP_MS });
    expect(await themeCard.innerText()).toContain('New business · 6 of about 29 questions answered (20%)');
    await answeredCard(page, deemedQ, 'No').waitFor({ timeout: STEP_MS });
    await themeCard.scrollIntoViewIfNeeded();
    await shot(page, '3-section-2');

    // The card's language button: the same question again, now in Japanese.
    await themeCard.getByRole('button', { name: '日本語', exact: true }).click();
    const themeCardJa = liveCard(page, '新しい事業のテーマを一言で教えてください。', '確認');
    await themeCardJa.waitFor({ timeout: STEP_MS });
    expect(await themeCardJa.innerText()).toContain('約29問中 6問回答済み（20%）');
    expect((await storedAnswers()).intake?.state.locale).toBe('ja');

    // The database holds the whole first section for the Playground's user, reached over Teams.
    const stored = await storedAnswers();
    expect(stored.person?.address).toMatchObject({ channelId: 'msteams', serviceUrl: `http://localhost:${playground.port}/_connector` });
    expect(stored.intake?.status).toBe('in_progress');
    expect(stored.answers).toMatchObject({
      'company.name': 'Sakura *Foods* & _Sons_ [Ltd](x)',
      'company.prefecture': '京都府',
      'company.industry': 'manufacturing',
      'company.capital_yen': 30_000_000,
      'company.employees': 45,
      'company.deemed_large': 'no',
    });
    // No error reached the person, and the bot logged none.
    expect((await botTexts(page)).join('\n')).not.toContain('Sorry, something went wrong');
    expect(botLog.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 120_000);
});
