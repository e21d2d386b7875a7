import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound, type HandleInboundDeps } from '../../src/app/handle-inbound.js';
import { typedLength } from '../../src/app/answer-limit.js';
import { parseAnswersFile, simulate } from '../../src/app/simulate.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { depsFor, person, sqliteForTests, translator } from '../support/harness.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config.js';

const MAX = 120;

describe('answer length cap (RENKEI_MAX_ANSWER_CHARS)', () => {
  let db: Awaited<ReturnType<typeof sqliteForTests>>;
  let deps: HandleInboundDeps;
  beforeAll(async () => {
    db = await sqliteForTests();
    deps = { ...depsFor(db.repo), limits: { maxAnswerChars: MAX } };
  });
  afterAll(async () => db.close());

  it('counts characters as people do: a kanji or an emoji is one', () => {
    expect(typedLength({ kind: 'text', text: '株式会社🔋' })).toBe(5);
    expect(typedLength({ kind: 'answer', promptId: 'p', value: ['ab', 'cde'] })).toBe(5);
    expect(typedLength({ kind: 'start' })).toBe(0);
  });

  it('refuses a longer answer with the limit, its length and how to shorten it; saves nothing and keeps earlier answers', async () => {
    const p = person(deps, 'long-ja');
    await p.start('ja');
    await p.say('株式会社長文');
    const before = await p.say('東京');
    const intakeId = before.reply.intake?.id ?? '';
    expect(before.prompt?.questionId).toBe('company.industry');
    const version = (await db.repo.getIntake(intakeId))?.version;
    const history = (await db.repo.answerHistory(intakeId)).length;

    const tooLong = await p.say('製'.repeat(MAX + 1));
    expect(tooLong.reply.refused).toBe('too_long');
    expect(tooLong.text).toContain(`${MAX + 1}文字`);
    expect(tooLong.text).toContain(`上限は${MAX}文字`);
    expect(tooLong.text).toContain('要点を');
    expect(tooLong.text).toContain('これまでの回答はそのまま保存されています');
    // The same question is asked again right after.
    expect(tooLong.prompt?.questionId).toBe('company.industry');

    const intake = await db.repo.getIntake(intakeId);
    expect(intake?.version).toBe(version);
    expect((await db.repo.answerHistory(intakeId)).length).toBe(history);
    expect(intake?.state.answers).toMatchObject({ 'company.name': '株式会社長文', 'company.prefecture': '東京都' });

    // At the limit exactly, the message is taken (and parsed as usual).
    const atLimit = await p.say(`製造業${' '.repeat(MAX - 3)}`);
    expect(atLimit.reply.refused).toBeUndefined();
    expect((await db.repo.getIntake(intakeId))?.state.answers['company.industry']).toBe('manufacturing');
  });

  it('says so in English', async () => {
    const p = person(deps, 'long-en');
    await p.start('en');
    const r = await p.say('x'.repeat(500));
    expect(r.reply.refused).toBe('too_long');
    expect(r.text).toContain('500 characters; the limit is 120');
    expect(r.text).toContain('main points');
    expect(r.prompt?.questionId).toBe('company.name');
  });

  it('stops a scripted run at the question whose answer is too long, rather than retrying it', async () => {
    const parsed = parseAnswersFile({ ...JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/answers/battery-ja.json'), 'utf8')), 'theme.description': 'と'.repeat(MAX + 5) });
    if (!parsed.ok) throw new Error(parsed.problem);
    const file = parsed.value;
    const result = await simulate(deps, file, { userId: 'sim-long', locale: 'ja', render: (reply) => renderText(translator, reply) });
    expect(result.stopped).toMatchObject({ questionId: 'theme.description', reason: 'invalid_answer' });
    expect(result.stopped?.message).toContain(`上限は${MAX}文字`);
  });
});
