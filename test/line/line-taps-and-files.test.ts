import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLineHarness, type LineHarness } from '../support/line-harness.js';
import { lineUser, textOf } from '../support/line-user.js';
import { imageEvent, postbackEvent, stickerEvent } from '../support/line-webhook.js';

let h: LineHarness;
beforeAll(async () => {
  h = await startLineHarness();
});
afterAll(async () => {
  await h.close();
});

let uid = 0;
const newUserId = () => `U${(++uid).toString(16).padStart(8, '0')}${'15abcd'.repeat(4)}`.slice(0, 33);

async function history(userId: string) {
  const person = await h.env.services.repo.findPerson('line', userId);
  const intake = person ? await h.env.services.repo.latestIntake(person.id) : null;
  return { intake, answers: await h.env.services.repo.answerHistory(intake?.id ?? '') };
}

describe('LINE: one tap, one effect; pictures, stickers and files get a polite reply', () => {
  it('two identical taps (one webhook with both, and two webhooks 15 ms apart): one answer, one next question', async () => {
    const userId = newUserId();
    const u = lineUser(h, userId);
    await u.follow();
    await u.say('二度タップ株式会社');
    await u.say('愛知');
    const button = u.buttons().find((b) => b.fields.v === 'manufacturing');
    expect(button).toBeDefined();
    const before = u.messages().length;
    const tap = () => postbackEvent(userId, button?.data ?? '', h.standin.issueReplyToken(userId));
    expect((await h.post([tap(), tap()])).status).toBe(200);
    expect(u.messages().length - before).toBe(1);
    expect(u.transcript()).not.toContain('前のメッセージのもの');
    const capital = u.buttons().find((b) => b.fields.k === 'a' && b.fields.v === 'unknown');
    const again = () => postbackEvent(userId, capital?.data ?? '', h.standin.issueReplyToken(userId));
    const middle = u.messages().length;
    const [a, b] = await Promise.all([h.post([again()]), new Promise((r) => setTimeout(r, 15)).then(() => h.post([again()]))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(u.messages().length - middle).toBe(1);
    const { answers } = await history(userId);
    expect(answers.filter((r) => r.questionId === 'company.industry')).toHaveLength(1);
    expect(answers.filter((r) => r.questionId === 'company.capital_yen')).toHaveLength(1);
  });

  it('a sticker, a photo or a file: "I can read text only", nothing stored, the question kept', async () => {
    const userId = newUserId();
    const u = lineUser(h, userId);
    await u.follow();
    const file = { ...imageEvent(userId, h.standin.issueReplyToken(userId)) };
    const message = { id: String(Date.now()), type: 'file', fileName: '会社案内.pdf', fileSize: 2048 };
    for (const event of [stickerEvent(userId, h.standin.issueReplyToken(userId)), imageEvent(userId, h.standin.issueReplyToken(userId)), { ...file, message }]) {
      const before = u.messages().length;
      expect((await h.post([event])).status).toBe(200);
      expect(u.messages().length - before).toBe(1);
      expect(textOf(u.last() ?? {})).toContain('画像・スタンプ・ファイルなどは読み取れません');
    }
    const { intake, answers } = await history(userId);
    expect(answers).toEqual([]);
    expect(intake?.state.answers).toEqual({});
    expect((await u.prompt())?.promptId).toBe('company.name');
  });
});
