import { afterEach, describe, expect, it } from 'vitest';
import { adminUrl, createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { slackUser } from '../support/slack-user.js';
import { messageIm } from '../support/slack-requests.js';
import { teamsUser } from '../support/teams-user.js';
import type { TeamsPerson } from '../support/teams-activities.js';
import { translator } from '../support/harness.js';
import { eventually, startFaultServer, type FaultServer } from './fault-server.js';
import { cardOf, textsOf } from '../support/teams-user.js';

/**
 * PostgreSQL taken away under a running server (a TCP proxy between the app and PostgreSQL is
 * cut), through the real Slack and Teams endpoints and the real /readyz: people are told the
 * bot is temporarily unavailable in their language, the health check says so at once, and
 * after the server is back the same process answers normally with every acknowledged answer kept.
 */

const pg = await postgresForTests();

const UNAVAILABLE = { ja: translator.t('ja', 'availability.unavailable'), en: translator.t('en', 'availability.unavailable') };
const TEAMS_EN: TeamsPerson = { aad: '20000000-0000-4000-8000-000000000001', name: 'Outage Person', locale: 'en-US' };

interface Setup {
  db: TestDatabase;
  proxy: TcpProxy;
  server: FaultServer;
}
let setup: Setup | null = null;
afterEach(async () => {
  const s = setup;
  setup = null;
  if (!s) return;
  await s.proxy.restore();
  await s.server.close();
  await s.proxy.close();
  await s.db.drop();
});

async function start(): Promise<Setup> {
  const db = await createTestDatabase();
  const target = new URL(adminUrl());
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const server = await startFaultServer(throughProxy(db.url, proxy));
  setup = { db, proxy, server };
  return setup;
}

/** The texts of the plain (non-card) messages the bot sent into a Teams conversation. */
// A plain message, or the notice card the queued turn sends (the activity now enters the ledger in the turn, after the HTTP reply).
const teamsTexts = (s: Setup, conversation: string): string[] =>
  s.server.connector.activities(conversation).flatMap((a) => (typeof a.activity.text === 'string' ? [a.activity.text] : textsOf(cardOf(a.activity)).filter((t) => t === UNAVAILABLE.en || t === UNAVAILABLE.ja)));

async function answersOf(s: Setup, channel: 'slack' | 'teams', externalId: string) {
  const repo = s.server.app.deps.repo;
  const person = await repo.findPerson(channel, externalId);
  const intake = await repo.latestIntake(person?.id ?? '');
  return { answers: intake?.state.answers, history: (await repo.answerHistory(intake?.id ?? '')).map((h) => h.raw) };
}

describe.runIf(pg.available)('PostgreSQL stopped under a running server', () => {
  it(
    'for 30 s: Slack and Teams people hear "temporarily unavailable", /readyz answers 503 at once, and afterwards the same process carries on with every acknowledged answer',
    async () => {
      const s = await start();
      const sj = slackUser(s.server.slackHarness, 'UPGJA');
      s.server.slackStandin.setUserLocale('UPGEN', 'en-US');
      const se = slackUser(s.server.slackHarness, 'UPGEN');
      const te = teamsUser(s.server.teamsHarness, TEAMS_EN);

      await sj.say('こんにちは');
      for (const a of ['株式会社停止試験', '愛知']) await sj.answer(a);
      await se.say('hello');
      await se.answer('Outage English Ltd');
      await te.say('hello');
      for (const a of ['Teams Outage KK', 'Osaka', 'retail']) await te.answer(a);
      expect([sj.controls().promptId, se.controls().promptId, te.current().promptId]).toEqual(['company.industry', 'company.prefecture', 'company.capital_yen']);
      expect((await s.server.readyz()).body).toMatchObject({ status: 'ready', checks: { database: 'ok' } });

      const cutAt = Date.now();
      await s.proxy.cut('refuse');
      const probes: { status: number; body: unknown; ms: number }[] = [];
      const refusedSlack: (string | undefined)[] = [];
      // Early, in the middle and near the end of the outage.
      for (const at of [500, 14_000, 27_000]) {
        await new Promise((r) => setTimeout(r, Math.max(0, cutAt + at - Date.now())));
        probes.push(await s.server.readyz());
        const jaBefore = sj.dm().length;
        await sj.answer('manufacturing');
        refusedSlack.push(...sj.dm().slice(jaBefore).map((m) => m.text));
        const enBefore = se.dm().length;
        await se.say('Kyoto');
        refusedSlack.push(...se.dm().slice(enBefore).map((m) => m.text));
        const teamsBefore = teamsTexts(s, te.conversation).length;
        await te.answer('5000万円');
        expect(teamsTexts(s, te.conversation).slice(teamsBefore)).toEqual([UNAVAILABLE.en]);
      }
      expect(refusedSlack).toEqual([UNAVAILABLE.ja, UNAVAILABLE.en, UNAVAILABLE.ja, UNAVAILABLE.en, UNAVAILABLE.ja, UNAVAILABLE.en]);
      for (const p of probes) {
        expect(p.status).toBe(503);
        expect(p.body).toMatchObject({ status: 'not_ready', checks: { database: 'unavailable' } });
        expect(p.ms).toBeLessThan(2_500);
      }
      // Nothing moved on while the database was away.
      expect([sj.controls().promptId, se.controls().promptId, te.current().promptId]).toEqual(['company.industry', 'company.prefecture', 'company.capital_yen']);
      expect(s.server.logs.some((l) => l.level === 'error' && l.fields.database === 'unavailable')).toBe(true);

      await new Promise((r) => setTimeout(r, Math.max(0, cutAt + 30_000 - Date.now())));
      await s.proxy.restore();
      // No restart: the pool opens new connections on the next request.
      const ready = await s.server.readyz();
      expect(ready.status).toBe(200);

      await sj.answer('manufacturing');
      await sj.answer('3千万円');
      expect(sj.controls().promptId).toBe('company.employees');
      await se.say('Kyoto');
      expect(se.controls().promptId).toBe('company.industry');
      await te.answer('5000万円');
      expect(te.current().promptId).toBe('company.employees');

      expect(await answersOf(s, 'slack', 'UPGJA')).toEqual({
        answers: { 'company.name': '株式会社停止試験', 'company.prefecture': '愛知県', 'company.industry': 'manufacturing', 'company.capital_yen': 30_000_000 },
        history: ['株式会社停止試験', '愛知', 'manufacturing', '3千万円'],
      });
      expect(await answersOf(s, 'slack', 'UPGEN')).toEqual({
        answers: { 'company.name': 'Outage English Ltd', 'company.prefecture': '京都府' },
        history: ['Outage English Ltd', 'Kyoto'],
      });
      const teams = await answersOf(s, 'teams', TEAMS_EN.aad);
      expect(teams.answers).toEqual({ 'company.name': 'Teams Outage KK', 'company.prefecture': '大阪府', 'company.industry': 'retail', 'company.capital_yen': 50_000_000 });
      expect(teams.history).toHaveLength(4);
    },
    75_000,
  );

  it(
    'hung (connections accepted, never answered): /readyz still answers 503 within its 2 s budget, the turn ends with the unavailable message after the connect timeout, and recovery needs no restart',
    async () => {
      const s = await start();
      const u = slackUser(s.server.slackHarness, 'UHUNG');
      await u.say('こんにちは');
      await u.answer('株式会社無応答');
      await s.proxy.cut('blackhole');

      const probe = await s.server.readyz();
      expect(probe.status).toBe(503);
      expect(probe.body).toMatchObject({ checks: { database: 'unavailable' } });
      expect(probe.ms).toBeLessThan(2_500);

      const before = u.dm().length;
      const posted = await s.server.slackHarness.post(messageIm({ user: 'UHUNG', text: '岐阜' }));
      expect(posted.status).toBe(200);
      // pg's connect timeout (5 s) ends the wait; the turn does not hang.
      expect(await eventually(() => u.dm().length > before, 9_000)).toBe(true);
      expect(u.dm().at(-1)?.text).toBe(UNAVAILABLE.ja);

      await s.proxy.restore();
      await u.say('岐阜');
      expect(u.controls().promptId).toBe('company.industry');
      expect((await answersOf(s, 'slack', 'UHUNG')).answers).toEqual({ 'company.name': '株式会社無応答', 'company.prefecture': '岐阜県' });
    },
    30_000,
  );
});
