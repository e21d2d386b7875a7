import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../src/channels/console/console-chat.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { simulate, type AnswersFile } from '../../src/app/simulate.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { sqliteServices, type ServicesForTests } from '../support/services.js';
import { translator } from '../support/harness.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config.js';

let env: ServicesForTests;
beforeAll(async () => {
  env = await sqliteServices();
});
afterAll(() => env.close());

describe('the terminal chat after a handoff', () => {
  it('shows the PM\'s claim and question when the company comes back, and relays its reply', async () => {
    const file = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', 'battery-ja.json'), 'utf8')) as AnswersFile;
    // The simulated company talks on the "simulate" channel; the terminal user is a local person, so run the questionnaire locally.
    const done = await simulate(env.services, file, { userId: 'sim-terminal', locale: 'ja', render: (r) => renderText(translator, r) });
    const handoff = await env.services.handoffs.handoffForIntake(done.intakeId ?? '');
    expect(handoff).not.toBeNull();
    await performHandoffAction(env.services, { channel: 'local', externalId: 'pm-kanto' }, handoff?.id ?? '', { kind: 'claim' });
    await performHandoffAction(env.services, { channel: 'local', externalId: 'pm-kanto' }, handoff?.id ?? '', { kind: 'ask', text: '工場見学は可能ですか？' });

    // Move the intake's person onto the terminal so the same company opens the chat there.
    const intake = await env.services.repo.getIntake(done.intakeId ?? '');
    await env.database.db.person.update({ where: { id: intake?.personId ?? '' }, data: { channel: 'local', externalId: 'yamada' } });

    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString('utf8')));
    const chat = runConsoleChat(env.services, { input, output, userId: 'yamada' });
    for (let i = 0; i < 100 && !text.includes('工場見学'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(text).toContain('関東 PMさんが、ご相談の担当になりました');
    expect(text).toContain('工場見学は可能ですか？');
    input.end('はい、平日なら可能です\n');
    await chat;
    expect(text).toContain('ご回答を担当者に伝えました');
    const events = await env.services.handoffs.events(handoff?.id ?? '');
    expect(events[events.length - 1]).toMatchObject({ type: 'answer', body: 'はい、平日なら可能です' });
    // Delivered messages are marked read and not shown twice.
    expect(await env.services.inbox.unread({ kind: 'person', personId: intake?.personId ?? '' })).toEqual([]);
  });
});
