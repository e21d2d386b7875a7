import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLogger } from '../../src/ports/logger.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { slackUser } from '../support/slack-user.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { messageIm, send, signRequest } from '../support/slack-requests.js';

/** Everything a logger wrote, line by line. */
function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text, lines: () => text.split('\n').filter((l) => l.length > 0) };
}

describe('jsonLogger', () => {
  it('writes one JSON object per line: level as a word, ISO time, msg and the fields', () => {
    const out = capture();
    const log = jsonLogger(out.stream);
    log.info('turn', { intakeId: 'in_1', outcome: 'processed' });
    log.error('delivery failed', { code: 'channel_not_found' });
    const [info, error] = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(info).toMatchObject({ level: 'info', msg: 'turn', intakeId: 'in_1', outcome: 'processed' });
    expect(error).toMatchObject({ level: 'error', msg: 'delivery failed', code: 'channel_not_found' });
    expect(new Date(String(info?.time)).toISOString()).toBe(info?.time);
  });

  it('leaves out what is below the configured level', () => {
    const out = capture();
    const log = jsonLogger(out.stream, 'warn');
    log.info('quiet');
    log.warn('loud');
    expect(out.lines().map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['loud']);
  });

  it('never writes the value of a field that would carry what a person wrote or their platform id', () => {
    const out = capture();
    jsonLogger(out.stream).warn('slip', { text: '山田太郎の秘密', user: 'U0SECRET', displayName: '山田', email: 'a@b.jp', intakeId: 'in_2' });
    expect(out.text()).not.toMatch(/山田|U0SECRET|a@b\.jp/);
    expect(JSON.parse(out.lines()[0] ?? '{}')).toMatchObject({ intakeId: 'in_2', text: '[redacted]' });
  });
});

describe('logs of a whole Slack intake', { timeout: 90_000 }, () => {
  let h: SlackHarness;
  const out = capture();
  beforeAll(async () => {
    h = await startSlackHarness();
    h.env.services.log = jsonLogger(out.stream);
  });
  afterAll(async () => h.close());

  it('are JSON lines with ids and codes, and hold none of the answers, names or platform ids', async () => {
    const user = 'USECRET9';
    const u = slackUser(h, user);
    await u.say('こんにちは');
    const seen: string[] = [];
    for (let i = 0; i < 80; i++) {
      const { promptId } = u.controls();
      if (!promptId || seen[seen.length - 1] === promptId) break;
      seen.push(promptId);
      // "Another partner?" is answered yes once (two partners), then no.
      const again = promptId.endsWith('#more') && seen.filter((x) => x === promptId).length > 1;
      const value = again ? 'no' : (batteryByPrompt[promptId] ?? (promptId.endsWith('#more') ? 'no' : undefined));
      if (value === undefined) throw new Error(`no answer for ${promptId}`);
      await u.answer(value);
    }
    const person = await h.env.services.repo.findPerson('slack', user);
    const intake = person ? await h.env.services.repo.latestIntake(person.id) : null;
    expect(intake?.status).toBe('completed');

    // A failure on the way out is logged too (the reply to "review" cannot be posted), and a forged request.
    h.standin.failNext('chat.postMessage', 1, { kind: 'error', error: 'channel_not_found' });
    await h.post(messageIm({ user, text: '確認' }));
    for (let i = 0; i < 100 && !out.text().includes('slack handler failed'); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await send(h.url, signRequest(messageIm({ user, text: '偽物' }), { signingSecret: 'not-the-secret', wrongSecret: true }))).status).toBe(401);

    const lines = out.lines();
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of entries) {
      expect(typeof e.level).toBe('string');
      expect(typeof e.msg).toBe('string');
      expect(typeof e.time).toBe('string');
    }
    const turns = entries.filter((e) => e.msg === 'turn');
    expect(turns.length).toBeGreaterThan(40);
    expect(turns.every((e) => e.intakeId === intake?.id && e.personId === person?.id && e.channel === 'slack')).toBe(true);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'error', msg: 'slack handler failed', code: 'channel_not_found', personId: person?.id }));
    expect(entries.some((e) => e.level === 'warn' && e.msg === 'sdk warning')).toBe(true);

    const all = out.text();
    const secrets = [
      user,
      `D${user}`,
      ...Object.values(batteryByPrompt)
        .flat()
        // Choice ids ("yes", "manufacturing") are words of the code, not what the person wrote.
        .filter((v) => v.length > 1 && !/^[a-z_]+$/.test(v)),
    ];
    for (const secret of secrets) expect(all, secret).not.toContain(secret);
  });
});
