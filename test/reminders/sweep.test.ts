import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReminderSweep } from '../../src/app/run-reminder-sweep.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { Dispatcher } from '../../src/scheduler/dispatcher.js';
import { fromTokyo } from '../../src/core/calendar/tokyo-time.js';
import { person } from '../support/harness.js';
import { sqliteServices, type ServicesForTests } from '../support/services.js';
import { simulate, type AnswersFile } from '../../src/app/simulate.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { translator } from '../support/harness.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config.js';

let env: ServicesForTests;
beforeEach(async () => {
  env = await sqliteServices();
});
afterEach(() => env.close());

const pending = async (kind: string) => (await env.services.reminders.list({ status: 'pending' })).filter((r) => r.kind === kind);
/** Sweep and dispatch at the current (manual) time, like one round of the dispatcher. */
const round = async () => {
  await runReminderSweep(env.services);
  return new Dispatcher(() => env.services, 'test').drain();
};
const setClock = (y: number, mo: number, d: number, h: number, mi = 0) => {
  const target = fromTokyo(y, mo, d, h, mi).getTime();
  env.clock.advance(target - env.clock.now().getTime());
};

describe('nudges for a stalled intake', () => {
  it('come after 1, 3 and 7 business days without activity, then the office is told once', async () => {
    setClock(2026, 11, 20, 15); // Friday
    const sme = person(env.services, 'stalled');
    await sme.start('ja');
    await sme.say('止まった工業');
    await round();
    const dues: Date[] = [];
    for (let step = 0; step < 4; step++) {
      await runReminderSweep(env.services);
      const next = [...(await pending('sme_stalled')), ...(await pending('sme_stalled_final'))][0];
      if (!next) break;
      dues.push(next.dueAt);
      env.clock.advance(next.dueAt.getTime() - env.clock.now().getTime() + 1000);
      expect((await round()).sent).toBe(1);
    }
    // 2026-11-23 is 勤労感謝の日 (Monday): one business day after Fri 11-20 is Tue 11-24.
    expect(dues.map((d) => d.toISOString())).toEqual([
      fromTokyo(2026, 11, 24, 15).toISOString(),
      fromTokyo(2026, 11, 26, 15).toISOString(),
      fromTokyo(2026, 12, 2, 15).toISOString(),
      fromTokyo(2026, 12, 3, 15).toISOString(),
    ]);
    const sent = await env.services.reminders.list({ status: 'sent' });
    expect(sent.map((r) => r.kind)).toEqual(['sme_stalled', 'sme_stalled', 'sme_stalled', 'sme_stalled_final']);
    expect(sent[3]?.recipient).toBe('office:kanto');
    await round();
    expect(await env.services.reminders.list({ status: 'pending' })).toEqual([]);
    // The company saw the nudges in its language, with where it stopped.
    const p = await env.services.repo.findPerson('local', 'stalled');
    const inbox = await env.services.inbox.list({ kind: 'person', personId: p?.id ?? '' });
    expect(inbox.filter((n) => n.kind === 'sme_stalled')).toHaveLength(3);
    expect(translator.t('ja', inbox[0]?.key ?? '', inbox[0]?.params)).toMatch(/約\d+問中 1問回答済み/);
  });

  it('stop on activity (a new series starts), on completion, and when the company says stop', async () => {
    setClock(2026, 11, 24, 10);
    const sme = person(env.services, 'active');
    await sme.start('ja');
    await sme.say('動く工業');
    await round();
    const before = (await pending('sme_stalled'))[0];
    env.clock.advance(3_600_000);
    await sme.say('大阪');
    await round();
    const after = await pending('sme_stalled');
    expect(after).toHaveLength(1);
    expect(after[0]?.idempotencyKey).not.toBe(before?.idempotencyKey);
    expect((await env.services.reminders.get(before?.id ?? ''))?.status).toBe('cancelled');

    const reply = await sme.say('通知停止');
    expect(reply.text).toContain('リマインダー）はお送りしません');
    await round();
    expect(await pending('sme_stalled')).toEqual([]);
    expect((await env.services.repo.findPerson('local', 'active'))?.remindersOptOut).toBe(true);
  });

  it('are never scheduled for a completed intake', async () => {
    setClock(2026, 11, 24, 10);
    const file = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', 'battery-ja.json'), 'utf8')) as AnswersFile;
    await simulate(env.services, file, { userId: 'done', locale: 'ja', render: (r) => renderText(translator, r) });
    await round();
    expect(await pending('sme_stalled')).toEqual([]);
  });
});

describe('handoff reminders', () => {
  it('nudge the office after 4 business hours, escalate to the lead after 8, stop on claim; follow the claimer up until closed', async () => {
    setClock(2026, 11, 24, 16); // Tuesday 16:00
    const file = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', 'battery-ja.json'), 'utf8')) as AnswersFile;
    const done = await simulate(env.services, file, { userId: 'ho', locale: 'ja', render: (r) => renderText(translator, r) });
    const handoff = await env.services.handoffs.handoffForIntake(done.intakeId ?? '');
    await round();
    const unclaimed = await pending('handoff_unclaimed');
    const escalation = await pending('handoff_escalation');
    // 16:00 + 4 office hours = next day 11:00; + 8 = next day 15:00.
    expect(unclaimed[0]?.dueAt).toEqual(fromTokyo(2026, 11, 25, 11));
    expect(escalation[0]).toMatchObject({ recipient: 'pm:pm-kanto', dueAt: fromTokyo(2026, 11, 25, 15) });
    setClock(2026, 11, 25, 11, 1);
    expect((await round()).sent).toBe(1);
    await performHandoffAction(env.services, { channel: 'local', externalId: 'pm-kanto-2' }, handoff?.id ?? '', { kind: 'claim' });
    await round();
    expect(await pending('handoff_escalation')).toEqual([]);
    const follow = await pending('handoff_followup');
    expect(follow).toHaveLength(1);
    expect(follow[0]?.recipient).toBe('pm:pm-kanto-2');
    await performHandoffAction(env.services, { channel: 'local', externalId: 'pm-kanto-2' }, handoff?.id ?? '', { kind: 'close', outcome: 'applied' });
    await round();
    expect(await pending('handoff_followup')).toEqual([]);
  });
});
