import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import { appHomeOpened, blockActions, messageIm, viewSubmission } from '../support/slack-requests.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

const photo = { id: 'F0PHOTO', name: 'IMG_0001.jpg', mimetype: 'image/jpeg', filetype: 'jpg', size: 123_456, url_private: 'https://files.slack.com/files-pri/T1-F0PHOTO/img_0001.jpg' };
const waitFor = async (ok: () => boolean) => {
  for (let i = 0; i < 150 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('Slack: the smaller things', () => {
  it('answers a file sent in the DM politely in Japanese, stores nothing and keeps the question open', async () => {
    const u = slackUser(h, 'UFILEJA');
    await u.say('start');
    await u.answer('ファイル株式会社');
    const person = await h.env.services.repo.findPerson('slack', 'UFILEJA');
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    const history = (await h.env.services.repo.answerHistory(intake?.id ?? '')).length;
    const before = u.dm().length;
    expect((await h.post(messageIm({ user: 'UFILEJA', text: '', subtype: 'file_share', files: [photo] }))).status).toBe(200);
    await waitFor(() => u.dm().length > before);
    await new Promise((r) => setTimeout(r, 200));
    const added = u.dm().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]?.text).toContain('文字のメッセージだけ');
    expect((await h.env.services.repo.answerHistory(intake?.id ?? '')).length).toBe(history);
    expect(u.controls().promptId).toBe('company.prefecture');
  });

  it('answers a file with a caption from someone who reads English in English', async () => {
    h.standin.setUserLocale('UFILEEN', 'en-US');
    const before = h.standin.messages('DUFILEEN').length;
    await h.post(messageIm({ user: 'UFILEEN', text: 'here is our brochure', subtype: 'file_share', files: [photo] }));
    await waitFor(() => h.standin.messages('DUFILEEN').length > before);
    expect(h.standin.messages('DUFILEEN').map((m) => m.text)).toEqual([expect.stringContaining('I can read text only')]);
    expect(await h.env.services.repo.findPerson('slack', 'UFILEEN')).toBeNull();
  });

  it('splits a long review into messages whose fallback texts differ', async () => {
    const u = slackUser(h, 'ULONG');
    await u.say('start');
    const long = (c: string) => `${c.repeat(60)}。`.repeat(60);
    const answers: Record<string, string | string[]> = { ...batteryByPrompt, 'theme.description': long('あ'), 'theme.novelty_detail': long('い'), 'theme.market': long('う'), 'strengths.summary': long('え') };
    for (let i = 0; i < 30 && u.controls().promptId !== 'strengths.ip'; i++) await u.answer(answers[u.controls().promptId ?? ''] ?? 'no');
    expect(u.controls().promptId).toBe('strengths.ip');
    const before = u.dm().length;
    await u.press('cmd_review');
    const review = u.dm().slice(before);
    expect(review.length).toBeGreaterThanOrEqual(2);
    const texts = review.map((m) => m.text ?? '');
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.every((t) => t.length > 0)).toBe(true);
  });

  it('puts a Resume button on the pause message; pressing it carries on once, and typing resume still works', async () => {
    const u = slackUser(h, 'UPAUSE');
    await u.say('start');
    await u.answer('中断株式会社');
    await u.press('cmd_pause');
    const paused = [...u.dm()].reverse().find((m) => JSON.stringify(m.blocks).includes('cmd_resume'));
    expect(paused).toBeDefined();
    const block = (paused?.blocks as { type: string; block_id?: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
    const press = () => h.post(blockActions({ user: 'UPAUSE', channel: u.channel, message: { ts: paused?.ts ?? '', channel: u.channel }, actions: [{ action_id: 'cmd_resume', block_id: block?.block_id ?? '', type: 'button', value: 'resume' }] }));
    const before = u.dm().length;
    await Promise.all([press(), press()]);
    await u.settle(before);
    await new Promise((r) => setTimeout(r, 300));
    expect(u.dm().slice(before).filter((m) => JSON.stringify(m.blocks).includes('都道府県'))).toHaveLength(1);
    expect(u.controls().promptId).toBe('company.prefecture');

    await u.press('cmd_pause');
    await u.say('再開');
    expect(u.controls().promptId).toBe('company.prefecture');
    const person = await h.env.services.repo.findPerson('slack', 'UPAUSE');
    expect((await h.env.services.repo.latestIntake(person?.id ?? ''))?.state.paused).toBe(false);
  });

  it('publishes App Home only when the Home tab is opened', async () => {
    const published = () => h.standin.calls('views.publish').filter((c) => c.args.user_id === 'UTABS').length;
    await h.post(appHomeOpened({ user: 'UTABS', tab: 'messages' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(published()).toBe(0);
    await h.post(appHomeOpened({ user: 'UTABS', tab: 'home' }));
    await waitFor(() => published() === 1);
    expect(published()).toBe(1);
  });

  it('resuming from App Home opens the DM once', async () => {
    const u = slackUser(h, 'UHOMER');
    await u.say('start');
    const opens = () => h.standin.calls('conversations.open').filter((c) => c.args.users === 'UHOMER').length;
    const before = opens();
    const shown = u.dm().length;
    await h.post(blockActions({ user: 'UHOMER', view: { id: 'VHOME1', type: 'home' }, actions: [{ action_id: 'home_resume', block_id: 'home', type: 'button', value: 'resume' }] }));
    await u.settle(shown);
    expect(u.dm().length).toBeGreaterThan(shown);
    expect(opens() - before).toBe(1);
  });

  it('names the outcomes in the close dialog\'s error instead of a placeholder', async () => {
    const res = await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_close', privateMetadata: 'ho_none', values: { outcome: { value: { type: 'static_select', selected_option: null } } } }));
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { outcome: expect.stringContaining('申請済み') } });
    expect(JSON.stringify(res.json)).not.toContain('{{');
  });
});
