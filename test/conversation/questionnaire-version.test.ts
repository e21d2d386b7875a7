import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/config/load-questionnaires.js';
import { projectRoot } from '../../src/config.js';
import { validateDefinition } from '../../src/core/questionnaire/validate-definition.js';
import type { QuestionnaireDefinition } from '../../src/core/questionnaire/definition.js';
import { depsFor, person, sqliteForTests } from '../support/harness.js';

const load = (raw: unknown): QuestionnaireDefinition => {
  const r = validateDefinition(raw);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.definition;
};
const v1Raw = JSON.parse(readFileSync(join(projectRoot, 'config', 'questionnaire', 'intake-v1.json'), 'utf8')) as {
  version: string;
  questions: { id: string }[];
};
const v1 = load(v1Raw);
// Version 2 drops the employees question and asks the company's founding year first.
const v2 = load({
  ...v1Raw,
  version: '2',
  questions: [
    { id: 'company.founded', section: 'company', type: 'integer', min: 1800, max: 2100 },
    ...v1Raw.questions.filter((q) => q.id !== 'company.employees'),
  ],
});

let db: Awaited<ReturnType<typeof sqliteForTests>>;
beforeAll(async () => {
  db = await sqliteForTests();
});
afterAll(() => db.close());

describe('a questionnaire change with an intake in progress', () => {
  it('keeps the intake on the version it started with, while new intakes get the new version', async () => {
    const before = person(depsFor(db.repo, { catalog: catalogOf([v1]) }), 'pinned');
    await before.start('ja');
    for (const a of ['既存工業', '愛知', '1', '5000万']) await before.say(a);

    const after = person(depsFor(db.repo, { catalog: catalogOf([v1, v2]) }), 'pinned');
    const resumed = await after.start();
    expect(resumed.prompt?.questionId).toBe('company.employees');
    expect(resumed.reply.intake?.questionnaireVersion).toBe('1');
    const next = await after.say('20人');
    expect(next.prompt?.questionId).toBe('company.deemed_large');
    expect(next.reply.intake?.state.answers).toMatchObject({ 'company.name': '既存工業', 'company.employees': 20 });

    const newcomer = person(depsFor(db.repo, { catalog: catalogOf([v1, v2]) }), 'newcomer');
    const first = await newcomer.start('ja');
    expect(first.reply.intake?.questionnaireVersion).toBe('2');
    expect(first.prompt?.questionId).toBe('company.founded');
  });

  it('moves an intake whose version was uninstalled onto the newest one, keeping every answer', async () => {
    const old = person(depsFor(db.repo, { catalog: catalogOf([v1]) }), 'orphan');
    await old.start('ja');
    for (const a of ['旧版工業', '大阪', '2', '1億', '40']) await old.say(a);

    const now = person(depsFor(db.repo, { catalog: catalogOf([v2]) }), 'orphan');
    const resumed = await now.start();
    // v2's new first question is asked; everything said before is still there.
    expect(resumed.prompt?.questionId).toBe('company.founded');
    expect(resumed.reply.intake?.state.answers).toMatchObject({ 'company.name': '旧版工業', 'company.capital_yen': 100_000_000, 'company.employees': 40 });
    const next = await now.say('1985');
    expect(next.prompt?.questionId).toBe('company.deemed_large');
    expect(next.reply.intake?.questionnaireVersion).toBe('2');
  });
});
