import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/app/rate-limit.js';
import { handleInbound, type HandleInboundDeps } from '../../src/app/handle-inbound.js';
import { depsFor, ManualClock, sqliteForTests, translator } from '../support/harness.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { teamsUser, textsOf, cardOf } from '../support/teams-user.js';
import { personalConversation, type TeamsPerson } from '../support/teams-activities.js';
import { messageIm } from '../support/slack-requests.js';

const MINUTE = 60_000;

describe('RateLimiter: a sliding window per person', () => {
  const limiter = (clock: ManualClock, perMinute = 3) => new RateLimiter({ perMinute, clock, channels: ['slack', 'teams'] });

  it('processes up to the limit, tells the person once, then drops silently until the window moves on', () => {
    const clock = new ManualClock();
    const rl = limiter(clock);
    const seen = Array.from({ length: 7 }, () => {
      clock.advance(1000);
      return rl.admit('slack', 'U1');
    });
    expect(seen).toEqual(['admitted', 'admitted', 'admitted', 'refused_notify', 'refused_silent', 'refused_silent', 'refused_silent']);
    // The first message of the window (t=1s) ages out at t=61s: one more is processed, the next is dropped without a second notice.
    clock.advance(MINUTE - 6001);
    expect(rl.admit('slack', 'U1')).toBe('refused_silent');
    clock.advance(1);
    expect(rl.admit('slack', 'U1')).toBe('admitted');
    expect(rl.admit('slack', 'U1')).toBe('refused_silent');
  });

  it('leaves other people, and the same id on another channel, alone', () => {
    const clock = new ManualClock();
    const rl = limiter(clock, 1);
    expect(rl.admit('slack', 'U1')).toBe('admitted');
    expect(rl.admit('slack', 'U1')).toBe('refused_notify');
    expect(rl.admit('slack', 'U2')).toBe('admitted');
    expect(rl.admit('teams', 'U1')).toBe('admitted');
  });

  it('serves the person again after a quiet minute, and a new flood gets a new notice', () => {
    const clock = new ManualClock();
    const rl = limiter(clock, 2);
    expect([rl.admit('teams', 'A'), rl.admit('teams', 'A'), rl.admit('teams', 'A')]).toEqual(['admitted', 'admitted', 'refused_notify']);
    clock.advance(MINUTE);
    expect([rl.admit('teams', 'A'), rl.admit('teams', 'A'), rl.admit('teams', 'A'), rl.admit('teams', 'A')]).toEqual(['admitted', 'admitted', 'refused_notify', 'refused_silent']);
  });

  it('does not limit the terminal or scripted runs, which someone at this machine drives', () => {
    const rl = limiter(new ManualClock(), 1);
    expect(Array.from({ length: 5 }, () => rl.admit('local', 'me'))).toEqual(Array(5).fill('admitted'));
    expect(Array.from({ length: 5 }, () => rl.admit('simulate', 'me'))).toEqual(Array(5).fill('admitted'));
  });

  it('forgets people who have been quiet for a window, so memory follows the active people only', () => {
    const clock = new ManualClock();
    const rl = limiter(clock, 2);
    for (let i = 0; i < 50; i++) rl.admit('slack', `U${i}`);
    expect(rl.tracked).toBe(50);
    clock.advance(MINUTE + 1);
    rl.admit('slack', 'late');
    expect(rl.tracked).toBe(1);
  });
});

describe('rate limit in the use case (every channel goes through handle-inbound)', () => {
  let db: Awaited<ReturnType<typeof sqliteForTests>>;
  let clock: ManualClock;
  let deps: HandleInboundDeps;
  beforeAll(async () => {
    db = await sqliteForTests();
  });
  afterAll(async () => db.close());

  const setUp = () => {
    clock = new ManualClock();
    deps = { ...depsFor(db.repo, { clock }), limits: { rate: new RateLimiter({ perMinute: 3, clock, channels: ['slack', 'teams'] }) } };
  };
  const say = (userId: string, text: string, locale = 'ja-JP') => handleInbound(deps, { channel: 'slack', userId, locale, input: { kind: 'text', text } });

  it('answers a flood with one polite notice in the person\'s language and neither processes nor saves the rest', async () => {
    setUp();
    await say('UFLOOD', 'こんにちは');
    await say('UFLOOD', '株式会社洪水');
    const third = await say('UFLOOD', '東京');
    const intakeId = third.intake?.id ?? '';
    const before = { version: (await db.repo.getIntake(intakeId))?.version, history: (await db.repo.answerHistory(intakeId)).length };

    const notice = await say('UFLOOD', 'manufacturing');
    expect(notice.refused).toBe('rate_limited');
    expect(renderText(translator, notice)).toContain('少し間をおいてから送ってください');
    expect(renderText(translator, notice)).toContain('処理されていません');
    const silent = await Promise.all([say('UFLOOD', '1'), say('UFLOOD', '2'), say('UFLOOD', '3')]);
    for (const r of silent) expect(r).toMatchObject({ refused: 'rate_limited', outbound: [] });

    const after = await db.repo.getIntake(intakeId);
    expect(after?.version).toBe(before.version);
    expect((await db.repo.answerHistory(intakeId)).length).toBe(before.history);
    expect(after?.state.answers['company.industry']).toBeUndefined();

    // Someone else is served meanwhile.
    const other = await say('UCALM', 'こんにちは');
    expect(other.refused).toBeUndefined();
    expect(renderText(translator, other)).toContain('会社名');

    // After the window the person is served again, on the question they were at.
    clock.advance(MINUTE + 1);
    const again = await say('UFLOOD', '製造業');
    expect(again.refused).toBeUndefined();
    expect((await db.repo.getIntake(intakeId))?.state.answers['company.industry']).toBe('manufacturing');
  });

  it('writes the notice in English to an English-speaking person', async () => {
    setUp();
    for (const text of ['hello', 'Sakura Foods', 'Kyoto']) await say('UENFLOOD', text, 'en-US');
    const notice = await say('UENFLOOD', 'retail', 'en-US');
    expect(renderText(translator, notice)).toContain('Please slow down');
    expect(renderText(translator, notice)).toContain('were not processed');
  });
});

describe('rate limit on the platforms', () => {
  let slack: SlackHarness;
  let teams: TeamsHarness;
  beforeAll(async () => {
    [slack, teams] = await Promise.all([startSlackHarness(), startTeamsHarness()]);
    for (const h of [slack, teams]) h.env.services.limits = { rate: new RateLimiter({ perMinute: 3, clock: h.env.clock, channels: ['slack', 'teams'] }) };
  });
  afterEach(() => {
    slack.env.clock.advance(MINUTE + 1);
    teams.env.clock.advance(MINUTE + 1);
  });
  afterAll(async () => Promise.all([slack.close(), teams.close()]));

  it('Slack: one "slow down" message in the DM, the open question keeps its buttons, and answers resume after the window', async () => {
    const u = slackUser(slack, 'URATE');
    await u.say('こんにちは');
    await u.answer('株式会社速射');
    await u.answer('東京');
    const question = u.controls();
    expect(question.promptId).toBe('company.industry');
    const before = u.dm().length;
    for (const text of ['a', 'b', 'c', 'd']) expect((await slack.post(messageIm({ user: 'URATE', text }))).status).toBe(200);
    await u.settle(before);
    const added = u.dm().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]?.text).toContain('少し間をおいてから送ってください');
    // The question message was not rewritten: its controls are still there.
    expect(u.controls().promptId).toBe('company.industry');
    expect(u.dm().find((m) => m.ts === question.message?.ts)?.updates).toBe(0);

    slack.env.clock.advance(MINUTE + 1);
    await u.answer('manufacturing');
    expect(u.controls().promptId).toBe('company.capital_yen');
  });

  it('Teams: one "slow down" card, nothing else sent, and the person is served after the window', async () => {
    const p: TeamsPerson = { aad: '60000000-0000-4000-8000-000000000001', name: 'Rate', locale: 'en-US' };
    const u = teamsUser(teams, p);
    await u.say('hello');
    await u.say('Sakura Foods');
    await u.say('Kyoto');
    const conversation = personalConversation(p);
    const before = teams.standin.activities(conversation).length;
    const updates = teams.standin.calls('update').length;
    for (const text of ['a', 'b', 'c', 'd']) await u.say(text);
    const added = teams.standin.activities(conversation).slice(before);
    expect(added).toHaveLength(1);
    expect(added.flatMap((a) => textsOf(cardOf(a.activity))).join('\n')).toContain('Please slow down');
    expect(teams.standin.calls('update').length).toBe(updates);

    teams.env.clock.advance(MINUTE + 1);
    await u.say('manufacturing');
    expect(u.current().promptId).toBe('company.capital_yen');
  });
});
