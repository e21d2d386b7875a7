import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { understandAnswer, type Understood } from '../../src/core/questionnaire/parse-answer.js';
import { isGroup, type FieldDefinition, type QuestionnaireDefinition } from '../../src/core/questionnaire/definition.js';
import type { ParseResult } from '../../src/core/result.js';
import { defaultCatalog, translator } from '../support/harness.js';

/**
 * The typed-answer corpus (test/fixtures/typed/): answers as managers type them on a phone —
 * kana without conversion, synonyms, polite endings, one-character typos, numbers in kanji and
 * words, "not decided yet" — each with what the bot must store or ask. Run through the real
 * parser with the real locale files, as every channel uses it.
 */
type Expected = string | number | string[] | { unknown: true } | { suggest: unknown[] } | { error: string } | { value: number; note: Record<string, unknown> };
type Group = { question: string; cases: [string, Expected][] };

const dir = join(projectRoot, 'test', 'fixtures', 'typed');
const corpus: { file: string; question: string; typed: string; expected: Expected }[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((file) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Group[]).flatMap((g) => g.cases.map(([typed, expected]) => ({ file, question: g.question, typed, expected }))));

const catalog = defaultCatalog();
const def: QuestionnaireDefinition = catalog.get(catalog.versions.at(-1) ?? '1') as QuestionnaireDefinition;
const ctx = buildEngineContext(def, translator);

function fieldOf(id: string): FieldDefinition {
  const [group, field] = id.split(/\.(?=[a-z_]+$)/u);
  const q = def.questions.find((x) => x.id === id) ?? def.questions.find((x) => x.id === group);
  if (!q) throw new Error(`corpus names an unknown question ${id}`);
  if (!isGroup(q)) return q;
  const f = q.fields.find((x) => x.id === field);
  if (!f) throw new Error(`corpus names an unknown group field ${id}`);
  return f;
}

/** What the parser did, in the corpus's own notation. */
function observed(r: ParseResult<Understood>): Expected {
  if (!r.ok) return { error: r.code };
  if (r.value.kind === 'suggest') return { suggest: r.value.options };
  const { value, note } = r.value;
  if (note && typeof value === 'number') return { value, note: { ...note } };
  return value as Expected;
}

describe('typed-answer corpus', () => {
  const rows = corpus.map((c) => {
    const field = fieldOf(c.question);
    const got = observed(understandAnswer(field, c.typed, ctx));
    return { ...c, type: field.type, got, pass: JSON.stringify(got) === JSON.stringify(c.expected) };
  });

  it('holds at least 400 answers in both languages, for every question and every choice', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    const asked = new Set(corpus.map((c) => c.question));
    const questions = def.questions.flatMap((q) => (isGroup(q) ? q.fields.map((f) => `${q.id}.${f.id}`) : [q.id]));
    expect(questions.filter((q) => !asked.has(q))).toEqual([]);
    // Every choice of every choice question is the stored value of at least one typed answer.
    const missing: string[] = [];
    for (const q of questions) {
      const field = fieldOf(q);
      if (field.type !== 'choice' && field.type !== 'multi_choice') continue;
      const stored = new Set(rows.filter((r) => r.question === q && r.pass).flatMap((r) => (Array.isArray(r.expected) ? r.expected : [r.expected])).filter((v) => typeof v === 'string'));
      for (const id of def.choiceSets[field.choices ?? ''] ?? []) if (!stored.has(id)) missing.push(`${q}: ${id}`);
    }
    expect(missing).toEqual([]);
    expect(corpus.some((c) => /[ぁ-んァ-ン一-龯]/u.test(c.typed))).toBe(true);
    expect(corpus.some((c) => /^[\x20-\x7e]+$/u.test(c.typed) && /[a-z]{3}/iu.test(c.typed))).toBe(true);
  });

  it('is understood 100 %, per question type', () => {
    const byType = new Map<string, { pass: number; all: number }>();
    for (const r of rows) {
      const t = byType.get(r.type) ?? { pass: 0, all: 0 };
      t.all += 1;
      if (r.pass) t.pass += 1;
      byType.set(r.type, t);
    }
    const report = [...byType].map(([type, t]) => `${type.padEnd(13)} ${String(t.pass).padStart(4)}/${String(t.all).padEnd(4)} ${((100 * t.pass) / t.all).toFixed(1)} %`);
    console.log(`typed-answer corpus (${rows.length} answers)\n${report.join('\n')}`);
    const failures = rows.filter((r) => !r.pass).map((r) => `${r.file} ${r.question} ${JSON.stringify(r.typed)}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.got)}`);
    expect(failures).toEqual([]);
  });
});
