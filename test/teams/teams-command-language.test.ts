import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { teamsUser } from '../support/teams-user.js';
import type { TeamsPerson } from '../support/teams-activities.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});

/** A Teams client set to English. */
const person = (n: number): TeamsPerson => ({ aad: `15200000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Lang ${n}`, locale: 'en-US' });
const newText = (u: ReturnType<typeof teamsUser>, before: number) => u.posted().slice(before).map((p) => JSON.stringify(p.activity.attachments)).join('\n');

describe('Teams: a command typed in Japanese is answered in Japanese, whatever the client is set to', () => {
  it('「開始」 as the first message opens the consultation in Japanese', async () => {
    const u = teamsUser(h, person(1));
    await u.say('開始');
    expect(newText(u, 0)).toContain('こんにちは。新しい事業の連携');
    expect(newText(u, 0)).not.toContain('Hello.');
  });

  it('「確認」 as the first message, and 「確認」 in a chat that began in English', async () => {
    const first = teamsUser(h, person(2));
    await first.say('確認');
    expect(newText(first, 0)).toContain('こんにちは。');
    const u = teamsUser(h, person(3));
    await u.say('start');
    expect(newText(u, 0)).toContain('Hello.');
    await u.answer('Sakura Foods');
    const before = u.posted().length;
    await u.say('確認');
    expect(newText(u, before)).toContain('これまでのご回答');
    // And it stays Japanese for the next question.
    await u.answer('愛知');
    expect(newText(u, before)).toContain('業種');
  });

  it('English words change nothing for a Japanese reader, and an English reader stays in English', async () => {
    const u = teamsUser(h, person(4));
    await u.say('start');
    const before = u.posted().length;
    await u.say('review');
    expect(newText(u, before)).toContain('No answers yet');
    expect(newText(u, before)).not.toContain('まだ回答はありません');
    // Japanese typed as an answer, not as a command: still English.
    await u.answer('株式会社開始');
    expect(newText(u, before)).not.toContain('都道府県');
  });
});
