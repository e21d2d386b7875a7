import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCheckingCards, startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { cardOf, dataOf, teamsUser, textsOf } from '../support/teams-user.js';
import { submitActivity, type TeamsPerson } from '../support/teams-activities.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(() => closeCheckingCards(h));

const person = (n: number): TeamsPerson => ({ aad: `15100000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Click ${n}`, locale: 'ja-JP' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two identical Action.Submit activities (each with its own activity id, as Teams sends them), `gap` ms apart. */
async function twice(p: TeamsPerson, value: Record<string, unknown>, replyToId: string | undefined, gap: number) {
  const send = (delay: number) =>
    sleep(delay).then(() =>
      fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(submitActivity(h.standin.url, p, value, replyToId)) }),
    );
  const [a, b] = await Promise.all([send(0), send(gap)]);
  await h.teams.idle();
  return [a.status, b.status];
}

async function answerHistory(p: TeamsPerson, questionId: string): Promise<number> {
  const who = await h.env.services.repo.findPerson('teams', p.aad);
  const intake = who ? await h.env.services.repo.latestIntake(who.id) : null;
  return (await h.env.services.repo.answerHistory(intake?.id ?? '')).filter((r) => r.questionId === questionId).length;
}

describe('Teams: one click, one effect', () => {
  for (const gap of [0, 15]) {
    it(`two identical button submits ${gap} ms apart: one answer, one next question, no stale note, the card closed once`, async () => {
      const p = person(gap + 1);
      const u = teamsUser(h, p);
      await u.say('start');
      for (const a of ['二度押し株式会社', '愛知', 'manufacturing', '1000万', '10']) await u.answer(a);
      const card = u.current();
      expect(card.promptId).toBe('company.deemed_large');
      const no = card.answers.find((a) => dataOf(a).choice === 'no');
      const before = u.posted().length;
      expect(await twice(p, dataOf(no ?? {}), card.activity?.id, gap)).toEqual([200, 200]);
      const after = u.posted().slice(before);
      expect(after.map((x) => textsOf(cardOf(x.activity)).join(' ')).filter((t) => t.includes('テーマ') || t.includes('名称'))).toHaveLength(1);
      expect(after.length).toBe(1);
      expect(u.lastText()).not.toContain('前のメッセージのもの');
      expect(u.posted().find((x) => x.id === card.activity?.id)?.updates).toBe(1);
      expect(await answerHistory(p, 'company.deemed_large')).toBe(1);
      expect(u.current().promptId).toBe('theme.title');
    });
  }

  it('two identical submits of a choice and of text typed into the card act once each', async () => {
    const p = person(40);
    const u = teamsUser(h, p);
    await u.say('start');
    const nameCard = u.current();
    const submit = nameCard.answers.find((a) => dataOf(a).input === 'text');
    await twice(p, { ...dataOf(submit ?? {}), answer: '重複入力株式会社' }, nameCard.activity?.id, 15);
    expect(await answerHistory(p, 'company.name')).toBe(1);
    expect(u.current().promptId).toBe('company.prefecture');
    await u.answer('愛知');
    const industry = u.current();
    const choose = industry.answers.find((a) => dataOf(a).input === 'choice');
    const before = u.posted().length;
    await twice(p, { ...dataOf(choose ?? {}), answer: 'retail' }, industry.activity?.id, 0);
    expect(u.posted().length - before).toBe(1);
    expect(await answerHistory(p, 'company.industry')).toBe(1);
    expect(u.lastText()).not.toContain('前のメッセージのもの');
  });

  it('a different answer on an answered card is still told politely, and changes nothing', async () => {
    const p = person(50);
    const u = teamsUser(h, p);
    await u.say('start');
    for (const a of ['別回答株式会社', '愛知', 'manufacturing', '1000万', '10']) await u.answer(a);
    const card = u.current();
    await u.answer('no');
    await u.submit(dataOf(card.answers.find((a) => dataOf(a).choice === 'yes') ?? {}));
    expect(u.lastText()).toContain('前のメッセージのもの');
    expect(await answerHistory(p, 'company.deemed_large')).toBe(1);
  });
});
