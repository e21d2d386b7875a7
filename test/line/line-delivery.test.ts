import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminderSweep } from '../../src/app/run-reminder-sweep.js';
import { Dispatcher } from '../../src/scheduler/dispatcher.js';
import { startLineHarness, type LineHarness } from '../support/line-harness.js';
import { lineUser, textOf } from '../support/line-user.js';

let h: LineHarness;
beforeAll(async () => {
  h = await startLineHarness();
});
afterAll(async () => {
  const problems = h.standin.problems();
  await h.close();
  expect(problems).toEqual([]);
});

describe('LINE delivery', () => {
  it('sends the first five messages of a turn with the reply token and the rest as one push', async () => {
    const userId = 'U00000000000000000000000000d0001';
    const token = h.standin.issueReplyToken(userId);
    const messages = Array.from({ length: 7 }, (_, i) => ({ type: 'text' as const, text: `message ${i + 1}` }));
    await h.line.sender.send({ userId, replyToken: token, eventTime: Date.now() }, messages);
    const calls = h.standin.calls().filter((c) => c.to === userId);
    expect(calls.map((c) => `${c.operation} ${c.status} ${c.messages.length}`)).toEqual(['reply 200 5', 'push 200 2']);
    expect(h.standin.delivered(userId).map(textOf)).toEqual(messages.map((m) => m.text));
  });

  it('gives up on a push after its attempts, with a code the dispatcher retries on', async () => {
    const userId = 'U00000000000000000000000000d0002';
    h.standin.failPushes(5, 503);
    await expect(h.line.sender.push(userId, [{ type: 'text', text: 'x' }])).rejects.toMatchObject({ code: 'line_http_503', attempts: 5 });
    expect(h.standin.delivered(userId)).toEqual([]);
  });

  it('nudges a company that stopped halfway, in its LINE chat, once per step, and not after it asks to stop', async () => {
    const userId = 'U00000000000000000000000000d0003';
    h.standin.setProfile(userId, { displayName: '止まった', language: 'ja' });
    const u = lineUser(h, userId);
    await u.follow();
    await u.say('株式会社止まった工業');
    const dispatcher = new Dispatcher(() => h.env.services, 'line-nudge');
    await runReminderSweep(h.env.services);
    const [nudge] = await h.env.services.reminders.list({ status: 'pending', kinds: ['sme_stalled'] });
    expect(nudge).toBeDefined();
    h.env.clock.advance((nudge?.dueAt.getTime() ?? 0) - h.env.clock.now().getTime() + 1000);
    await dispatcher.drain();
    await dispatcher.drain();
    const pushes = h.standin.calls('push').filter((c) => c.to === userId && c.status === 200);
    expect(pushes).toHaveLength(1);
    expect(textOf(pushes[0]?.messages[0] ?? {})).toContain('回答が途中のまま');
    await u.say('通知停止');
    await runReminderSweep(h.env.services);
    expect(await h.env.services.reminders.list({ status: 'pending', kinds: ['sme_stalled'] })).toEqual([]);
  });
});
