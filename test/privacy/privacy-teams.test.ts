import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../support/harness.js';
import { runCli } from '../support/cli-process.js';
import { KANTO_TEAMS_CHANNEL, PM_A, closeCheckingCards, startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { cardOf, dataOf, submitsOf, teamsUser, textsOf } from '../support/teams-user.js';
import { channelSubmitActivity, personalConversation, type TeamsPerson } from '../support/teams-activities.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { expectAllPresent, markersFound, planFiles } from './privacy-support.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(() => closeCheckingCards(h));

const sme: TeamsPerson = { aad: '30000000-0000-4000-8000-0000000b33f7', name: 'チームズ秘匿三郎', locale: 'ja-JP' };
const m = {
  company: '株式会社チームズ秘匿研究所',
  contact: '秘匿 チームズ四郎',
  question: 'チームズ秘匿質問 量産の時期は',
  answer: 'チームズ秘匿回答 来年の春です',
};

const channelPosts = () => h.standin.activities(KANTO_TEAMS_CHANNEL);
const textOf = (a: { activity: Record<string, unknown> }) => textsOf(cardOf(a.activity)).join('\n');

describe('Teams: an admin deletes a company', () => {
  it('rewrites the handoff card in the office channel, deletes its thread replies and leaves nothing in the database', async () => {
    const u = teamsUser(h, sme);
    await u.say('start');
    const answers: Record<string, string | string[]> = { ...batteryByPrompt, 'company.name': m.company, 'contact.name': m.contact };
    for (let i = 0; i < 80; i++) {
      const { promptId } = u.current();
      if (!promptId) break;
      await u.answer(promptId.endsWith('#more') ? 'no' : (answers[promptId] ?? 'no'));
    }
    const card = channelPosts().find((a) => !a.replyToId && textOf(a).includes(m.company));
    if (!card) throw new Error('no handoff card');
    const handoffId = submitsOf(cardOf(card.activity)).map((a) => dataOf(a).handoffId).find((x): x is string => typeof x === 'string') ?? '';
    const click = (value: Record<string, unknown>) => h.post(channelSubmitActivity(h.standin.url, PM_A, KANTO_TEAMS_CHANNEL, card.id, value));
    await click({ renkei: 'handoff', action: 'claim', handoffId });
    await click({ renkei: 'handoff', action: 'ask', handoffId, askText: m.question });
    await u.say(m.answer);
    const thread = () => h.standin.activities().filter((a) => a.replyToId === card.id);
    const threadText = () => thread().map(textOf).join('\n');
    expect(threadText()).toContain(m.question);
    expect(threadText()).toContain(m.answer);
    expect(threadText()).toContain('事業計画（案）');

    const person = await h.env.services.repo.findPerson('teams', sme.aad);
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    const markers = [sme.aad, sme.name, personalConversation(sme), person?.id ?? '?', m.company, m.contact, m.question, m.answer];
    await expectAllPresent(h.env.database, markers);

    // The admin's command, in its own process, reaches Teams through the card's stored address.
    const r = await runCli(['privacy', 'delete', '--person', sme.aad, '--as', 'admin', '--lang', 'en'], {
      DATABASE_URL: h.env.url,
      RENKEI_PLANS_DIR: h.env.plansDir,
      RENKEI_TEAMS_LOCAL: 'true',
    });
    expect(r.stderr).not.toContain('renkei:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Deleted person ${person?.id ?? '?'}: 1 intake(s), 1 handoff(s).`);

    const now = channelPosts().find((a) => a.id === card.id);
    expect(textOf(now ?? { activity: {} })).toContain(translator.t('ja', 'privacy.card.title'));
    expect(textOf(now ?? { activity: {} })).toContain(handoffId);
    expect(submitsOf(cardOf(now?.activity ?? {}))).toEqual([]);
    expect(thread()).toEqual([]);
    expect(h.standin.calls('delete').length).toBeGreaterThanOrEqual(3);
    const channelText = JSON.stringify(channelPosts());
    for (const marker of [m.company, m.contact, m.question, m.answer]) expect(channelText, marker).not.toContain(marker);
    expect(await markersFound(h.env.database, markers)).toEqual([]);
    expect(planFiles(h.env.plansDir, intake?.id ?? '?')).toEqual([]);
    expect((await h.env.services.audit.list({ intakeId: intake?.id ?? '?' })).find((a) => a.action === 'privacy.deleted')).toMatchObject({ actor: 'admin:admin', channel: 'local', handoffId });
  }, 180_000);
});
