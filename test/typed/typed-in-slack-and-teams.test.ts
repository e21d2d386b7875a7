import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { dataOf, teamsUser } from '../support/teams-user.js';
import { allCardProblems } from '../support/teams-card-check.js';
import type { TeamsPerson } from '../support/teams-activities.js';

/**
 * Typed answers through the real Bolt and botbuilder endpoints (signed Slack requests, Teams
 * activities, loopback stand-ins of both platforms): the read-back arrives with the next
 * question, and a close answer becomes a "did you mean" with yes/no buttons that store it.
 */
const OPENING = ['テスト電池株式会社', 'しずおか', 'せいぞう'];

let slack: SlackHarness;
let teams: TeamsHarness;
beforeAll(async () => {
  slack = await startSlackHarness();
  teams = await startTeamsHarness();
});
afterAll(async () => {
  const cards = teams.standin.cards();
  await slack.close();
  await teams.close();
  expect(allCardProblems(cards)).toEqual([]);
});

describe('typed answers in Slack', () => {
  it('reads back 2千万 with the next question and asks about 環境系 with yes/no buttons', async () => {
    const u = slackUser(slack, 'UTYPED1');
    await u.say('こんにちは');
    for (const text of OPENING) await u.say(text);
    await u.say('2千万');
    const withNext = u.dm().at(-1);
    expect(JSON.stringify(withNext?.blocks)).toContain('資本金: 2,000万円 として記録しました（違う場合は「戻る」）');
    expect(JSON.stringify(withNext?.blocks)).toContain('従業員');

    await u.say('45にん');
    expect(JSON.stringify(u.dm().at(-1)?.blocks)).toContain('従業員数: 45人 として記録しました');
    await u.answer('no');
    await u.say('電池再生サービス');
    await u.say('鉛蓄電池の寿命を延ばす添加剤');
    await u.say('環境系');
    const asked = u.controls();
    expect(asked.promptId).toBe('theme.category#suggest');
    expect(JSON.stringify(asked.message?.blocks)).toContain('「環境」のことですか？');
    const buttons = asked.blocks.find((b) => b.block_id?.startsWith('ans|'))?.elements.map((e) => e.value);
    expect(buttons).toEqual(['yes', 'no']);
    await u.answer('yes');
    expect(JSON.stringify(u.dm().at(-1)?.blocks)).toContain('分野: 環境 として記録しました');
    expect(u.controls().promptId).toBe('theme.novelty');
  }, 60_000);
});

describe('typed answers in Teams', () => {
  const person: TeamsPerson = { aad: '30000000-0000-4000-8000-000000000012', name: 'Typed Person', locale: 'en-US' };
  it('reads back on the question card and asks about a typo with Yes/No buttons', async () => {
    const u = teamsUser(teams, person);
    await u.say('hello');
    for (const text of ['Harbor Tech', 'osaka']) await u.say(text);
    await u.say('manufactring');
    const { promptId, answers } = u.current();
    expect(promptId).toBe('company.industry#suggest');
    expect(u.lastText()).toContain('Did you mean "Manufacturing"?');
    expect(answers.map((a) => dataOf(a).choice)).toEqual(expect.arrayContaining(['yes', 'no']));
    await u.answer('yes');
    const now = u.current();
    expect(now.promptId).toBe('company.capital_yen');
    const cardText = JSON.stringify(now.card);
    expect(cardText).toContain('Industry: recorded as Manufacturing');
    expect(cardText).toContain('capital');
  }, 60_000);
});
