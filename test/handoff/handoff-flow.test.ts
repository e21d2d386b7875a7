import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type AnswersFile } from '../../src/app/simulate.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { projectRoot } from '../../src/config.js';
import { person, translator } from '../support/harness.js';
import { postgresForTests } from '../support/postgres.js';
import { postgresServices, sqliteServices, type ServicesForTests } from '../support/services.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', name), 'utf8')) as AnswersFile;
const pg = await postgresForTests();

function describeHandoffs(name: string, make: () => Promise<ServicesForTests>) {
  describe(`handoff to a project manager (${name})`, () => {
    let env: ServicesForTests;
    beforeAll(async () => {
      env = await make();
    });
    afterAll(() => env.close());

    const completeBattery = async (userId: string) => {
      const result = await simulate(env.services, fixture('battery-ja.json'), { userId, locale: 'ja', render: (r) => renderText(translator, r) });
      expect(result.status).toBe('completed');
      const handoff = await env.services.handoffs.handoffForIntake(result.intakeId ?? '');
      if (!handoff) throw new Error('no handoff');
      return { result, handoff };
    };
    const pm = (id: string) => ({ channel: 'local' as const, externalId: id });

    it('routes the battery-maintenance example to Kanto (静岡), ready, with plans in both languages and an office notice', async () => {
      const { result, handoff } = await completeBattery('sme-battery');
      expect(result).toMatchObject({ region: 'kanto', office: 'kanto', eligibility: { status: 'eligible' }, readiness: { band: 'ready', rubricVersion: '1' }, handoff: { status: 'open' } });
      expect(handoff.officeId).toBe('kanto');
      const notices = await env.services.inbox.unread({ kind: 'office', officeId: 'kanto' });
      expect(notices.some((n) => n.key === 'handoff.notice.created' && n.handoffId === handoff.id)).toBe(true);
      expect(result.plan?.ja).toContain('# 事業計画（案）');
      expect(result.plan?.en).toContain('# Draft business plan');
      const summary = result.transcript[result.transcript.length - 1]?.text ?? '';
      expect(summary).toContain('申請に向けた磨き上げの段階');
      expect(summary).toContain('認定や補助金の採択を約束するものではありません');
      expect(readFileSync(join(env.plansDir, `${result.intakeId}.en.md`), 'utf8')).toBe(result.plan?.en);
    });

    it('lets exactly one of two PMs claiming at once win, and tells the other who has it', async () => {
      const { handoff } = await completeBattery('sme-race');
      const [x, y] = await Promise.all([
        performHandoffAction(env.services, pm('pm-kanto'), handoff.id, { kind: 'claim' }),
        performHandoffAction(env.services, pm('pm-kanto-2'), handoff.id, { kind: 'claim' }),
      ]);
      const wins = [x, y].filter((r) => r.ok);
      const losses = [x, y].filter((r) => !r.ok);
      expect(wins).toHaveLength(1);
      expect(losses).toHaveLength(1);
      const winner = wins[0]?.ok ? wins[0].handoff.claimedBy : null;
      expect(losses[0]).toMatchObject({ ok: false, code: 'handoff.claimed_by', params: { pm: winner === 'pm-kanto' ? '関東 PM' : '関東 第二PM' } });
      const events = await env.services.handoffs.events(handoff.id);
      expect(events.filter((e) => e.type === 'claimed')).toHaveLength(1);
      // The company is told who has its intake.
      const intake = await env.services.repo.getIntake(handoff.intakeId);
      const sme = await env.services.inbox.unread({ kind: 'person', personId: intake?.personId ?? '' });
      expect(sme.filter((n) => n.key === 'handoff.notice.claimed')).toHaveLength(1);
    });

    it('survives a stampede: ten claims at once, one winner, one claim event', async () => {
      const { handoff } = await completeBattery('sme-stampede');
      const ids = ['pm-kanto', 'pm-kanto-2', 'pm-kanto-3'];
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => performHandoffAction(env.services, pm(ids[i % 3] ?? 'pm-kanto'), handoff.id, { kind: 'claim' })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await env.services.handoffs.events(handoff.id)).filter((e) => e.type === 'claimed')).toHaveLength(1);
    });

    it('relays a PM question to the company and the company\'s reply back to the PM, keeping both on the handoff', async () => {
      const { handoff } = await completeBattery('sme-relay');
      expect(await performHandoffAction(env.services, pm('pm-kanto'), handoff.id, { kind: 'claim' })).toMatchObject({ ok: true });
      expect(await performHandoffAction(env.services, pm('pm-kanto'), handoff.id, { kind: 'ask', text: '初年度の売上見込みは？' })).toMatchObject({ ok: true, event: 'question' });
      const intake = await env.services.repo.getIntake(handoff.intakeId);
      const personId = intake?.personId ?? '';
      const forSme = await env.services.inbox.unread({ kind: 'person', personId });
      expect(forSme.map((n) => n.key)).toContain('handoff.notice.question');
      expect(translator.t('ja', 'handoff.notice.question', forSme.find((n) => n.key === 'handoff.notice.question')?.params)).toContain('初年度の売上見込みは？');

      const sme = person(env.services, 'sme-relay', 'simulate');
      const reply = await sme.say('約2,000万円を見込んでいます');
      expect(reply.reply.outbound).toEqual([{ kind: 'notice', key: 'notice.answer_relayed' }]);
      const events = await env.services.handoffs.events(handoff.id);
      expect(events.map((e) => e.type)).toEqual(['created', 'claimed', 'question', 'answer']);
      expect(events[3]).toMatchObject({ actor: 'sme', body: '約2,000万円を見込んでいます' });
      const forPm = await env.services.inbox.unread({ kind: 'pm', pmId: 'pm-kanto' });
      expect(forPm.find((n) => n.key === 'handoff.notice.answer')?.params).toMatchObject({ answer: '約2,000万円を見込んでいます', question: '初年度の売上見込みは？' });
      // With no question waiting, a message after completion is not relayed.
      const again = await sme.say('ありがとうございました');
      expect(again.reply.outbound[0]).toEqual({ kind: 'notice', key: 'notice.already_completed' });
    });

    it('takes a handoff through brush-up to an outcome, then refuses further changes', async () => {
      const { handoff } = await completeBattery('sme-life');
      const act = (who: string, action: Parameters<typeof performHandoffAction>[3]) => performHandoffAction(env.services, pm(who), handoff.id, action);
      expect(await act('pm-kanto', { kind: 'close', outcome: 'applied' })).toMatchObject({ ok: false, code: 'handoff.claim_first' });
      expect(await act('pm-kanto', { kind: 'claim' })).toMatchObject({ ok: true });
      expect(await act('pm-kanto', { kind: 'start_brushup' })).toMatchObject({ ok: true, handoff: { status: 'in_brushup' } });
      expect(await act('pm-kanto-2', { kind: 'note', text: '信用金庫に紹介済み' })).toMatchObject({ ok: true });
      expect(await act('pm-kanto', { kind: 'reassign', to: 'pm-kanto-2' })).toMatchObject({ ok: true, handoff: { claimedBy: 'pm-kanto-2' } });
      expect(await act('pm-kanto-2', { kind: 'close', outcome: 'commercialized' })).toMatchObject({ ok: true, handoff: { status: 'closed', outcome: 'commercialized' } });
      expect(await act('pm-kanto-2', { kind: 'note', text: 'x' })).toMatchObject({ ok: false, code: 'handoff.closed' });
      expect(await act('pm-kinki', { kind: 'claim' })).toMatchObject({ ok: false, code: 'access.other_office' });
      expect(await act('stranger', { kind: 'claim' })).toMatchObject({ ok: false, code: 'access.not_staff' });
      expect(await performHandoffAction(env.services, pm('pm-kanto'), 'ho_missing', { kind: 'claim' })).toMatchObject({ ok: false, code: 'handoff.not_found' });
      const types = (await env.services.handoffs.events(handoff.id)).map((e) => e.type);
      expect(types).toEqual(['created', 'claimed', 'brushup_started', 'note', 'reassigned', 'closed']);
      // Every change and every refusal is on the audit log, oldest first here, ids only.
      const audit = (await env.services.audit.list({ intakeId: handoff.intakeId })).reverse();
      expect(audit.map((e) => `${e.actor} ${e.action} ${e.outcome}${e.outcome === 'denied' ? ` ${e.detail}` : ''}`)).toEqual([
        `sme:${(await env.services.repo.getIntake(handoff.intakeId))?.personId} intake.created allowed`,
        `sme:${(await env.services.repo.getIntake(handoff.intakeId))?.personId} intake.completed allowed`,
        'system handoff.created allowed',
        'pm:pm-kanto handoff.claimed allowed',
        'pm:pm-kanto handoff.brushup_started allowed',
        'pm:pm-kanto-2 handoff.note allowed',
        'pm:pm-kanto handoff.reassigned allowed',
        'pm:pm-kanto-2 handoff.closed allowed',
        'pm:pm-kinki handoff.act denied access.other_office',
        'sme:unknown handoff.act denied access.not_staff',
      ]);
    });

    it('does not hand off without consent, but still assesses and tells the company', async () => {
      const file = { ...fixture('battery-ja.json'), 'consent.share_with_office': 'いいえ' };
      const result = await simulate(env.services, file, { userId: 'sme-private', locale: 'ja', render: (r) => renderText(translator, r) });
      expect(result.status).toBe('completed');
      expect(result.handoff).toBeNull();
      expect(result.readiness?.band).toBe('ready');
      expect(result.transcript[result.transcript.length - 1]?.text).toContain('共有していません');
    });

    it('routes an idea with no partners to needs_partners and a company over the limits to ineligible', async () => {
      const idea = await simulate(env.services, fixture('idea-en.json'), { userId: 'sme-idea', locale: 'en', render: (r) => renderText(translator, r) });
      // Novelty and channel still "don't know", no partners: an idea stage.
      expect(idea).toMatchObject({ region: 'kinki', office: 'kinki', readiness: { band: 'early' } });
      const noPartners: AnswersFile = { ...fixture('battery-ja.json'), 'partners.has_candidates': 'いいえ', 'agreement.status': 'まだない', 'agreement.nda': 'いいえ' };
      delete noPartners.partners;
      const sound = await simulate(env.services, noPartners, { userId: 'sme-sound', locale: 'ja', render: (r) => renderText(translator, r) });
      expect(sound).toMatchObject({ readiness: { band: 'needs_partners' } });
      const big = { ...fixture('battery-ja.json'), 'company.capital_yen': '5億円', 'company.employees': '1200人' };
      const large = await simulate(env.services, big, { userId: 'sme-large', locale: 'ja', render: (r) => renderText(translator, r) });
      expect(large).toMatchObject({ eligibility: { status: 'ineligible' }, readiness: { band: 'ineligible' } });
    });
  });
}

describeHandoffs('SQLite', sqliteServices);
describe.runIf(pg.available)('on PostgreSQL', () => describeHandoffs('PostgreSQL', postgresServices));

describe('"delete my data" after a handoff', () => {
  it('removes the intake, its answers, assessment, handoff, events, messages and plan files', async () => {
    const env = await sqliteServices();
    try {
      const result = await simulate(env.services, fixture('battery-ja.json'), { userId: 'sme-forget', locale: 'ja', render: (r) => renderText(translator, r) });
      const id = result.intakeId ?? '';
      const handoff = await env.services.handoffs.handoffForIntake(id);
      await performHandoffAction(env.services, { channel: 'local', externalId: 'pm-kanto' }, handoff?.id ?? '', { kind: 'claim' });
      const sme = person(env.services, 'sme-forget', 'simulate');
      expect((await sme.say('データ削除')).prompt?.key).toBe('confirm.delete');
      expect((await sme.say('はい')).reply.outbound).toEqual([{ kind: 'notice', key: 'notice.deleted' }]);
      const db = env.database.db;
      const counts = await Promise.all([
        db.intake.count({ where: { id } }),
        db.answerRecord.count({ where: { intakeId: id } }),
        db.assessment.count({ where: { intakeId: id } }),
        db.handoff.count({ where: { intakeId: id } }),
        db.handoffEvent.count({ where: { handoffId: handoff?.id ?? '' } }),
        db.notification.count({ where: { intakeId: id } }),
      ]);
      expect(counts).toEqual([0, 0, 0, 0, 0, 0]);
      const { existsSync } = await import('node:fs');
      expect(existsSync(join(env.plansDir, `${id}.ja.md`))).toBe(false);
    } finally {
      await env.close();
    }
  });
});
