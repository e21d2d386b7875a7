import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/app/simulate.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { translator } from '../support/harness.js';
import { runCli } from '../support/cli-process.js';
import { blockActions, KANTO_CHANNEL, SIGNING_SECRET, startSlackHarness, viewSubmission, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import type { StandinMessage } from '../support/slack-standin.js';
import { batteryFile, expectAllPresent, markersFound, planFiles } from './privacy-support.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

const office = () => h.standin.messages(KANTO_CHANNEL);
const cardOf = (company: string): StandinMessage => {
  const card = office().find((m) => !m.threadTs && m.text?.includes(company));
  if (!card) throw new Error(`no card for ${company}`);
  return card;
};
const handoffIdOf = (card: StandinMessage) => JSON.stringify(card.blocks).match(/"value":"(ho_[0-9a-z]+)"/)?.[1] ?? '';
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(check()).toBe(true);
};

async function completeInDm(user: string, answers: Record<string, string | string[]>) {
  const u = slackUser(h, user);
  await u.say('こんにちは');
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    const { promptId } = u.controls();
    if (!promptId || seen[seen.length - 1] === promptId) break;
    seen.push(promptId);
    const value = answers[promptId] ?? (promptId.endsWith('#more') ? 'no' : undefined);
    if (value === undefined) throw new Error(`no answer for ${promptId}`);
    await u.answer(promptId.endsWith('#more') && seen.filter((p) => p === promptId).length > 1 ? 'no' : value);
  }
  return u;
}

describe('Slack: a company deletes its data from its DM', () => {
  it('rewrites the handoff card to say so, removes the plan, question and answer from its thread, and leaves nothing in the database', async () => {
    const m = {
      user: 'USECRET7Q',
      company: '株式会社スラック秘匿工業',
      contact: '秘匿 スラック次郎',
      description: 'スラック秘匿説明 鉛蓄電池を三倍長持ちさせる',
      question: 'スラック秘匿質問 工場見学はできますか',
      answer: 'スラック秘匿回答 いつでもどうぞ',
    };
    const u = await completeInDm(m.user, { ...batteryByPrompt, 'company.name': m.company, 'contact.name': m.contact, 'theme.description': m.description });
    const card = cardOf(m.company);
    const handoffId = handoffIdOf(card);
    const inThread = () => office().filter((x) => x.threadTs === card.ts);
    await h.post(blockActions({ user: 'UPMA', channel: KANTO_CHANNEL, message: { ts: card.ts, channel: KANTO_CHANNEL }, actions: [{ action_id: 'ho_claim', block_id: 'x', type: 'button', value: handoffId }] }));
    await h.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_ask', privateMetadata: handoffId, values: { text: { value: { type: 'plain_text_input', value: m.question } } } }));
    await until(() => inThread().some((x) => x.text?.includes(m.question)));
    await u.say(m.answer);
    await until(() => inThread().some((x) => x.text?.includes(m.answer)));
    expect(inThread().map((x) => x.text ?? '').join('\n')).toContain('事業計画（案）');
    const person = await h.env.services.repo.findPerson('slack', m.user);
    const intake = await h.env.services.repo.latestIntake(person?.id ?? '');
    const markers = [m.user, `D${m.user}`, person?.id ?? '?', m.company, m.contact, m.description, m.question, m.answer];
    await expectAllPresent(h.env.database, markers);

    await u.say('データ削除');
    await u.say('はい');
    expect(u.lastText()).toContain('データをすべて削除しました');

    const now = office().find((x) => x.ts === card.ts);
    expect(now?.text).toBe(translator.t('ja', 'privacy.card.title'));
    expect(JSON.stringify(now?.blocks)).toContain(handoffId);
    expect(JSON.stringify(now?.blocks)).not.toContain('ho_claim');
    expect(inThread()).toEqual([]);
    // The plan's Word file in the thread is deleted too.
    const uploaded = h.standin.uploads().filter((f) => f.threadTs === card.ts).map((f) => f.fileId);
    expect(uploaded).toHaveLength(1);
    expect(h.standin.calls('files.delete').map((c) => c.args.file)).toEqual(uploaded);
    const channelText = JSON.stringify(office());
    for (const marker of [m.company, m.contact, m.description, m.question, m.answer]) expect(channelText, marker).not.toContain(marker);
    expect(await markersFound(h.env.database, markers)).toEqual([]);
    expect(planFiles(h.env.plansDir, intake?.id ?? '?')).toEqual([]);
    expect((await h.env.services.audit.list({ intakeId: intake?.id ?? '?' })).find((a) => a.action === 'privacy.deleted')).toMatchObject({ actor: 'sme:deleted', channel: 'slack', handoffId });
  }, 120_000);
});

describe('renkei privacy (the admin CLI) on the same database, with Slack configured', () => {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-privacy-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cliEnv = () => ({
    DATABASE_URL: h.env.url,
    RENKEI_PLANS_DIR: h.env.plansDir,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: h.standin.url,
  });
  let subject: { intakeId: string; handoffId: string; company: string; externalId: string };

  beforeAll(async () => {
    const company = '株式会社シーエルアイ秘匿商会';
    const externalId = 'cli-secret-subject';
    const result = await simulate(h.env.services, { ...batteryFile(), 'company.name': company }, { userId: externalId, locale: 'ja', render: (r) => renderText(translator, r) });
    const handoffId = result.handoff?.id ?? '';
    expect(await performHandoffAction(h.env.services, { channel: 'local', externalId: 'pm-kanto' }, handoffId, { kind: 'claim' })).toMatchObject({ ok: true });
    expect(cardOf(company).text).toContain(company);
    subject = { intakeId: result.intakeId ?? '', handoffId, company, externalId };
  }, 60_000);

  it('refuses PMs and unknown users with exit code 2 and a clear message, changing nothing', async () => {
    const attempts: [string, string[]][] = [
      ['pm-kanto', ['delete', '--person', subject.externalId]],
      ['pm-kanto', ['purge']],
      ['someone', ['delete', '--intake', subject.intakeId]],
    ];
    for (const [as, args] of attempts) {
      const r = await runCli(['privacy', ...args, '--as', as, '--lang', 'en'], cliEnv());
      expect(r.code, `${as} ${args.join(' ')}`).toBe(2);
      expect(r.stderr).toContain(`Only an administrator can delete, export or purge other people's data (${as} is not one)`);
      expect(r.stdout).toBe('');
    }
    expect(await h.env.services.repo.getIntake(subject.intakeId)).not.toBeNull();
    const denied = (await h.env.services.audit.list({ actor: 'pm:pm-kanto' })).filter((a) => a.outcome === 'denied').map((a) => a.action);
    expect(denied).toEqual(expect.arrayContaining(['privacy.delete', 'privacy.purge']));
    expect((await runCli(['privacy', 'delete', '--as', 'admin'], cliEnv())).code).toBe(2);
    expect((await runCli(['privacy', 'delete', '--person', 'nobody-at-all', '--as', 'admin', '--lang', 'en'], cliEnv())).stderr).toContain('Nothing found for nobody-at-all');
  }, 240_000);

  it('exports the person to a file, then deletes them by their platform id and rewrites the Slack card', async () => {
    const file = join(dir, 'export.json');
    const exported = await runCli(['privacy', 'export', '--person', subject.externalId, '--out', file, '--as', 'admin', '--lang', 'en'], cliEnv());
    expect(exported.code).toBe(0);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { format: string; intakes: { id: string; state: { answers: Record<string, unknown> } }[] };
    expect(data.format).toBe('renkei-person-export/1');
    expect(data.intakes.map((i) => i.id)).toEqual([subject.intakeId]);
    expect(data.intakes[0]?.state.answers['company.name']).toBe(subject.company);

    expect(planFiles(h.env.plansDir, subject.intakeId)).toHaveLength(4);
    const deleted = await runCli(['privacy', 'delete', '--person', subject.externalId, '--as', 'admin', '--lang', 'en'], cliEnv());
    expect(deleted.stderr).not.toContain('renkei:');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/^Deleted person pe_[0-9a-z]+: 1 intake\(s\), 1 handoff\(s\)\./);
    const card = office().find((x) => !x.threadTs && JSON.stringify(x.blocks).includes(subject.handoffId));
    expect(card?.text).toBe(translator.t('ja', 'privacy.card.title'));
    expect(JSON.stringify(office())).not.toContain(subject.company);
    expect(planFiles(h.env.plansDir, subject.intakeId)).toEqual([]);
    expect(await markersFound(h.env.database, [subject.company, subject.externalId])).toEqual([]);
    expect((await h.env.services.audit.list({ intakeId: subject.intakeId })).map((a) => `${a.actor} ${a.action}`)).toEqual(
      expect.arrayContaining(['admin:admin privacy.exported', 'admin:admin privacy.deleted']),
    );
    expect(existsSync(file)).toBe(true);
  }, 180_000);

  it('purges on demand and says when retention is off', async () => {
    const purged = await runCli(['privacy', 'purge', '--as', 'admin', '--lang', 'en'], cliEnv());
    expect(purged.code).toBe(0);
    expect(purged.stdout).toMatch(/^Purged 0 unfinished intake\(s\) without activity since \S+ \(retention 180 days\)\./);
    const off = await runCli(['privacy', 'purge', '--as', 'admin', '--lang', 'en'], { ...cliEnv(), RENKEI_RETENTION_DAYS: '0' });
    expect(off.stdout).toContain('Retention is off');
  }, 120_000);
});
