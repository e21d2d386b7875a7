import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, KANTO_CHANNEL, type SlackHarness } from '../../support/slack-harness.js';
import { completeSlackIntake } from '../../support/slack-complete-intake.js';
import { slackUser } from '../../support/slack-user.js';
import { appHomeOpened, blockActions, slashCommand, slackEncode, viewSubmission } from '../../support/slack-requests.js';
import { batteryByPrompt } from '../../fixtures/battery-by-prompt.js';
import { checkedSurfaces, recordedCallProblems } from './slack-payload-check.js';

/**
 * Slack's view of the whole app: two consultations (Japanese, English) with text that tests
 * the escaping, the PM's side of the handoff, App Home and the slash command, driven through
 * the real Bolt endpoint; then every surface the bot sent is held to the conformance check.
 */
const TYPED = 'A&B <新方式> *x* <!channel> _y_ `z` 〒100-0001';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

const waitFor = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
};

describe('Slack conformance: everything the bot sends in a whole consultation', () => {
  it('drives Japanese and English consultations, the PM side and App Home, and every payload conforms', async () => {
    // Japanese, with buttons, a select, checkboxes, review, pause and resume on the way.
    const ja = await completeSlackIntake(h, 'UCONFJA', { ...batteryByPrompt, 'company.name': TYPED, 'strengths.summary': `${TYPED}\n> <@U999>` });
    expect(ja.seen).toContain('partners#2.status');

    // English, typed the way a person types.
    h.standin.setUserLocale('UCONFEN', 'en-US');
    const answers = JSON.parse(readFileSync(new URL('../../fixtures/answers/idea-en.json', import.meta.url), 'utf8')) as Record<string, string>;
    const en = slackUser(h, 'UCONFEN');
    await en.say('hello');
    await en.press('cmd_review');
    await en.press('cmd_pause');
    await en.say('resume');
    for (let i = 0; i < 80; i++) {
      const { promptId, blocks } = en.controls();
      if (!promptId) break;
      const typed = answers[promptId];
      if (typed !== undefined) await en.say(promptId === 'company.name' ? `${TYPED} Ltd.` : typed);
      else if (promptId.endsWith('#more')) await en.answer('no');
      else if (blocks.some((b) => b.elements.some((e) => e.action_id === 'cmd_skip'))) await en.press('cmd_skip');
      else break;
    }
    const enPerson = await h.env.services.repo.findPerson('slack', 'UCONFEN');
    const enIntake = await h.env.services.repo.latestIntake(enPerson?.id ?? '');
    expect(enIntake?.status).toBe('completed');

    // The PM's side: the card, claim, a question through a modal, a note, closing with an outcome.
    const card = h.standin.messages(KANTO_CHANNEL).find((m) => !m.threadTs && (m.text ?? '').includes('A&amp;B'));
    const handoffId = JSON.stringify(card?.blocks).match(/"value":"(ho_[0-9a-z]+)"/)?.[1] ?? '';
    expect(handoffId).not.toBe('');
    const onCard = (action: string, triggerId?: string) =>
      h.post(blockActions({ user: 'UPMA', channel: KANTO_CHANNEL, ...(triggerId ? { triggerId } : {}), message: { ts: card?.ts ?? '', channel: KANTO_CHANNEL }, actions: [{ action_id: action, block_id: `card|${handoffId}`, type: 'button', value: handoffId }] }));
    await onCard('ho_claim');
    await onCard('ho_claim');
    await onCard('ho_ask', 'trig-ask');
    await h.standin.waitForCalls('views.open', 1);
    const before = ja.u.dm().length;
    await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_ask', privateMetadata: handoffId, values: { text: { value: { type: 'plain_text_input', value: slackEncode(`${TYPED}?`) } } } }));
    await waitFor(() => ja.u.dm().length > before + 1);
    await ja.u.say(`${TYPED} — はい`);
    await onCard('ho_note', 'trig-note');
    await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_note', privateMetadata: handoffId, values: { text: { value: { type: 'plain_text_input', value: slackEncode(TYPED) } } } }));
    await onCard('ho_close', 'trig-close');
    await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_close', privateMetadata: handoffId, values: { outcome: { value: { type: 'static_select', selected_option: { value: 'applied' } } } } }));

    // App Home for the company, a PM and another office's PM; the slash command in both languages.
    for (const user of ['UCONFJA', 'UCONFEN', 'UPMA', 'UKINKI']) await h.post(appHomeOpened({ user }));
    for (const text of ['help', 'status', 'handoffs', 'frobnicate', '確認', `remind UCONFJA 明日 10時 ${TYPED}`, 'reminders']) await h.post(slashCommand({ user: 'UPMA', text, channelId: 'CGENERAL' }));
    await h.post(slashCommand({ user: 'UCONFEN', text: 'status', channelId: 'CNOTIN' }));
    await waitFor(() => h.standin.calls('views.publish').length >= 4 && h.standin.calls('response_url').length >= 8);
    await new Promise((r) => setTimeout(r, 500));

    const calls = h.standin.calls();
    const methods = new Set(calls.map((c) => c.method));
    for (const m of ['chat.postMessage', 'chat.update', 'response_url', 'views.open', 'views.publish']) expect(methods).toContain(m);
    expect(checkedSurfaces(calls)).toBeGreaterThan(150);
    expect(recordedCallProblems(calls)).toEqual([]);
  });
});
