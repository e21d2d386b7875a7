import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slashCommand } from '../support/slack-requests.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

const APOLOGY = /問題が起き|something went wrong/;

describe('Slack: replies where the person is', () => {
  it('/renkei in a channel the bot is not in answers through the response_url, and chat.postEphemeral is not needed', async () => {
    // Were the bot to post an ephemeral there, Slack would refuse it.
    h.standin.failNext('chat.postEphemeral', 5, { kind: 'error', error: 'channel_not_found' });
    const before = h.standin.calls('response_url').length;
    expect((await h.post(slashCommand({ user: 'UOUT', text: 'help', channelId: 'CNOTIN' }))).status).toBe(200);
    const replies = await h.standin.waitForCalls('response_url', before + 1, 5000);
    expect(replies[replies.length - 1]?.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/renkei start') });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.standin.messages('DUOUT')).toHaveLength(0);
  });

  it('/renkei start there opens the DM, points to it where the command was typed and apologises for nothing', async () => {
    const before = h.standin.calls('response_url').length;
    expect((await h.post(slashCommand({ user: 'UOUT2', text: 'start', channelId: 'CNOTIN' }))).status).toBe(200);
    const replies = await h.standin.waitForCalls('response_url', before + 1, 5000);
    expect(String(replies[replies.length - 1]?.args.text)).toContain('DM');
    await new Promise((r) => setTimeout(r, 300));
    const dm = h.standin.messages('DUOUT2').map((m) => m.text ?? '').join('\n');
    expect(dm).toContain('会社');
    expect(dm).not.toMatch(APOLOGY);
  });

  it('falls back to the DM only when the response_url fails', async () => {
    h.standin.failNext('response_url', 1, { kind: 'http', status: 404 });
    expect((await h.post(slashCommand({ user: 'UOUT3', text: 'status', channelId: 'CNOTIN' }))).status).toBe(200);
    for (let i = 0; i < 100 && h.standin.messages('DUOUT3').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const dm = h.standin.messages('DUOUT3').map((m) => m.text ?? '');
    expect(dm).toHaveLength(1);
    expect(dm[0]).toContain('まだご相談は始まっていません');
    expect(dm[0]).not.toMatch(APOLOGY);
  });
});
