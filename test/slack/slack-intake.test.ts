import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBlockKit } from '../../src/channels/slack/block-limits.js';
import { startSlackHarness, KANTO_CHANNEL, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import { completeSlackIntake } from '../support/slack-complete-intake.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { appHomeOpened, blockActions, messageIm, slashCommand, viewSubmission } from '../support/slack-requests.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  // Every Block Kit payload the bot produced in this file, checked against Slack's limits.
  const problems = h.standin
    .calls()
    .filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url', 'views.open', 'views.publish'].includes(c.method))
    .flatMap((c) => {
      const kind = c.method === 'views.open' ? 'modal' : c.method === 'views.publish' ? 'home' : 'message';
      const payload = kind === 'message' ? c.args : (c.args.view as Record<string, unknown>);
      return checkBlockKit(payload, kind).map((p) => `${c.method}: ${p}`);
    });
  await h.close();
  expect(problems).toEqual([]);
});


const completeIntake = (user: string, answers: Record<string, string | string[]>) => completeSlackIntake(h, user, answers);

describe('Slack: the intake in a DM', () => {
  it('runs a complete intake in Japanese with buttons, a select, checkboxes and typed answers, ending in a handoff card in the office channel', async () => {
    const { u, seen } = await completeIntake('USME1', batteryByPrompt);
    expect(seen).toContain('company.industry');
    expect(seen).toContain('partners#2.status');
    const last = u.lastText();
    expect(last).toContain('申請に向けた磨き上げの段階');
    // The industry question had more than five choices: it was a select, and once answered its message shows the answer without controls.
    const industry = u.dm().find((m) => m.text?.includes('主な業種'));
    expect(JSON.stringify(industry?.blocks)).toContain('✔ 製造業');
    expect(JSON.stringify(industry?.blocks)).not.toContain('"actions"');

    const card = h.standin.messages(KANTO_CHANNEL).find((m) => !m.threadTs);
    expect(card?.text).toContain('株式会社バッテリー再生工房');
    expect(JSON.stringify(card?.blocks)).toContain('ho_claim');
    const thread = h.standin.messages(KANTO_CHANNEL).filter((m) => m.threadTs === card?.ts);
    expect(thread.map((m) => m.text ?? '').join('\n')).toContain('事業計画（案）');
    // The plan as a Word file, uploaded with files.uploadV2 into the card's thread for the PM to download.
    const upload = h.standin.uploads().find((f) => f.threadTs === card?.ts);
    expect(upload).toMatchObject({ completed: true, channel: KANTO_CHANNEL, filename: expect.stringMatching(/^in_[a-z0-9]+\.ja\.docx$/) });
    const xml = await (await JSZip.loadAsync(upload?.content ?? Buffer.alloc(0))).file('word/document.xml')?.async('string');
    expect(xml).toContain('株式会社バッテリー再生工房');
    expect(xml?.match(/<w:tbl>/g)?.length).toBeGreaterThanOrEqual(1);
  });

  it('runs an intake in English when Slack says the person reads English', async () => {
    h.standin.setUserLocale('UENG', 'en-US');
    const u = slackUser(h, 'UENG');
    await u.say('hello');
    expect(u.lastText()).toContain("What is your company's registered name?");
    expect(u.lastText()).toContain('Company · 0 of about 29 questions answered (0%)');
    await u.answer('Sakura Foods');
    await u.answer('Kyoto');
    expect(u.controls().promptId).toBe('company.industry');
    await u.answer('retail');
    await u.press('cmd_lang');
    expect(u.lastText()).toContain('日本語でお聞きします');
    await u.press('cmd_lang');
    await u.press('cmd_review');
    expect(u.lastText()).toContain('Sakura Foods');
    await u.press('cmd_back');
    expect(u.controls().promptId).toBe('company.industry');
  });

  it('acts once on an event delivered twice (a Slack retry)', async () => {
    const u = slackUser(h, 'UDUP');
    await u.say('start');
    const before = h.standin.calls('chat.postMessage').length;
    const shown = u.dm().length;
    const payload = messageIm({ user: 'UDUP', text: '重複テスト株式会社', eventId: 'Ev-dup-1' });
    const [a, b] = await Promise.all([h.post(payload), h.post(payload, { retry: { num: 1, reason: 'http_timeout' } })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await u.settle(shown);
    await new Promise((r) => setTimeout(r, 300));
    const replies = h.standin.calls('chat.postMessage').slice(before).filter((c) => c.args.channel === u.channel);
    expect(replies).toHaveLength(1);
    const person = await h.env.services.repo.findPerson('slack', 'UDUP');
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    expect((await h.env.services.repo.answerHistory(intake?.id ?? '')).filter((r) => r.raw === '重複テスト株式会社')).toHaveLength(1);
  });

  it('acknowledges a click on an already answered question and does nothing else', async () => {
    const u = slackUser(h, 'USTALE');
    await u.say('start');
    for (const a of ['古いボタン株式会社', '愛知', 'manufacturing', '1000万', '10']) await u.answer(a);
    const old = u.controls();
    expect(old.promptId).toBe('company.deemed_large');
    await u.answer('no');
    const block = old.blocks.find((b) => b.block_id?.startsWith('ans|'));
    const yes = block?.elements.find((e) => e.value === 'yes');
    const shown = u.dm().length;
    const res = await h.post(blockActions({ user: 'USTALE', channel: u.channel, message: { ts: old.message?.ts ?? '', channel: u.channel }, actions: [{ action_id: yes?.action_id ?? '', block_id: block?.block_id ?? '', type: 'button', value: 'yes' }] }));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(u.dm()).toHaveLength(shown);
    expect(u.controls().promptId).toBe('theme.title');
    const person = await h.env.services.repo.findPerson('slack', 'USTALE');
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    expect(intake?.state.answers['company.deemed_large']).toBe('no');
  });

  it('escapes hostile answers: no @channel, no mentions, no disguised links', async () => {
    const u = slackUser(h, 'UEVIL');
    await u.say('start');
    // As Slack puts real mentions and links on the wire; what a person types arrives encoded instead.
    await u.sayWire('<!channel> <@U999> <https://evil.example|公式サイト> &amp; Co');
    await u.press('cmd_review');
    const text = u.lastText();
    expect(text).toContain('&lt;!channel&gt; &lt;@U999&gt; &lt;https://evil.example|公式サイト&gt; &amp; Co');
    expect(text).not.toContain('<!channel>');
  });

  it('refuses forged and stale signatures with 401 and does nothing', async () => {
    const before = h.standin.calls().length;
    const forged = await h.post(messageIm({ user: 'UFORGE', text: 'hi' }), { wrongSecret: true });
    const stale = await h.post(messageIm({ user: 'UFORGE', text: 'hi' }), { stale: true });
    const unsigned = await h.post(messageIm({ user: 'UFORGE', text: 'hi' }), { omitHeaders: ['signature'] });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.standin.calls().length).toBe(before);
    expect(await h.env.services.repo.findPerson('slack', 'UFORGE')).toBeNull();
  });

  it('ignores bot messages and payloads missing fields without crashing', async () => {
    const before = h.standin.calls('chat.postMessage').length;
    expect((await h.post(messageIm({ user: 'UBOTX', text: 'beep', botId: 'B123', subtype: 'bot_message' }))).status).toBe(200);
    expect((await h.post(blockActions({ user: 'UODD', actions: [] }))).status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.standin.calls('chat.postMessage').length).toBe(before);
  });

  it('retries a rate-limited reply and delivers it once', async () => {
    const u = slackUser(h, 'URATE');
    await u.say('start');
    h.standin.failNext('chat.postMessage', 1, { kind: 'ratelimited', retryAfterSeconds: 1 });
    await u.answer('レート制限株式会社');
    for (let i = 0; i < 100 && u.controls().promptId !== 'company.prefecture'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(u.controls().promptId).toBe('company.prefecture');
    const prompts = u.dm().filter((m) => m.text?.includes('都道府県'));
    expect(prompts).toHaveLength(1);
  });
});

describe('Slack: project managers', () => {
  it('lets one of two PMs clicking Claim at once win; the card is updated once and the other is told who has it', async () => {
    await completeIntake('USME2', { ...batteryByPrompt, 'company.name': '株式会社クレーム競争' });
    const card = h.standin.messages(KANTO_CHANNEL).filter((m) => !m.threadTs).find((m) => m.text?.includes('クレーム競争'));
    const blocks = (card?.blocks ?? []) as { type: string; block_id?: string; elements?: { action_id: string; value: string }[] }[];
    const actions = blocks.find((b) => b.type === 'actions');
    const claim = actions?.elements?.find((e) => e.action_id === 'ho_claim');
    expect(claim).toBeDefined();
    const updatesBefore = h.standin.calls('chat.update').filter((c) => c.args.ts === card?.ts).length;
    const click = (user: string) =>
      h.post(blockActions({ user, channel: KANTO_CHANNEL, message: { ts: card?.ts ?? '', channel: KANTO_CHANNEL }, actions: [{ action_id: 'ho_claim', block_id: actions?.block_id ?? '', type: 'button', value: claim?.value ?? '' }] }));
    await Promise.all([click('UPMA'), click('UPMB')]);
    await h.standin.waitForCalls('response_url', 1, 5000);
    await new Promise((r) => setTimeout(r, 300));
    const cardUpdates = h.standin.calls('chat.update').filter((c) => c.args.ts === card?.ts).length - updatesBefore;
    expect(cardUpdates).toBe(1);
    const told = h.standin.calls('response_url').map((c) => String(c.args.text));
    expect(told.some((t) => /関東 (第二)?PMさんが担当しています/.test(t))).toBe(true);
    const now = h.standin.messages(KANTO_CHANNEL).find((m) => m.ts === card?.ts);
    expect(JSON.stringify(now?.blocks)).not.toContain('ho_claim');
  });

  it('refuses a PM of another office who clicks Claim, and keeps the office\'s handoffs out of their App Home', async () => {
    await completeIntake('USMEX', { ...batteryByPrompt, 'company.name': '株式会社越境クレーム' });
    const card = h.standin.messages(KANTO_CHANNEL).filter((m) => !m.threadTs).find((m) => m.text?.includes('越境クレーム'));
    const handoffId = JSON.stringify(card?.blocks).match(/"value":"(ho_[0-9a-z]+)"/)?.[1] ?? '';
    const updatesBefore = h.standin.calls('chat.update').filter((c) => c.args.ts === card?.ts).length;
    const told = h.standin.calls('response_url').length;
    await h.post(blockActions({ user: 'UKINKI', channel: KANTO_CHANNEL, message: { ts: card?.ts ?? '', channel: KANTO_CHANNEL }, actions: [{ action_id: 'ho_claim', block_id: 'x', type: 'button', value: handoffId }] }));
    const refusals = await h.standin.waitForCalls('response_url', told + 1, 5000);
    expect(String(refusals[refusals.length - 1]?.args.text)).toContain('他の地域事務局');
    expect(h.standin.calls('chat.update').filter((c) => c.args.ts === card?.ts).length).toBe(updatesBefore);
    expect((await h.env.services.handoffs.getHandoff(handoffId))?.status).toBe('open');
    const audit = await h.env.services.audit.list({ actor: 'pm:pm-kinki' });
    expect(audit[0]).toMatchObject({ action: 'handoff.act', outcome: 'denied', channel: 'slack', handoffId, detail: 'access.other_office' });
    const published = h.standin.calls('views.publish').length;
    await h.post(appHomeOpened({ user: 'UKINKI' }));
    const views = await h.standin.waitForCalls('views.publish', published + 1, 5000);
    const home = JSON.stringify(views[views.length - 1]?.args.view);
    expect(home).toContain('近畿地域事務局');
    expect(home).not.toContain('越境クレーム');
  });

  it('relays a PM question from a modal to the company as a DM, and the reply back to the card\'s thread', async () => {
    const { u } = await completeIntake('USME3', { ...batteryByPrompt, 'company.name': '株式会社質問リレー' });
    const card = h.standin.messages(KANTO_CHANNEL).filter((m) => !m.threadTs).find((m) => m.text?.includes('質問リレー'));
    const handoffId = JSON.stringify(card?.blocks).match(/"value":"(ho_[0-9a-z]+)"/)?.[1] ?? '';
    await h.post(blockActions({ user: 'UPMA', channel: KANTO_CHANNEL, message: { ts: card?.ts ?? '', channel: KANTO_CHANNEL }, actions: [{ action_id: 'ho_claim', block_id: 'x', type: 'button', value: handoffId }] }));
    await h.post(blockActions({ user: 'UPMA', channel: KANTO_CHANNEL, triggerId: 'trig-1', message: { ts: card?.ts ?? '', channel: KANTO_CHANNEL }, actions: [{ action_id: 'ho_ask', block_id: 'x', type: 'button', value: handoffId }] }));
    const opened = await h.standin.waitForCalls('views.open', 1, 5000);
    expect(JSON.stringify(opened[opened.length - 1]?.args.view)).toContain('ho_modal_ask');
    // An empty question is refused next to the field.
    const empty = await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_ask', privateMetadata: handoffId, values: { text: { value: { type: 'plain_text_input', value: '  ' } } } }));
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { text: expect.any(String) } });
    const before = u.dm().length;
    await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_ask', privateMetadata: handoffId, values: { text: { value: { type: 'plain_text_input', value: '工場見学はできますか？' } } } }));
    await u.settle(before);
    expect(u.lastText()).toContain('工場見学はできますか？');
    await u.say('はい、いつでもどうぞ');
    for (let i = 0; i < 50 && !h.standin.messages(KANTO_CHANNEL).some((m) => m.threadTs === card?.ts && m.text?.includes('いつでもどうぞ')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(h.standin.messages(KANTO_CHANNEL).some((m) => m.threadTs === card?.ts && m.text?.includes('いつでもどうぞ'))).toBe(true);
  });

  it('surfaces a card that Slack refuses (channel_not_found) to the office staff, keeping the handoff', async () => {
    const u = slackUser(h, 'USME4');
    await u.say('start');
    // Fail the card, which is the first post to the office channel after the last answer.
    const answers: Record<string, string | string[]> = { ...batteryByPrompt, 'company.name': '株式会社届かないカード' };
    for (let i = 0; i < 80; i++) {
      const { promptId } = u.controls();
      if (!promptId) break;
      if (promptId === 'consent.share_with_office') h.standin.failNext('chat.postMessage', 1, { kind: 'error', error: 'channel_not_found' });
      await u.answer(promptId.endsWith('#more') ? 'no' : (answers[promptId] ?? 'no'));
      if (promptId === 'consent.share_with_office') break;
    }
    const person = await h.env.services.repo.findPerson('slack', 'USME4');
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    const handoff = await h.env.services.handoffs.handoffForIntake(intake?.id ?? '');
    expect(handoff?.status).toBe('open');
    const staff = await h.env.services.inbox.list({ kind: 'office', officeId: 'kanto' });
    expect(staff.some((n) => n.key === 'handoff.notice.delivery_failed' && n.params.code === 'channel_not_found' && n.handoffId === handoff?.id)).toBe(true);
    // The company still got its summary.
    expect(u.lastText()).toContain('ご相談のまとめ');
  });

  it('answers /renkei subcommands in both languages and shows help for unknown ones', async () => {
    const run = async (text: string, user = 'USLASH') => {
      const before = h.standin.calls('response_url').length;
      const res = await h.post(slashCommand({ user, text, channelId: 'CGENERAL' }));
      expect(res.status).toBe(200);
      const calls = await h.standin.waitForCalls('response_url', before + 1, 5000);
      return String(calls[calls.length - 1]?.args.text);
    };
    expect(await run('help')).toContain('/renkei start');
    expect(await run('frobnicate')).toContain('そのサブコマンドはありません');
    expect(await run('status')).toContain('まだご相談は始まっていません');
    expect(await run('開始')).toContain('DM');
    expect(h.standin.messages('DUSLASH').length).toBeGreaterThan(0);
    // Progress counts questions, as the prompts do, not sections (it stayed at 1/10 for a dozen questions).
    expect(await run('status')).toMatch(/約\d+問中 0問回答済み（0%）/);
    expect(await run('handoffs')).toContain('事務局の担当者だけ');
    expect(await run('handoffs', 'UPMA')).toContain('関東地域事務局');
    expect(await run('remind USME1 明日 10時 書類の確認', 'UPMA')).toContain('リマインダー');
  });

  it('publishes App Home by role: the company\'s progress, the PM\'s open handoffs', async () => {
    const published = h.standin.calls('views.publish').length;
    await h.post(appHomeOpened({ user: 'USME1' }));
    await h.post(appHomeOpened({ user: 'UPMA' }));
    const views = (await h.standin.waitForCalls('views.publish', published + 2, 5000)).slice(published);
    const forSme = views.find((c) => c.args.user_id === 'USME1');
    const forPm = views.find((c) => c.args.user_id === 'UPMA');
    expect(JSON.stringify(forSme?.args.view)).toContain('準備度');
    expect(JSON.stringify(forPm?.args.view)).toContain('関東地域事務局');
    expect(JSON.stringify(forPm?.args.view)).toContain('送れなかったリマインダー');
  });
});
