import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTeamsCardProblems, TEAMS_LIMITS, teamsCardProblems } from './adaptive-card-conformance.js';
import { startTeamsHarness, KANTO_TEAMS_CHANNEL, PM_A, type TeamsHarness } from '../../support/teams-harness.js';
import { cardOf, dataOf, submitsOf, teamsUser, textsOf } from '../../support/teams-user.js';
import { channelSubmitActivity, invokeActivity, type TeamsPerson } from '../../support/teams-activities.js';
import { batteryByPrompt } from '../../fixtures/battery-by-prompt.js';

const good = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: '会社名を教えてください。', wrap: true, weight: 'Bolder', spacing: 'None' },
    { type: 'Input.Text', id: 'answer', label: '回答', isRequired: true, errorMessage: '入力してください', maxLength: 200, style: 'Email' },
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: '送信', data: { renkei: 'answer' }, style: 'positive', associatedInputs: 'none' }] },
  ],
  actions: [{ type: 'Action.ShowCard', title: '質問', card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'ask', isMultiline: true }], actions: [{ type: 'Action.Submit', title: '送る' }] } }],
};
const withBody = (extra: unknown[]) => ({ ...good, body: [...good.body, ...extra] });

describe('the Teams card check', () => {
  it('accepts a card Teams renders', () => {
    expect(teamsCardProblems(good)).toEqual([]);
  });

  it('finds each way a card breaks the 1.5 schema or Teams\' limits', () => {
    const one = (card: unknown) => teamsCardProblems(card).filter((p) => !p.startsWith('adaptivecards:'));
    expect(one(withBody([{ type: 'TextBlock', text: 'x', colour: 'Good' }]))[0]).toMatch(/card\.body\.3.*colour/);
    expect(one(withBody([{ type: 'TextBlock', text: 'x', size: 'Huge' }]))[0]).toMatch(/card\.body\.3\.size: one of/);
    expect(one(withBody([{ type: 'Input.Rating', id: 'r' }]))).toEqual(['card.body.3: Input.Rating is not an Adaptive Cards 1.5 element']);
    expect(one(withBody([{ type: 'FactSet', facts: [] }]))).toEqual(['card.body.3: FactSet is not modelled here yet']);
    expect(one(withBody([{ type: 'Input.Text', id: 'answer' }]))).toEqual(['card.body.3: id "answer" used twice']);
    expect(one(withBody([{ type: 'TextBlock', text: 'あ'.repeat(TEAMS_LIMITS.textBlockChars + 1) }]))[0]).toMatch(/TextBlock of 2001 characters/);
    expect(one(withBody([{ type: 'TextBlock', text: '結果: {{outcomes}}' }]))).toEqual(['card: an unreplaced {{placeholder}}']);
    const seven = Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Submit', title: String(i) }));
    expect(one({ ...good, actions: seven })).toEqual(['card: 7 actions (Teams shows 6)']);
    expect(one({ ...good, actions: [{ type: 'Action.Submit', title: 'x'.repeat(41) }] })[0]).toMatch(/title of 41 characters/);
    expect(one({ ...good, version: '1.6' })).toEqual(['card: version "1.6", not "1.5"']);
    const big = withBody(Array.from({ length: 20 }, () => ({ type: 'TextBlock', text: 'あ'.repeat(600) })));
    expect(one(big).some((p) => /bytes \(Teams takes 28672\)/.test(p))).toBe(true);
    // Microsoft's parser runs too: a bad value it knows of is reported from it as well.
    expect(teamsCardProblems(withBody([{ type: 'Input.ChoiceSet', id: 'c', choices: [{ title: 'a', value: 'a' }], style: 'sideways' }])).some((p) => p.startsWith('adaptivecards:') || /style/.test(p))).toBe(true);
  });
});

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});

const person = (n: number, locale: string): TeamsPerson => ({ aad: `15400000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Conformance ${n}`, locale });

/** A whole consultation through the cards, with the detours people take: help, review, back, edit, pause, language. */
async function consultation(p: TeamsPerson, company: string) {
  const u = teamsUser(h, p);
  await u.say(p.locale.startsWith('ja') ? 'こんにちは' : 'hello');
  await u.press('review');
  const seen: string[] = [];
  for (let i = 0; i < 90; i++) {
    const { promptId } = u.current();
    if (!promptId || seen[seen.length - 1] === promptId) break;
    seen.push(promptId);
    if (promptId === 'company.industry' && !seen.includes('detour')) {
      seen.push('detour');
      await u.say(p.locale.startsWith('ja') ? 'ヘルプ' : 'help');
      await u.press('back');
      await u.press('pause');
      await u.say(p.locale.startsWith('ja') ? '再開' : 'resume');
      await u.say(p.locale.startsWith('ja') ? '修正 1' : 'edit 1');
      await u.press('skip').catch(() => u.answer(company));
      continue;
    }
    const repeated = promptId.endsWith('#more') && seen.filter((x) => x === promptId).length > 1;
    await u.answer(promptId === 'company.name' ? company : repeated || promptId.endsWith('#more') ? (repeated ? 'no' : 'yes') : (batteryByPrompt[promptId.replace(/#\d+\./, '#1.')] ?? batteryByPrompt[promptId] ?? 'unknown'));
  }
  return u;
}

describe('Teams conformance: every card of a whole consultation in Japanese and English, and of the PM side', () => {
  it('the company side, ja and en', async () => {
    const ja = await consultation(person(1, 'ja-JP'), '株式会社適合 <テスト> & *太字*');
    expect(ja.lastText()).toContain('準備度');
    const en = await consultation(person(2, 'en-US'), 'Conformance & Sons *Ltd*');
    expect(en.lastText()).toMatch(/readiness/i);
    expect(allTeamsCardProblems(h.standin.cards())).toEqual([]);
  });

  it('the PM side: claim, ask, note, close with and without an outcome, the plan file', async () => {
    const post = h.standin.activities(KANTO_TEAMS_CHANNEL).find((a) => !a.replyToId && textsOf(cardOf(a.activity)).join('\n').includes('株式会社適合'));
    expect(post).toBeDefined();
    const handoffId = submitsOf(cardOf(post?.activity ?? {})).map((a) => dataOf(a).handoffId).find((x): x is string => typeof x === 'string') ?? '';
    const click = (value: Record<string, unknown>) => h.post(channelSubmitActivity(h.standin.url, PM_A, KANTO_TEAMS_CHANNEL, post?.id ?? '', { renkei: 'handoff', handoffId, ...value }));
    await click({ action: 'claim' });
    await click({ action: 'ask', askText: '工場見学は可能ですか？ *至急* <確認>' });
    await click({ action: 'note', noteText: '来週訪問 & 見積もり' });
    await click({ action: 'close', outcome: '' });
    await click({ action: 'plan_docx' });
    await h.post(invokeActivity(h.standin.url, PM_A, 'adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'handoff', data: { action: 'close', handoffId, outcome: 'applied' } } }));
    expect((await h.env.services.handoffs.getHandoff(handoffId))?.status).toBe('closed');
    const cards = h.standin.cards();
    expect(cards.length).toBeGreaterThan(150);
    expect(allTeamsCardProblems(cards)).toEqual([]);
  });
});
