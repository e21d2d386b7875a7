import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/app/notify.js';
import { closeCheckingCards, startTeamsHarness, KANTO_TEAMS_CHANNEL, PM_A, PM_B, testRetryPolicy, type TeamsHarness } from '../support/teams-harness.js';
import { cardOf, dataOf, submitsOf, teamsUser, textsOf, walk } from '../support/teams-user.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { channelSubmitActivity, invokeActivity, messageActivity, personalConversation, type TeamsPerson } from '../support/teams-activities.js';
import JSZip from 'jszip';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(() => closeCheckingCards(h));

const person = (n: number): TeamsPerson => ({ aad: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `SME ${n}`, locale: 'ja-JP' });

async function answerUntil(p: TeamsPerson, answers: Record<string, string | string[]>, stopBefore?: string) {
  const u = teamsUser(h, p);
  await u.say('start');
  for (let i = 0; i < 80; i++) {
    const { promptId } = u.current();
    if (!promptId || promptId === stopBefore) break;
    await u.answer(promptId.endsWith('#more') ? 'no' : (answers[promptId] ?? 'no'));
  }
  return u;
}

const complete = (p: TeamsPerson, company: string) => answerUntil(p, { ...batteryByPrompt, 'company.name': company });

function cardFor(company: string) {
  const post = h.standin.activities(KANTO_TEAMS_CHANNEL).find((a) => !a.replyToId && textsOf(cardOf(a.activity)).join('\n').includes(company));
  if (!post) throw new Error(`no card for ${company}`);
  const handoffId = submitsOf(cardOf(post.activity)).map((a) => dataOf(a).handoffId).find((x): x is string => typeof x === 'string') ?? '';
  return { post, handoffId, now: () => h.standin.activities(KANTO_TEAMS_CHANNEL).find((a) => a.id === post.id) };
}

const thread = (cardId: string) => h.standin.activities().filter((a) => a.replyToId === cardId).flatMap((a) => textsOf(cardOf(a.activity)));
const click = (pm: TeamsPerson, cardId: string, value: Record<string, unknown>) => h.post(channelSubmitActivity(h.standin.url, pm, KANTO_TEAMS_CHANNEL, cardId, value));

describe('Teams: project managers and the handoff card', () => {
  it('lets one of two PMs clicking Claim at once win; the card is updated once and the other is told in the thread who has it', async () => {
    const u = await complete(person(1), '株式会社クレーム競争');
    const { post, handoffId, now } = cardFor('クレーム競争');
    expect(post.conversationId).toBe(KANTO_TEAMS_CHANNEL);
    const [a, b] = await Promise.all([
      click(PM_A, post.id, { renkei: 'handoff', action: 'claim', handoffId }),
      click(PM_B, post.id, { renkei: 'handoff', action: 'claim', handoffId }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.teams.idle();
    expect(now()?.updates).toBe(1);
    expect(thread(post.id).some((t) => /関東 (第二)?PMさんが担当しています/.test(t))).toBe(true);
    expect(submitsOf(cardOf(now()?.activity ?? {})).map((x) => dataOf(x).action)).not.toContain('claim');
    expect((await h.env.services.handoffs.getHandoff(handoffId))?.status).toBe('claimed');
    // The company heard who took it, proactively in its own chat.
    expect(u.lastText()).toMatch(/関東 (第二)?PMさんが、ご相談の担当になりました/);
  });

  it("relays a PM question to the company's chat and the reply back to the card's thread and to the PM, in a chat the bot opens", async () => {
    const u = await complete(person(2), '株式会社質問リレー');
    const { post, handoffId } = cardFor('質問リレー');
    await click(PM_A, post.id, { renkei: 'handoff', action: 'claim', handoffId });
    // An empty question is refused in the thread; nothing reaches the company.
    const before = u.posted().length;
    await click(PM_A, post.id, { renkei: 'handoff', action: 'ask', handoffId, askText: '  ' });
    expect(thread(post.id).some((t) => t.includes('本文が空です'))).toBe(true);
    expect(u.posted().length).toBe(before);
    await click(PM_A, post.id, { renkei: 'handoff', action: 'ask', handoffId, askText: '工場見学はできますか？' });
    expect(u.lastText()).toContain('工場見学はできますか？');
    expect(thread(post.id).some((t) => t.includes('関東 PM からの質問: 工場見学はできますか？'))).toBe(true);

    await u.say('はい、いつでもどうぞ');
    expect(thread(post.id).some((t) => t.includes('企業からの回答: はい、いつでもどうぞ'))).toBe(true);
    // PM_A never wrote to the bot: it opened their personal chat (POST /v3/conversations) and remembered it.
    const created = h.standin.calls('create');
    expect(created.at(-1)?.body).toMatchObject({ isGroup: false, members: [{ id: PM_A.aad }], tenantId: expect.any(String) });
    const pmChat = h.standin.activities().filter((a) => a.conversationId.startsWith('a:created-'));
    expect(pmChat.flatMap((a) => textsOf(cardOf(a.activity))).join('\n')).toContain('はい、いつでもどうぞ');
    expect(await h.env.services.channelMessages.get('teams_ref', 'pm-kanto', 'teams')).toMatchObject({ conversation: { id: expect.stringMatching(/^a:created-/) } });

    await click(PM_A, post.id, { renkei: 'handoff', action: 'note', handoffId, noteText: '来週訪問予定' });
    expect(thread(post.id).some((t) => t.includes('メモを追加しました'))).toBe(true);
    await click(PM_A, post.id, { renkei: 'handoff', action: 'close', handoffId, outcome: '' });
    expect((await h.env.services.handoffs.getHandoff(handoffId))?.status).toBe('claimed');
    await click(PM_A, post.id, { renkei: 'handoff', action: 'close', handoffId, outcome: 'applied' });
    expect((await h.env.services.handoffs.getHandoff(handoffId))?.status).toBe('closed');
    const closed = cardFor('質問リレー').now();
    // Closed: nothing left to act on, but the plan's Word file stays downloadable for the office's records.
    expect(walk(cardOf(closed?.activity ?? {})).filter((e) => e.type.startsWith('Action.')).map((e) => dataOf(e).action)).toEqual(['plan_docx']);
  });

  it('sends a notice to a PM at the chat stored when they wrote to the bot', async () => {
    const pmChat = personalConversation(PM_B);
    await h.post(messageActivity(h.standin.url, PM_B, 'こんにちは'));
    expect(await h.env.services.channelMessages.get('teams_ref', 'pm-kanto-2', 'teams')).toMatchObject({ conversation: { id: pmChat } });
    const before = h.standin.activities(pmChat).length;
    await notify(h.env.services, { kind: 'pm', pmId: 'pm-kanto-2' }, { kind: 'handoff_assigned', key: 'handoff.notice.assigned', params: { handoff: 'ho_test' } });
    const after = h.standin.activities(pmChat).slice(before);
    expect(after.flatMap((a) => textsOf(cardOf(a.activity))).join('\n')).toContain('ho_test');
    expect(await h.env.services.inbox.unread({ kind: 'pm', pmId: 'pm-kanto-2' })).toEqual([]);
  });

  it('lets office staff set a reminder with the "remind" bot command, and explains a time it cannot read', async () => {
    const pmChat = personalConversation(PM_B);
    const before = h.standin.activities(pmChat).length;
    await h.post(messageActivity(h.standin.url, PM_B, 'remind pm-kanto 来週月曜 10時 銀行に電話'));
    await h.post(messageActivity(h.standin.url, PM_B, 'remind pm-kanto そのうち 銀行に電話'));
    await h.teams.idle();
    const texts = h.standin.activities(pmChat).slice(before).flatMap((a) => textsOf(cardOf(a.activity))).join('\n');
    expect(texts).toMatch(/リマインダー rm_[0-9a-z]+ を .* に設定しました/);
    expect(texts).toContain('日時として読み取れませんでした');
    const pending = await h.env.services.reminders.list({ status: 'pending' });
    expect(pending.filter((r) => r.kind === 'staff' && r.recipient === 'pm:pm-kanto')).toHaveLength(1);
  });

  it('refuses card actions from people who are not office staff', async () => {
    await complete(person(3), '株式会社部外者');
    const { post, handoffId } = cardFor('部外者');
    const outsider: TeamsPerson = { aad: '30000000-0000-4000-8000-000000000001', name: 'Outsider', locale: 'ja-JP' };
    await click(outsider, post.id, { renkei: 'handoff', action: 'claim', handoffId });
    expect(thread(post.id).some((t) => t.includes('事務局の担当者だけ'))).toBe(true);
    expect((await h.env.services.handoffs.getHandoff(handoffId))?.status).toBe('open');
    // The same policy as Slack and the terminal, and the refusal is on the audit log.
    const refusal = (await h.env.services.audit.list({ actor: 'sme:unknown' })).find((e) => e.handoffId === handoffId);
    expect(refusal).toMatchObject({ action: 'handoff.act', outcome: 'denied', channel: 'teams', detail: 'access.not_staff' });
  });
});

describe('Teams: the plan as a Word file', () => {
  it("offers the PM the plan's .docx in their personal chat with a file consent card, uploads it on Allow and posts the file card", async () => {
    await complete(person(5), '株式会社ワード出力');
    const { post, handoffId } = cardFor('ワード出力');
    await click(PM_A, post.id, { renkei: 'handoff', action: 'plan_docx', handoffId });
    expect(thread(post.id).some((t) => t.includes('個人チャットでお送りしました'))).toBe(true);
    const consent = h.standin
      .activities()
      .flatMap((a) => (Array.isArray(a.activity.attachments) ? (a.activity.attachments as Record<string, unknown>[]).map((x) => ({ at: a, x })) : []))
      .find(({ x }) => x.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    expect(consent?.at.conversationId).toMatch(/^a:created-|^a:1personal-/);
    const name = String(consent?.x.name);
    expect(name).toMatch(/^in_[a-z0-9]+\.ja\.docx$/);
    const content = consent?.x.content as { sizeInBytes: number; acceptContext: Record<string, unknown> };
    // PM_A clicks Allow: Teams creates the file in their OneDrive and sends the upload URL.
    const res = await h.post(
      invokeActivity(h.standin.url, PM_A, 'fileConsent/invoke', {
        type: 'fileUpload',
        action: 'accept',
        context: content.acceptContext,
        uploadInfo: { name, uploadUrl: h.standin.uploadUrl(name), contentUrl: `https://contoso-my.sharepoint.com/personal/pm/Documents/Applications/Renkei/${name}`, uniqueId: 'file-unique-1', fileType: 'docx' },
      }),
    );
    expect(res.status).toBe(200);
    const file = h.standin.uploaded(name);
    // Built again on Allow (access checked again): the same plan, its timestamps aside, so about the size offered.
    const bytes = file?.bytes.length ?? 0;
    expect(Math.abs(bytes - content.sizeInBytes)).toBeLessThan(64);
    expect(file?.contentRange).toBe(`bytes 0-${bytes - 1}/${bytes}`);
    const xml = await (await JSZip.loadAsync(file?.bytes ?? Buffer.alloc(0))).file('word/document.xml')?.async('string');
    expect(xml).toContain('株式会社ワード出力');
    const info = h.standin.activities(personalConversation(PM_A)).flatMap((a) => (Array.isArray(a.activity.attachments) ? (a.activity.attachments as Record<string, unknown>[]) : []));
    expect(info.at(-1)).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.info', name, content: { uniqueId: 'file-unique-1', fileType: 'docx' } });
    // The read is on the audit log, for the PM who asked.
    const intakeId = (await h.env.services.handoffs.getHandoff(handoffId))?.intakeId ?? '?';
    expect((await h.env.services.audit.list({ intakeId })).some((e) => e.detail === 'plan_docx' && e.actor === 'pm:pm-kanto' && e.channel === 'teams')).toBe(true);
  });

  it('refuses the file to someone who is not office staff, and says so when the PM declines', async () => {
    await complete(person(6), '株式会社ワード拒否');
    const { post, handoffId } = cardFor('ワード拒否');
    const outsider: TeamsPerson = { aad: '30000000-0000-4000-8000-000000000002', name: 'Outsider', locale: 'ja-JP' };
    await click(outsider, post.id, { renkei: 'handoff', action: 'plan_docx', handoffId });
    expect(thread(post.id).some((t) => t.includes('事務局'))).toBe(true);
    await h.post(invokeActivity(h.standin.url, PM_A, 'fileConsent/invoke', { type: 'fileUpload', action: 'decline', context: { renkei: 'plan_docx', handoffId, locale: 'ja' } }));
    const texts = h.standin.activities(personalConversation(PM_A)).flatMap((a) => textsOf(cardOf(a.activity)));
    expect(texts.at(-1)).toContain('取りやめました');
  });
});

describe('Teams: Connector errors', () => {
  it('retries a 429 after its Retry-After (capped) and delivers the message once', async () => {
    const u = await answerUntil(person(10), { 'company.name': 'レート制限株式会社' }, 'company.name');
    h.standin.failNext(1, { status: 429, retryAfter: 1 }, 'send');
    const sendsBefore = h.standin.calls('send').length;
    const started = Date.now();
    await u.answer('レート制限株式会社');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(u.current().promptId).toBe('company.prefecture');
    const sends = h.standin.calls('send').slice(sendsBefore);
    expect(sends.map((c) => c.status)).toEqual([429, 200]);
    expect(u.posted().filter((p) => textsOf(cardOf(p.activity)).some((t) => t.includes('都道府県')))).toHaveLength(1);
    expect(h.logs.some((l) => l.message === 'teams connector retry' && l.fields.status === 429)).toBe(true);
  });

  it('retries 412, 502 and 504', async () => {
    const u = await answerUntil(person(11), {}, 'company.name');
    h.standin.failNext(1, { status: 412 }, 'update');
    h.standin.failNext(1, { status: 502 }, 'send');
    h.standin.failNext(1, { status: 504 }, 'send');
    await u.answer('再試行株式会社');
    expect(u.current().promptId).toBe('company.prefecture');
    const nameCard = u.posted().find((p) => textsOf(cardOf(p.activity)).some((t) => t.includes('会社名')));
    expect(nameCard?.updates).toBe(1);
  });

  it('shrinks a card the Connector refuses as too large (413) and sends it once', async () => {
    const u = await answerUntil(person(12), {}, 'company.name');
    h.standin.failNext(1, { status: 413 }, 'send');
    const sendsBefore = h.standin.calls('send').length;
    await u.answer('大きすぎる株式会社');
    const sends = h.standin.calls('send').slice(sendsBefore);
    expect(sends.map((c) => c.status)).toEqual([413, 200]);
    expect(u.current().promptId).toBe('company.prefecture');
    expect(u.lastText()).toContain('Teams に収まるよう短くしました');
  });

  it('posts the next question even when the old card cannot be closed', async () => {
    const u = await answerUntil(person(14), {}, 'company.name');
    // A 500 is retried (a storm passes); one that outlasts every attempt must not hold up the next question.
    h.standin.failNext(testRetryPolicy.attempts, { status: 500 }, 'update');
    await u.answer('閉じられない株式会社');
    expect(u.current().promptId).toBe('company.prefecture');
    expect(h.logs.some((l) => l.message === 'teams could not close the previous question card' && l.fields.code === 'teams_http_500')).toBe(true);
  });

  it('keeps the answer when the reply cannot be delivered, logs it with the intake id and apologises once Teams answers again', async () => {
    const p = person(15);
    const u = await answerUntil(p, {}, 'company.name');
    h.standin.failNext(5, { status: 504 }, 'send');
    await u.answer('届かない返信株式会社');
    const stored = await h.env.services.repo.findPerson('teams', p.aad);
    const intake = await h.env.services.repo.latestIntake(stored?.id ?? '');
    expect(intake?.state.answers['company.name']).toBe('届かない返信株式会社');
    expect(h.logs.some((l) => l.message === 'teams handler failed' && l.fields.intakeId === intake?.id && l.fields.code === 'teams_http_504')).toBe(true);
    expect(u.lastText()).toContain('回答は保存されています');
    // The company carries on: the next message brings the current question back; the answered card keeps its answer.
    await u.say('再開');
    expect(u.current().promptId).toBe('company.prefecture');
    const nameCard = u.posted().find((x) => textsOf(cardOf(x.activity)).some((t) => t.includes('会社名')));
    expect(textsOf(cardOf(nameCard?.activity ?? {}))).toContain('✔ 届かない返信株式会社');
  });

  it('gives up after five attempts, logs the failure with the intake id and tells the office staff, keeping the handoff', async () => {
    const p = person(13);
    const u = await answerUntil(p, { ...batteryByPrompt, 'company.name': '株式会社届かないカード' }, 'consent.share_with_office');
    const before = h.standin.calls('send').filter((c) => c.conversationId === KANTO_TEAMS_CHANNEL).length;
    // The first sends after the last answer are the handoff card's: all five attempts fail.
    h.standin.failNext(5, { status: 502 }, 'send');
    await u.answer('yes');
    const cardSends = h.standin.calls('send').filter((c) => c.conversationId === KANTO_TEAMS_CHANNEL).slice(before);
    expect(cardSends.map((c) => c.status)).toEqual([502, 502, 502, 502, 502]);
    const stored = await h.env.services.repo.findPerson('teams', p.aad);
    const intake = await h.env.services.repo.latestIntake(stored?.id ?? '');
    const handoff = await h.env.services.handoffs.handoffForIntake(intake?.id ?? '');
    expect(handoff?.status).toBe('open');
    const staff = await h.env.services.inbox.list({ kind: 'office', officeId: 'kanto' });
    expect(staff.some((n) => n.key === 'handoff.notice.delivery_failed' && n.params.code === 'teams_http_502' && n.handoffId === handoff?.id)).toBe(true);
    expect(h.logs.some((l) => l.message === 'delivery failed' && l.fields.intakeId === intake?.id && l.fields.code === 'teams_http_502')).toBe(true);
    // The company's own conversation was not affected: the summary arrived.
    expect(u.lastText()).toContain('ご相談のまとめ');
  });
});
