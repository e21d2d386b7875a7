import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCheckingCards, startTeamsHarness, KANTO_TEAMS_CHANNEL, type TeamsHarness } from '../support/teams-harness.js';
import { cardOf, rawTextsOf, teamsUser, textsOf } from '../support/teams-user.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { messageActivity, type TeamsPerson } from '../support/teams-activities.js';

/** Everything a channel might mangle: entities, angle brackets, Markdown, a Slack-style ping, a postal mark. */
const TYPED = 'A&B <新方式> *x* <!channel> _y_ `z` 〒100-0001';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(() => closeCheckingCards(h));

const person = (n: number): TeamsPerson => ({ aad: `15000000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Text ${n}`, locale: 'ja-JP' });

async function storedName(p: TeamsPerson): Promise<unknown> {
  const who = await h.env.services.repo.findPerson('teams', p.aad);
  const intake = who ? await h.env.services.repo.latestIntake(who.id) : null;
  return intake?.state.answers['company.name'];
}

/** The raw TextBlocks of a chat must never carry an escape of an escape. */
const doubleEscaped = (texts: string[]) => texts.filter((t) => /&amp;(?:amp|lt|gt);|\\\\[*_`]/.test(t));

describe('Teams: what the company types is stored as typed and shown as typed', () => {
  const ways: [string, (p: TeamsPerson) => Record<string, unknown>][] = [
    ['as the HTML some Teams clients send', (p) => messageActivity(h.standin.url, p, `<p>${TYPED.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`, { textFormat: 'xml' })],
    ['as escaped text with no markup', (p) => messageActivity(h.standin.url, p, TYPED.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))],
    ['as plain text', (p) => messageActivity(h.standin.url, p, TYPED)],
    ['as an @mention of the bot before the HTML', (p) => messageActivity(h.standin.url, p, `<at>Renkei</at> ${TYPED.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`, { textFormat: 'xml' })],
  ];
  ways.forEach(([how, activity], i) => {
    it(`typed into the chat ${how}`, async () => {
      const p = person(i + 1);
      const u = teamsUser(h, p);
      await u.say('start');
      expect(u.current().promptId).toBe('company.name');
      expect((await h.post(activity(p))).status).toBe(200);
      expect(await storedName(p)).toBe(TYPED);
      await u.press('review');
      const texts = u.posted().flatMap((x) => textsOf(cardOf(x.activity)));
      // The closed question card and the review both show it exactly, Markdown characters included.
      expect(texts.some((t) => t.includes(`✔ ${TYPED}`) || t.endsWith(TYPED))).toBe(true);
      expect(texts.filter((t) => t.includes(TYPED)).length).toBeGreaterThanOrEqual(2);
      expect(doubleEscaped(u.posted().flatMap((x) => rawTextsOf(cardOf(x.activity))))).toEqual([]);
    });
  });

  it('typed into the card, through a whole consultation to the office card in the channel, with progress that moves on', async () => {
    const p = person(9);
    const u = teamsUser(h, p);
    await u.say('start');
    const seen: string[] = [];
    for (let i = 0; i < 80; i++) {
      const { promptId } = u.current();
      if (!promptId || seen[seen.length - 1] === promptId) break;
      seen.push(promptId);
      await u.answer(promptId === 'company.name' ? TYPED : promptId.endsWith('#more') ? 'no' : (batteryByPrompt[promptId] ?? 'no'));
    }
    expect(await storedName(p)).toBe(TYPED);
    // The progress on the question cards, in posting order, moves on with the answers.
    // As sent (the closed cards have been rewritten since), in call order.
    const progress = h.standin
      .calls()
      .filter((c) => c.conversationId === u.conversation && c.operation !== 'update')
      .flatMap((c) => textsOf(cardOf(c.body)))
      .flatMap((t) => {
        const m = /約(\d+)問中 (\d+)問回答済み（(\d+)%）/.exec(t);
        return m ? [{ answered: Number(m[2]), percent: Number(m[3]) }] : [];
      });
    expect(progress.length).toBeGreaterThan(25);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]?.answered).toBeGreaterThanOrEqual(progress[i - 1]?.answered ?? 0);
      expect(progress[i]?.percent).toBeGreaterThanOrEqual(progress[i - 1]?.percent ?? 0);
    }
    expect(new Set(progress.map((x) => x.answered)).size).toBeGreaterThan(20);
    const office = h.standin.activities(KANTO_TEAMS_CHANNEL).filter((a) => !a.replyToId).map((a) => textsOf(cardOf(a.activity)).join('\n'));
    expect(office.some((t) => t.includes(TYPED))).toBe(true);
    expect(doubleEscaped(h.standin.activities().flatMap((x) => rawTextsOf(cardOf(x.activity))))).toEqual([]);
  });
});
