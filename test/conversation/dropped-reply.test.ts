import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../src/channels/console/console-chat.js';
import type { ChannelId } from '../../src/core/intake.js';
import type { IntakeRepository } from '../../src/ports/intake-repository.js';
import { depsFor, sqliteForTests, translator } from '../support/harness.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import { messageIm } from '../support/slack-requests.js';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { teamsUser } from '../support/teams-user.js';
import type { TeamsPerson } from '../support/teams-activities.js';

/**
 * Issue 14, finding 3: the reply to a saved answer does not reach the person (the platform
 * refuses or resets the call). The next message must not be stored as the answer to a
 * question they never saw: the same text again is recognised as a re-send and the next
 * question shown; anything else is not stored, and the pending question is shown first.
 */

const ANSWER = '株式会社ドロップ';
const RESENT = translator.t('ja', 'notice.resend_recognised');
const PENDING = translator.t('ja', 'notice.pending_question');

async function history(repo: IntakeRepository, channel: ChannelId, externalId: string) {
  const { intake } = await repo.loadTurn({ channel, externalId });
  return { intake, records: intake ? await repo.answerHistory(intake.id) : [] };
}

describe('Slack: the reply to an answer is dropped', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => h.close());

  const dropNextReply = async (user: ReturnType<typeof slackUser>, text: string) => {
    const before = h.standin.calls('chat.postMessage').length;
    // The reply and the apology after it both fail: the person sees nothing new.
    h.standin.failNext('chat.postMessage', 2, { kind: 'error', error: 'internal_error' });
    expect((await h.post(messageIm({ user: user.channel.slice(1), text }))).status).toBe(200);
    await h.standin.waitForCalls('chat.postMessage', before + 2);
    await new Promise((r) => setTimeout(r, 100));
  };

  it('the same answer sent again is recognised as a re-send: stored once, and the next question shown', async () => {
    const u = slackUser(h, 'UDROP1');
    await u.say('こんにちは');
    expect(u.controls().promptId ?? (await history(h.env.services.repo, 'slack', 'UDROP1')).intake?.shownPromptId).toBe('company.name');
    await dropNextReply(u, ANSWER);
    expect((await history(h.env.services.repo, 'slack', 'UDROP1')).intake?.shownPromptId).toBe('company.name');
    await u.say(ANSWER);
    expect(u.lastText()).toContain(RESENT);
    const after = await history(h.env.services.repo, 'slack', 'UDROP1');
    expect(after.records.filter((r) => r.questionId === 'company.name')).toHaveLength(1);
    expect(after.intake?.state.answers['company.prefecture']).toBeUndefined();
    expect(after.intake?.shownPromptId).toBe('company.prefecture');
  });

  it('a different message is not stored; the pending question is shown first and then answered', async () => {
    const u = slackUser(h, 'UDROP2');
    await u.say('こんにちは');
    await dropNextReply(u, ANSWER);
    await u.say('東京都');
    expect(u.lastText()).toContain(PENDING);
    // The first question's message shows the saved answer, rewritten once: not again as unanswered.
    const first = u.dm().find((m) => JSON.stringify(m.blocks ?? '').includes(ANSWER));
    expect(first?.updates).toBe(1);
    const between = await history(h.env.services.repo, 'slack', 'UDROP2');
    expect(between.records).toHaveLength(1);
    expect(between.intake?.state.answers['company.prefecture']).toBeUndefined();
    expect(between.intake?.shownPromptId).toBe('company.prefecture');
    await u.say('東京都');
    expect((await history(h.env.services.repo, 'slack', 'UDROP2')).intake?.state.answers['company.prefecture']).toBeDefined();
  });
});

describe('Teams: the reply to an answer is dropped', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h.close());
  const person = (n: number): TeamsPerson => ({ aad: `50000000-0000-4000-8000-00000000000${n}`, name: `Drop ${n}`, locale: 'ja-JP' });

  it('a re-send is recognised and the next question shown; a different message is not stored', async () => {
    for (const [n, second] of [[1, ANSWER], [2, '東京都']] as const) {
      const p = person(n);
      const u = teamsUser(h, p);
      await u.say('こんにちは');
      expect(u.current().promptId).toBe('company.name');
      // Every Connector call of the turn fails past its retries (the card update, the reply); the apology gets through.
      h.standin.failNext(10, { status: 503 });
      await u.say(ANSWER);
      expect((await history(h.env.services.repo, 'teams', p.aad)).intake?.shownPromptId).toBe('company.name');
      expect(h.logs.some((l) => l.message === 'teams handler failed' && l.fields.transport === 'failed' && l.fields.database === undefined)).toBe(true);
      await u.say(second);
      expect(u.lastText()).toContain(second === ANSWER ? RESENT : PENDING);
      const after = await history(h.env.services.repo, 'teams', p.aad);
      expect(after.records).toHaveLength(1);
      expect(after.intake?.state.answers['company.prefecture']).toBeUndefined();
      expect(after.intake?.shownPromptId).toBe('company.prefecture');
      expect(u.current().promptId).toBe('company.prefecture');
    }
  });
});

/** A terminal whose writes fail while `dropping` is set, as a closed pipe or a hung-up terminal would. */
class FlakyOutput extends Writable {
  dropping = false;
  text = '';
  override write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    const done = typeof encoding === 'function' ? encoding : cb;
    const callback = typeof done === 'function' ? (done as (err?: Error | null) => void) : () => undefined;
    if (this.dropping) {
      queueMicrotask(() => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
      return false;
    }
    this.text += String(chunk);
    queueMicrotask(() => callback(null));
    return true;
  }
}

describe('terminal: the reply to an answer is not written', () => {
  it.each([
    ['the same answer again is a re-send', ANSWER, RESENT],
    ['a different message is not stored', '東京都', PENDING],
  ])('%s', async (_name, second, notice) => {
    const db = await sqliteForTests();
    try {
      const deps = depsFor(db.repo);
      const input = new PassThrough();
      const output = new FlakyOutput();
      const chat = runConsoleChat(deps, { input, output, userId: 'term-drop', locale: 'ja' });
      const tick = () => new Promise((r) => setTimeout(r, 150));
      await tick();
      output.dropping = true;
      input.write(`${ANSWER}\n`);
      await tick();
      output.dropping = false;
      expect((await history(db.repo, 'local', 'term-drop')).intake?.shownPromptId).toBe('company.name');
      input.write(`${second}\n`);
      await tick();
      input.end();
      await chat;
      expect(output.text).toContain(notice);
      const after = await history(db.repo, 'local', 'term-drop');
      expect(after.records).toHaveLength(1);
      expect(after.intake?.state.answers['company.prefecture']).toBeUndefined();
      expect(after.intake?.shownPromptId).toBe('company.prefecture');
    } finally {
      await db.close();
    }
  });
});
