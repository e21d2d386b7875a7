import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { teamsUser } from '../support/teams-user.js';
import type { TeamsPerson } from '../support/teams-activities.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});

const person: TeamsPerson = { aad: '15500000-0000-4000-8000-000000000001', name: 'Cap', locale: 'ja-JP' };
const partnerField: Record<string, string> = { function: 'design', kind: 'sme', prefecture: '愛知', relationship: 'new', status: 'idea' };

async function partners(): Promise<number> {
  const who = await h.env.services.repo.findPerson('teams', person.aad);
  const intake = await h.env.services.repo.latestIntake(who?.id ?? '');
  const v = intake?.state.answers.partners;
  return Array.isArray(v) ? v.length : 0;
}

describe('Teams: the 10-partner cap, through /api/messages', () => {
  it('"back" after a full group of 10, then "yes, another", stores no 11th partner', async () => {
    const u = teamsUser(h, person);
    await u.say('start');
    for (let i = 0; i < 120; i++) {
      const { promptId } = u.current();
      if (!promptId || promptId === 'agreement.status') break;
      const field = /^partners#(\d+)\.(\w+)$/.exec(promptId);
      if (field) await u.answer(field[2] === 'name' ? `パートナー${field[1]}` : (partnerField[field[2] ?? ''] ?? 'unknown'));
      else if (promptId === 'partners#more') await u.answer('yes');
      else await u.answer(batteryByPrompt[promptId] ?? 'unknown');
    }
    expect(u.current().promptId).toBe('agreement.status');
    expect(await partners()).toBe(10);
    await u.press('back');
    expect(u.current().promptId).toBe('partners#more');
    await u.answer('yes');
    expect(u.lastText()).toContain('登録できるのは10件までです');
    expect(u.current().promptId).toBe('agreement.status');
    // Typed "edit" onto the group, then yes again: still ten.
    const n = h.env.services.questionnaires.latest.questions.findIndex((q) => q.id === 'partners') + 1;
    await u.say(`修正 ${n}`);
    expect(u.current().promptId).toBe('partners#more');
    await u.answer('yes');
    expect(u.current().promptId).toBe('agreement.status');
    expect(await partners()).toBe(10);
  });
});
