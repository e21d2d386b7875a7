import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { messageIm } from '../support/slack-requests.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

describe('Slack: the request time window holds both ways', () => {
  it('refuses a request dated 10 minutes in the future with 401 and accepts one 4 minutes ahead', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Bolt's own auth.test at start-up is not a reply to anything.
    const replies = () => h.standin.calls().filter((c) => c.method !== 'auth.test').length;
    const before = replies();
    const future = await h.post(messageIm({ user: 'UFUTURE', text: 'hi' }), { timestampSeconds: now + 10 * 60 });
    expect(future.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(replies()).toBe(before);
    expect(await h.env.services.repo.findPerson('slack', 'UFUTURE')).toBeNull();
    const soon = await h.post(messageIm({ user: 'UFUTURE', text: 'hi' }), { timestampSeconds: now + 4 * 60 });
    expect(soon.status).toBe(200);
    for (let i = 0; i < 100 && h.standin.messages('DUFUTURE').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.standin.messages('DUFUTURE').length).toBeGreaterThan(0);
  });
});
