import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsHarness, KANTO_TEAMS_CHANNEL, type TeamsHarness } from '../support/teams-harness.js';
import { cardOf, dataOf, submitsOf, teamsUser, textsOf, walk } from '../support/teams-user.js';
import { allCardProblems } from '../support/teams-card-check.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { installActivity, invokeActivity, messageActivity, type TeamsPerson } from '../support/teams-activities.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  // Every card the bot produced in this file, parsed by Microsoft's renderer library at 1.5.
  const cards = h.standin.cards();
  await h.close();
  expect(cards.length).toBeGreaterThan(50);
  expect(allCardProblems(cards)).toEqual([]);
});

const person = (n: number, locale = 'ja-JP'): TeamsPerson => ({ aad: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Person ${n}`, locale });

/** Answers every question with the cards' own inputs until the intake ends. */
async function completeWithCards(p: TeamsPerson, answers: Record<string, string | string[]>) {
  const u = teamsUser(h, p);
  await u.say('こんにちは');
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    const { promptId } = u.current();
    if (!promptId || seen[seen.length - 1] === promptId) break;
    seen.push(promptId);
    const repeated = promptId.endsWith('#more') && seen.filter((x) => x === promptId).length > 1;
    const value = repeated ? 'no' : (answers[promptId] ?? (promptId.endsWith('#more') ? 'no' : undefined));
    if (value === undefined) throw new Error(`no answer for ${promptId}`);
    await u.answer(value);
  }
  return { u, seen };
}

describe('Teams: the intake in personal chat', () => {
  it('runs a complete intake in Japanese with choice sets, check boxes, yes/no buttons and text boxes, ending in a handoff card in the office channel', async () => {
    const { u, seen } = await completeWithCards(person(1), batteryByPrompt);
    expect(seen).toContain('company.industry');
    expect(seen).toContain('partners#2.status');
    expect(seen).toContain('missing.functions');
    expect(u.lastText()).toContain('申請に向けた磨き上げの段階');
    // The industry question had more than five choices: a drop-down; answered, its card shows the answer and nothing to click.
    const industry = u.posted().find((p) => textsOf(cardOf(p.activity)).some((t) => t.includes('主な業種')));
    expect(industry?.updates).toBe(1);
    expect(textsOf(cardOf(industry?.activity ?? {}))).toContain('✔ 製造業');
    expect(walk(cardOf(industry?.activity ?? {})).filter((e) => e.type.startsWith('Action.') || e.type.startsWith('Input.'))).toEqual([]);
    // The handoff card reached the office's channel proactively, with the plan in its thread.
    const channel = h.standin.activities(KANTO_TEAMS_CHANNEL);
    const card = channel.find((a) => !a.replyToId);
    expect(textsOf(cardOf(card?.activity ?? {})).join('\n')).toContain('株式会社バッテリー再生工房');
    expect(submitsOf(cardOf(card?.activity ?? {})).map((a) => dataOf(a).action)).toEqual(['claim', 'ask', 'note', 'close', 'plan_docx']);
    const thread = channel.filter((a) => a.replyToId === card?.id);
    expect(thread.flatMap((a) => textsOf(cardOf(a.activity))).join('\n')).toContain('事業計画（案）');
    // The company's address is the conversation reference of its chat, for later proactive messages.
    const stored = await h.env.services.repo.findPerson('teams', person(1).aad);
    expect(stored?.address).toMatchObject({ channelId: 'msteams', serviceUrl: h.standin.url, conversation: { id: u.conversation } });
  });

  it('runs an intake in English when the Teams client reads English, answering by typing in the chat', async () => {
    const answers = JSON.parse(readFileSync(new URL('../fixtures/answers/idea-en.json', import.meta.url), 'utf8')) as Record<string, string>;
    const p = person(2, 'en-US');
    const u = teamsUser(h, p);
    await u.say('hello');
    expect(u.lastText()).toContain("What is your company's registered name?");
    expect(u.lastText()).toContain('Company · 0 of about 29 questions answered (0%)');
    for (let i = 0; i < 80; i++) {
      const { promptId } = u.current();
      if (!promptId) break;
      const typed = answers[promptId];
      if (typed !== undefined) await u.say(typed);
      else if (promptId.endsWith('#more')) await u.answer('no');
      else await u.press('skip');
    }
    expect(u.lastText()).toContain('Readiness');
    const stored = await h.env.services.repo.findPerson('teams', p.aad);
    const intake = await h.env.services.repo.latestIntake(stored?.id ?? '');
    expect(intake?.status).toBe('completed');
    expect(intake?.state.answers['company.industry']).toBe('retail');
  });

  it('switches language, shows the review and goes back with the card buttons', async () => {
    const u = teamsUser(h, person(3, 'en-GB'));
    await u.say('start');
    await u.answer('Sakura Foods');
    await u.answer('Kyoto');
    expect(u.current().promptId).toBe('company.industry');
    await u.answer('retail');
    await u.press('lang');
    expect(u.lastText()).toContain('日本語でお聞きします');
    await u.press('lang');
    await u.press('review');
    expect(u.lastText()).toContain('Sakura Foods');
    await u.press('back');
    expect(u.current().promptId).toBe('company.industry');
    // Asked again, the drop-down starts at the answer already given.
    expect(walk(u.current().card).find((e) => e.type === 'Input.ChoiceSet')?.value).toBe('retail');
  });

  it('answers a click on an old card politely and keeps the current answer', async () => {
    const u = teamsUser(h, person(4));
    await u.say('start');
    for (const a of ['古いボタン株式会社', '愛知', 'manufacturing', '1000万', '10']) await u.answer(a);
    const old = u.current();
    expect(old.promptId).toBe('company.deemed_large');
    await u.answer('no');
    const yes = old.answers.find((a) => dataOf(a).choice === 'yes');
    await u.submit(dataOf(yes ?? {}));
    expect(u.lastText()).toContain('前のメッセージのもの');
    // Typed into an old card's text box: also recognised as stale, not taken as the current answer.
    const nameCard = u.posted().find((p) => textsOf(cardOf(p.activity)).some((t) => t.includes('会社名')));
    expect(nameCard?.updates).toBe(1);
    await u.submit({ renkei: 'answer', promptId: 'company.name', input: 'text', answer: '別の会社' });
    const stored = await h.env.services.repo.findPerson('teams', person(4).aad);
    const intake = await h.env.services.repo.latestIntake(stored?.id ?? '');
    expect(intake?.state.answers['company.deemed_large']).toBe('no');
    expect(intake?.state.answers['company.name']).toBe('古いボタン株式会社');
    expect(intake?.state.answers['theme.title']).toBeUndefined();
  });

  it('keeps Markdown links in answers inert', async () => {
    const u = teamsUser(h, person(5));
    await u.say('start');
    await u.answer('[公式サイト](https://evil.example) 株式会社');
    await u.press('review');
    // Shown as typed, brackets and all: rendered as a link, the label alone would be left.
    expect(u.lastText()).toContain('[公式サイト](https://evil.example) 株式会社');
  });

  it('acts once on an activity delivered twice', async () => {
    const p = person(6);
    const u = teamsUser(h, p);
    await u.say('start');
    const activity = messageActivity(h.standin.url, p, '重複テスト株式会社');
    const before = h.standin.calls().length;
    const [a, b] = await Promise.all([h.post(activity), h.post(activity)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.teams.idle();
    // One update of the answered card and one new question: not two of each.
    expect(h.standin.calls().length - before).toBe(2);
    const stored = await h.env.services.repo.findPerson('teams', p.aad);
    const intake = await h.env.services.repo.latestIntake(stored?.id ?? '');
    expect((await h.env.services.repo.answerHistory(intake?.id ?? '')).filter((r) => r.raw === '重複テスト株式会社')).toHaveLength(1);
  });

  it('ignores messages from bots and unknown card data, without crashing', async () => {
    const before = h.standin.calls().length;
    const bot = messageActivity(h.standin.url, person(7), 'beep', { from: { id: '28:other-bot', name: 'Other', role: 'bot' } });
    expect((await h.post(bot)).status).toBe(200);
    const odd = messageActivity(h.standin.url, person(7), '', { value: { renkei: 'answer' } });
    expect((await h.post(odd)).status).toBe(200);
    expect(h.standin.calls().length).toBe(before);
    expect(await h.env.services.repo.findPerson('teams', person(7).aad)).toBeNull();
  });

  it('answers malformed JSON and non-activities with 400 and other methods with 405, and does nothing', async () => {
    const before = h.standin.calls().length;
    const broken = await h.post('{"type":"message", "text": "hi"');
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({ error: 'malformed_json' });
    expect((await h.post('[1,2,3]')).status).toBe(400);
    expect((await h.post('"text"')).status).toBe(400);
    expect((await h.post({ text: 'no type' })).status).toBe(400);
    expect((await fetch(h.url)).status).toBe(405);
    expect(h.standin.calls().length).toBe(before);
  });

  it('answers an unknown invoke with a "not implemented" invoke response', async () => {
    const res = await h.post(invokeActivity(h.standin.url, person(8), 'composeExtension/query', { commandId: 'x' }));
    expect(res.status).toBe(501);
    expect(res.json).toMatchObject({ statusCode: 501, type: 'application/vnd.microsoft.error', value: { code: 'NotImplemented' } });
  });

  it('takes Universal Actions (Action.Execute) like Action.Submit and acknowledges them in the invoke response', async () => {
    const p = person(9);
    const u = teamsUser(h, p);
    await u.say('start');
    const execute = (data: Record<string, unknown>) => h.post(invokeActivity(h.standin.url, p, 'adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'answer', data }, trigger: 'manual' }));
    const res = await execute({ promptId: 'company.name', input: 'text', answer: 'ユニバーサル株式会社' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(u.current().promptId).toBe('company.prefecture');
    const bad = await execute({ promptId: 42 });
    expect(bad.status).toBe(400);
  });

  it('greets a person who installs the app', async () => {
    const p = person(10, 'en-US');
    await h.post(installActivity(h.standin.url, p));
    expect(teamsUser(h, p).lastText()).toContain('Type "start" to begin');
  });

  it('asks people to talk in personal chat when addressed in a channel', async () => {
    const p = person(11);
    const msg = messageActivity(h.standin.url, p, '<at>Renkei</at> start', { conversation: { id: '19:general@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true } });
    await h.post(msg);
    const replies = h.standin.activities('19:general@thread.tacv2;messageid=1');
    expect(replies.flatMap((a) => textsOf(cardOf(a.activity))).join('\n')).toContain('個人チャット');
    expect(await h.env.services.repo.findPerson('teams', p.aad)).toBeNull();
  });
});
