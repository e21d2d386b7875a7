import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { createStaffReminder } from '../../src/app/create-staff-reminder.js';
import { Dispatcher } from '../../src/scheduler/dispatcher.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { startLineHarness, type LineHarness } from '../support/line-harness.js';
import { lineUser, quickReplyOf, textOf } from '../support/line-user.js';
import { lineSignature, redelivered, textEvent, webhookBody } from '../support/line-webhook.js';
import { postgresForTests } from '../support/postgres.js';

const PM = { channel: 'local' as const, externalId: 'pm-kanto' };
let uid = 0;
/** LINE user ids are "U" and 32 hex characters. */
const newUserId = () => `U${(++uid).toString(16).padStart(8, '0')}${'c0ffee'.repeat(4)}`;

/** Answers every question until the intake ends: taps the quick reply that carries the answer, types the rest. */
async function completeIntake(h: LineHarness, userId: string, answers: Record<string, string | string[]>, onPrompt?: (promptId: string) => Promise<void>) {
  const u = lineUser(h, userId);
  const seen: string[] = [];
  for (let i = 0; i < 90; i++) {
    const p = await u.prompt();
    if (!p) break;
    if (seen[seen.length - 1] === p.promptId) throw new Error(`stuck at ${p.promptId}: ${textOf(u.last() ?? {})}`);
    seen.push(p.promptId);
    await onPrompt?.(p.promptId);
    const repeated = p.promptId.endsWith('#more') && seen.filter((x) => x === p.promptId).length > 1;
    const value = repeated ? 'no' : (answers[p.promptId] ?? (p.promptId.endsWith('#more') ? 'no' : undefined));
    if (value === undefined) {
      if (p.optional) await u.tap(u.buttons().find((b) => b.fields.c === 'skip')?.label ?? '');
      else throw new Error(`no answer for ${p.promptId}`);
    } else await u.answer(value);
  }
  return { u, seen };
}

function runsOn(database: 'sqlite' | 'postgresql') {
  let h: LineHarness;
  beforeAll(async () => {
    h = await startLineHarness({ database });
  });
  afterAll(async () => {
    // Every reply and push the bot made in this file, held against LINE's documented payload limits.
    const calls = h.standin.calls().filter((c) => c.operation !== 'profile');
    const problems = h.standin.problems();
    await h.close();
    expect(calls.length).toBeGreaterThan(60);
    expect(problems).toEqual([]);
  });

  it(`runs a whole consultation in Japanese in a 1:1 chat, from adding the bot as a friend to the Flex summary and a handoff (${database})`, async () => {
    const userId = newUserId();
    h.standin.setProfile(userId, { displayName: '山田太郎', language: 'ja' });
    const u = lineUser(h, userId);
    await u.follow();
    expect(u.transcript()).toContain('会社名');
    let reviewed = false;
    const { seen } = await completeIntake(h, userId, batteryByPrompt, async (promptId) => {
      // Midway the manager checks the answers so far: a Flex carousel, one bubble per section.
      if (promptId !== 'missing.functions' || reviewed) return;
      reviewed = true;
      await u.tap('確認');
      const review = u.messages().find((m) => m.type === 'flex' && textOf(m).includes('株式会社バッテリー再生工房'));
      expect(review, 'review as Flex').toBeDefined();
      expect((review?.contents as { type: string }).type).toBe('carousel');
    });
    expect(seen).toContain('partners#2.status');
    expect(seen).toContain('academia#1.form');
    // The industry question: its ten choices and "not decided yet" as quick replies, each with a postback answer.
    const industry = u.messages().find((m) => typeof m.text === 'string' && m.text.includes('主な業種'));
    const buttons = quickReplyOf(industry);
    expect(buttons.filter((b) => b.fields.k === 'a').map((b) => b.fields.v)).toEqual(['manufacturing', 'construction', 'transport', 'wholesale', 'retail', 'services', 'rubber', 'software', 'hotel', 'other', 'unknown']);
    expect(buttons.length).toBeLessThanOrEqual(13);
    const summary = u.messages().find((m) => m.type === 'flex' && textOf(m).includes('ご相談のまとめ'));
    expect(summary, 'summary as Flex').toBeDefined();
    expect(textOf(summary ?? {})).toContain('申請に向けた磨き上げの段階');
    const person = await h.env.services.repo.findPerson('line', userId);
    expect(person?.displayName).toBe('山田太郎');
    expect(person?.address).toEqual({ userId });
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    expect(intake?.status).toBe('completed');
    expect(intake?.state.answers['missing.functions']).toEqual(['manufacturing', 'service_maintenance']);
    const handoff = await h.env.services.handoffs.handoffForIntake(intake?.id ?? '');
    expect(handoff?.officeId).toBe('kanto');
    // Every turn was answered with its reply token: nothing of the conversation cost a push.
    expect(h.standin.calls('push').filter((c) => c.to === userId)).toEqual([]);
  });

  it(`runs a consultation in English when the LINE profile says English, typed the way people type (${database})`, async () => {
    const answers = JSON.parse(readFileSync(new URL('../fixtures/answers/idea-en.json', import.meta.url), 'utf8')) as Record<string, string>;
    const userId = newUserId();
    h.standin.setProfile(userId, { displayName: 'Ken Sato', language: 'en' });
    const u = lineUser(h, userId);
    await u.say('hi');
    expect(u.transcript()).toContain("What is your company's registered name?");
    for (let i = 0; i < 90; i++) {
      const p = await u.prompt();
      if (!p) break;
      const typed = answers[p.promptId];
      if (typed !== undefined) await u.say(typed);
      else if (p.promptId.endsWith('#more')) await u.tap('No');
      else await u.tap('Skip');
    }
    const person = await h.env.services.repo.findPerson('line', userId);
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    expect(intake?.status).toBe('completed');
    expect(intake?.state.answers['company.industry']).toBe('retail');
    expect(u.messages().some((m) => m.type === 'flex' && textOf(m).includes('Readiness'))).toBe(true);
  });

  it(`relays a PM's question to the company's LINE chat as a push, retried through LINE's 429 and delivered once, and the answer back to the PM (${database})`, async () => {
    const userId = newUserId();
    h.standin.setProfile(userId, { displayName: '佐藤', language: 'ja' });
    await lineUser(h, userId).follow();
    await completeIntake(h, userId, batteryByPrompt);
    const person = await h.env.services.repo.findPerson('line', userId);
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    const handoff = await h.env.services.handoffs.handoffForIntake(intake?.id ?? '');
    expect(handoff).toBeTruthy();
    expect((await performHandoffAction(h.env.services, PM, handoff?.id ?? '', { kind: 'claim' })).ok).toBe(true);
    h.standin.failPushes(2, 429);
    const before = h.standin.delivered(userId).length;
    expect((await performHandoffAction(h.env.services, PM, handoff?.id ?? '', { kind: 'ask', text: '初年度の売上見込みは？' })).ok).toBe(true);
    const pushes = h.standin.calls('push').filter((c) => c.to === userId && textOf(c.messages[0] ?? {}).includes('初年度の売上見込み'));
    expect(pushes.map((c) => c.status)).toEqual([429, 429, 200]);
    // One retry key for the three attempts: a lost answer from LINE would get 409, never a second message.
    expect(new Set(pushes.map((c) => c.retryKey)).size).toBe(1);
    const arrived = h.standin.delivered(userId).slice(before).filter((m) => textOf(m).includes('初年度の売上見込み'));
    expect(arrived).toHaveLength(1);
    await lineUser(h, userId).say('初年度は約3000万円を見込んでいます');
    const events = await h.env.services.handoffs.events(handoff?.id ?? '');
    expect(events.some((e) => e.type === 'answer' && (e.body ?? '').includes('約3000万円'))).toBe(true);
  });

  it(`sends a staff reminder through the dispatcher as one push, exactly once, and stops reminders when the company blocks the bot (${database})`, async () => {
    const userId = newUserId();
    h.standin.setProfile(userId, { displayName: '鈴木', language: 'ja' });
    const u = lineUser(h, userId);
    await u.follow();
    await u.say('株式会社リマインド');
    const person = await h.env.services.repo.findPerson('line', userId);
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    const made = await createStaffReminder(h.env.services, PM, { target: intake?.id ?? '', when: '明日10時', message: '見積書をお送りください' }, 'ja');
    expect(made.ok).toBe(true);
    h.env.clock.advance(2 * 24 * 3600_000);
    const dispatcher = new Dispatcher(() => h.env.services, `line-${database}`);
    await dispatcher.drain();
    await dispatcher.drain();
    const pushed = h.standin.calls('push').filter((c) => c.to === userId && c.status === 200);
    expect(pushed.filter((c) => textOf(c.messages[0] ?? {}).includes('見積書をお送りください'))).toHaveLength(1);

    const second = await createStaffReminder(h.env.services, PM, { target: intake?.id ?? '', when: '3営業日後', message: '資料の件' }, 'ja');
    expect(second.ok).toBe(true);
    await u.unfollow();
    const after = await h.env.services.repo.getPerson(person?.id ?? '');
    expect(after?.remindersOptOut).toBe(true);
    expect(second.ok && (await h.env.services.reminders.get(second.reminder.id))?.status).toBe('cancelled');
    h.env.clock.advance(10 * 24 * 3600_000);
    await dispatcher.drain();
    expect(h.standin.calls('push').filter((c) => c.to === userId && textOf(c.messages[0] ?? {}).includes('資料の件'))).toEqual([]);
    // Added back: the earlier choice (no opt-out) returns, and the consultation carries on where it stopped.
    await u.follow(true);
    expect((await h.env.services.repo.getPerson(person?.id ?? ''))?.remindersOptOut).toBe(false);
    expect(textOf(u.last() ?? {})).toContain('都道府県');
  });
}

describe('LINE on SQLite', () => {
  runsOn('sqlite');
});

const pg = await postgresForTests();
describe.runIf(pg.available)('LINE on PostgreSQL', () => {
  runsOn('postgresql');
});

describe('LINE webhook: signatures, redelivery, what is not text', () => {
  let h: LineHarness;
  beforeAll(async () => {
    h = await startLineHarness();
  });
  afterAll(async () => {
    const problems = h.standin.problems();
    await h.close();
    expect(problems).toEqual([]);
  });

  it('refuses a missing, wrong or stale signature with 401 and processes nothing', async () => {
    const userId = newUserId();
    const token = h.standin.issueReplyToken(userId);
    const body = webhookBody([textEvent(userId, 'こんにちは', token)]);
    expect((await h.post([], { body, signature: null })).status).toBe(401);
    expect((await h.post([], { body, signature: lineSignature(body, 'ffffffffffffffffffffffffffffffff') })).status).toBe(401);
    expect((await h.post([], { body, signature: 'not base64 at all' })).status).toBe(401);
    // Signed, then changed in transit: the signature no longer matches the bytes.
    expect((await h.post([], { body: body.replace('こんにちは', 'さようなら'), signature: lineSignature(body) })).status).toBe(401);
    expect(await h.env.services.repo.findPerson('line', userId)).toBeNull();
    expect(h.standin.calls().filter((c) => c.to === userId)).toEqual([]);
    expect(h.logs.filter((l) => l.message === 'line request refused')).toHaveLength(4);
  });

  it("answers LINE's Verify request (no events) with 200 and a malformed body with 400", async () => {
    expect((await h.post([])).status).toBe(200);
    const bad = '{"events": "nope"}';
    expect((await h.post([], { body: bad, signature: lineSignature(bad) })).status).toBe(400);
  });

  it('acts once on a redelivered event (same webhookEventId, isRedelivery), whatever the reply token', async () => {
    const userId = newUserId();
    const u = lineUser(h, userId);
    await u.follow();
    const event = textEvent(userId, '株式会社二重送信', h.standin.issueReplyToken(userId));
    expect((await h.post([event])).status).toBe(200);
    const after = u.messages().length;
    expect((await h.post([redelivered(event, h.standin.issueReplyToken(userId))])).status).toBe(200);
    expect((await h.post([redelivered(event, h.standin.issueReplyToken(userId))])).status).toBe(200);
    expect(u.messages()).toHaveLength(after);
    const person = await h.env.services.repo.findPerson('line', userId);
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    expect(intake?.state.answers['company.name']).toBe('株式会社二重送信');
    const history = await h.env.services.repo.answerHistory(intake?.id ?? '');
    expect(history.filter((a) => a.questionId === 'company.name')).toHaveLength(1);
    expect(h.logs.filter((l) => l.message === 'line event already handled' && l.fields.redelivery === true)).toHaveLength(2);
  });

  it('answers a sticker or a photo politely with "text only" and keeps the question', async () => {
    const userId = newUserId();
    const u = lineUser(h, userId);
    await u.follow();
    await u.sticker();
    expect(textOf(u.last() ?? {})).toContain('文字で入力');
    await u.image();
    expect(textOf(u.last() ?? {})).toContain('文字で入力');
    expect((await u.prompt())?.promptId).toBe('company.name');
  });

  it('pushes the reply when the reply token has expired', async () => {
    const userId = newUserId();
    const u = lineUser(h, userId);
    await u.follow();
    const token = h.standin.issueReplyToken(userId);
    h.standin.expireReplyToken(token);
    await h.post([textEvent(userId, '期限切れ商事', token)]);
    const calls = h.standin.calls().filter((c) => c.to === userId);
    expect(calls.slice(-2).map((c) => `${c.operation} ${c.status}`)).toEqual(['reply 400', 'push 200']);
    expect(textOf(u.last() ?? {})).toContain('都道府県');
  });

  it('answers a tap on an old question politely, and a button it never made with a note', async () => {
    const userId = newUserId();
    const u = lineUser(h, userId);
    await u.follow();
    await u.say('古いボタン株式会社');
    await u.say('愛知');
    const industryButtons = u.buttons();
    await u.tap('製造業');
    const old = industryButtons.find((b) => b.fields.v === 'retail');
    await u.postback(old?.data ?? '');
    expect(textOf(u.messages()[u.messages().length - 2] ?? {}) + textOf(u.last() ?? {})).toContain('前のメッセージのもの');
    const person = await h.env.services.repo.findPerson('line', userId);
    expect((await h.env.services.repo.latestIntake(person?.id ?? ''))?.state.answers['company.industry']).toBe('manufacturing');
    await u.postback('action=buy&item=123');
    expect(textOf(u.last() ?? {})).toContain('このボタンは今は使えません');
  });
});
