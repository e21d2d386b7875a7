import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, KANTO_CHANNEL, type SlackHarness } from '../support/slack-harness.js';
import { completeSlackIntake } from '../support/slack-complete-intake.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { blockActions, slashCommand, slackEncode, viewSubmission } from '../support/slack-requests.js';

/** Typed by a person: every character Slack encodes, every mrkdwn mark, a would-be @channel. */
const TYPED = 'A&B <新方式> *x* <!channel> _y_ `z` 〒100-0001';
/** What a Slack client shows for mrkdwn or a `text` fallback: the three entities decoded once. */
const shown = (mrkdwn: string) => mrkdwn.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const mrkdwnOf = (blocks: unknown): string[] => JSON.stringify(blocks ?? []).match(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/g)?.map((m) => JSON.parse(`{${m}}`).text as string) ?? [];

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

describe('Slack: what a person types arrives intact and is shown once', () => {
  it('stores the company name as typed and shows it as typed in the DM, the review, the office card, the PM thread and the plan, pinging no one', async () => {
    const { u } = await completeSlackIntake(h, 'UAMP', { ...batteryByPrompt, 'company.name': TYPED, 'theme.title': TYPED });
    const person = await h.env.services.repo.findPerson('slack', 'UAMP');
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    expect(intake?.state.answers['company.name']).toBe(TYPED);
    expect(intake?.state.answers['theme.title']).toBe(TYPED);

    // The answered question in the DM.
    const answered = u.dm().find((m) => mrkdwnOf(m.blocks).some((t) => shown(t).includes(`✔ ${TYPED}`)));
    expect(answered).toBeDefined();
    expect(shown(answered?.text ?? '')).toContain(`✔ ${TYPED}`);

    // The office card and its thread (the plan draft).
    const card = h.standin.messages(KANTO_CHANNEL).find((m) => !m.threadTs && shown(m.text ?? '').includes(TYPED));
    expect(card).toBeDefined();
    expect(card?.text).not.toContain('<!channel>');
    expect(mrkdwnOf(card?.blocks).some((t) => shown(t).includes(TYPED))).toBe(true);
    const thread = h.standin.messages(KANTO_CHANNEL).filter((m) => m.threadTs === card?.ts);
    expect(thread.some((m) => mrkdwnOf(m.blocks).some((t) => shown(t).includes(TYPED)))).toBe(true);

    // The plan's Markdown is the plan, not Slack's escaping of it; the Word file escapes XML once.
    const assessment = await h.env.services.handoffs.getAssessment(intake?.id ?? '');
    expect(assessment?.planJa).toContain(TYPED);
    expect(assessment?.planJa).not.toContain('&amp;');
    const upload = h.standin.uploads().find((f) => f.threadTs === card?.ts);
    const xml = (await (await JSZip.loadAsync(upload?.content ?? Buffer.alloc(0))).file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('A&amp;B &lt;新方式&gt;');
    expect(xml).not.toContain('&amp;amp;');

    // Nothing the bot sent anywhere is escaped twice, and no `text` carries a live control sequence.
    for (const c of h.standin.calls().filter((x) => x.method.startsWith('chat.'))) {
      const json = JSON.stringify(c.args);
      expect(json).not.toMatch(/&amp;(amp|lt|gt);/);
      expect(String(c.args.text ?? '')).not.toMatch(/<[!@#]|<https?:/);
    }
  });

  it('decodes slash command text and a PM\'s modal text once', async () => {
    const remind = await h.post(slashCommand({ user: 'UPMA', channelId: 'CGENERAL', text: `remind UAMP 明日 10時 ${TYPED}` }));
    expect(remind.status).toBe(200);
    await h.standin.waitForCalls('response_url', 1, 5000);
    const reminders = await h.env.services.reminders.list();
    expect(JSON.stringify(reminders)).toContain(JSON.stringify(TYPED).slice(1, -1));
    expect(JSON.stringify(reminders)).not.toContain('&amp;');

    const card = h.standin.messages(KANTO_CHANNEL).find((m) => !m.threadTs && shown(m.text ?? '').includes(TYPED));
    const handoffId = JSON.stringify(card?.blocks).match(/"value":"(ho_[0-9a-z]+)"/)?.[1] ?? '';
    await h.post(blockActions({ user: 'UPMA', channel: KANTO_CHANNEL, message: { ts: card?.ts ?? '', channel: KANTO_CHANNEL }, actions: [{ action_id: 'ho_claim', block_id: 'x', type: 'button', value: handoffId }] }));
    const before = h.standin.messages('DUAMP').length;
    const asked = () => h.standin.messages('DUAMP').slice(before).filter((m) => mrkdwnOf(m.blocks).some((t) => shown(t).includes(TYPED)));
    await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_ask', privateMetadata: handoffId, values: { text: { value: { type: 'plain_text_input', value: slackEncode(TYPED) } } } }));
    for (let i = 0; i < 150 && asked().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(asked()).toHaveLength(1);
    expect(JSON.stringify(h.standin.messages('DUAMP').slice(before))).not.toMatch(/&amp;(amp|lt|gt);/);
  });
});
