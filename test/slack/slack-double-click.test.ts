import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import { blockActions } from '../support/slack-requests.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

/** A person who has answered up to "deemed large?", a yes/no with buttons. */
async function atDeemedLarge(user: string) {
  const u = slackUser(h, user);
  await u.say('start');
  for (const a of ['二度押し株式会社', '愛知', 'manufacturing', '1000万', '10']) await u.answer(a);
  expect(u.controls().promptId).toBe('company.deemed_large');
  return u;
}

describe('Slack: one click, one effect', () => {
  for (const gapMs of [0, 15]) {
    it(`a double click ${gapMs} ms apart stores the answer once, asks the next question once and leaves the answered message as answered`, async () => {
      const user = `UDBL${gapMs}`;
      const u = await atDeemedLarge(user);
      const { message, blocks } = u.controls();
      const ans = blocks.find((b) => b.block_id?.startsWith('ans|'));
      const no = ans?.elements.find((e) => e.value === 'no');
      const press = () =>
        h.post(blockActions({ user, channel: u.channel, message: { ts: message?.ts ?? '', channel: u.channel }, actions: [{ action_id: no?.action_id ?? '', block_id: ans?.block_id ?? '', type: 'button', value: 'no', text: { type: 'plain_text', text: 'いいえ' } }] }));
      const before = u.dm().length;
      const first = press();
      await new Promise((r) => setTimeout(r, gapMs));
      const [a, b] = await Promise.all([first, press()]);
      expect([a.status, b.status]).toEqual([200, 200]);
      await u.settle(before);
      await new Promise((r) => setTimeout(r, 400));

      const added = u.dm().slice(before);
      expect(added).toHaveLength(1);
      expect(u.controls().promptId).toBe('theme.title');
      expect(u.lastText()).not.toContain('前のメッセージのもの');
      const answered = u.dm().find((m) => m.ts === message?.ts);
      expect(JSON.stringify(answered?.blocks)).toContain('✔ いいえ');
      expect(JSON.stringify(answered?.blocks)).not.toContain('✔ —');
      const person = await h.env.services.repo.findPerson('slack', user);
      const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
      expect((await h.env.services.repo.answerHistory(intake?.id ?? '')).filter((r) => r.questionId === 'company.deemed_large')).toHaveLength(1);
    });
  }

  it('a second press of "back" on the same message goes back once', async () => {
    const user = 'UDBLBACK';
    const u = await atDeemedLarge(user);
    const { message, blocks } = u.controls();
    const nav = blocks.find((b) => b.block_id?.startsWith('nav|'));
    const back = nav?.elements.find((e) => e.action_id === 'cmd_back');
    const press = () => h.post(blockActions({ user, channel: u.channel, message: { ts: message?.ts ?? '', channel: u.channel }, actions: [{ action_id: 'cmd_back', block_id: nav?.block_id ?? '', type: 'button', value: back?.value ?? 'back' }] }));
    const before = u.dm().length;
    await Promise.all([press(), press()]);
    await u.settle(before);
    await new Promise((r) => setTimeout(r, 400));
    expect(u.controls().promptId).toBe('company.employees');
    // The question left by "back" shows no answer rather than "✔ —".
    expect(JSON.stringify(u.dm().find((m) => m.ts === message?.ts)?.blocks)).not.toContain('✔');
  });
});
