import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { choiceKey } from '../../src/core/questionnaire/parse/choice-key.js';
import { matchChoice, type Choice } from '../../src/core/questionnaire/parse/choice.js';
import { understandAnswer } from '../../src/core/questionnaire/parse-answer.js';
import type { FieldDefinition, QuestionnaireDefinition } from '../../src/core/questionnaire/definition.js';
import { defaultCatalog, translator } from '../support/harness.js';

const catalog = defaultCatalog();
const def = catalog.get(catalog.versions.at(-1) ?? '1') as QuestionnaireDefinition;
const ctx = buildEngineContext(def, translator);
const sets = Object.entries(ctx.choiceSets).map(([set, ids]) => ({ set, choices: ids.map((id): Choice => ({ id, labels: ctx.choiceLabels(set, id) })) }));

// What phones and keyboards do to a label without changing it: width, case, spacing, brackets, a polite ending.
const FULL_WIDTH = (s: string) => s.replace(/[!-~]/gu, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0));
const disguise = fc.record({
  wide: fc.boolean(),
  upper: fc.boolean(),
  spaced: fc.boolean(),
  quoted: fc.boolean(),
  tail: fc.constantFrom('', 'です', 'でお願いします', '。', '！'),
});

describe('exact answers win over close ones', () => {
  it('no two choices of a set share a name once width, kana, case and particles are ignored', () => {
    const clashes: string[] = [];
    for (const { set, choices } of sets) {
      const owner = new Map<string, string>();
      for (const c of choices)
        for (const name of [c.id, ...c.labels]) {
          const key = choiceKey(name);
          const other = owner.get(key);
          if (other !== undefined && other !== c.id) clashes.push(`${set}: "${name}" is both ${other} and ${c.id}`);
          owner.set(key, c.id);
        }
    }
    expect(clashes).toEqual([]);
  });

  it('every id, label, alias and list number of every set, however typed, is that choice and nothing else', () => {
    const all = sets.flatMap(({ set, choices }) => choices.flatMap((c, i) => [c.id, ...c.labels, String(i + 1)].map((name) => ({ set, choices, id: c.id, name }))));
    fc.assert(
      fc.property(fc.constantFrom(...all), disguise, ({ choices, id, name }, d) => {
        let typed = name;
        if (d.upper) typed = typed.toUpperCase();
        if (d.spaced) typed = ` ${typed} `;
        if (d.quoted) typed = `「${typed}」`;
        if (d.wide) typed = FULL_WIDTH(typed);
        typed += d.tail;
        expect(matchChoice(typed, choices), `${JSON.stringify(typed)} → ${id}`).toEqual({ kind: 'match', id });
      }),
      { numRuns: 3000 },
    );
  });

  it('a number typed with digits, commas or kanji is read exactly, never as a suggestion', () => {
    const employees = def.questions.find((q) => q.id === 'company.employees') as FieldDefinition;
    const capital = def.questions.find((q) => q.id === 'company.capital_yen') as FieldDefinition;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.boolean(), (n, commas) => {
        const digits = commas ? n.toLocaleString('en-US') : String(n);
        expect(understandAnswer(employees, `${digits}人`, ctx)).toEqual({ ok: true, value: { kind: 'value', value: n } });
        expect(understandAnswer(capital, `${digits}万円`, ctx)).toEqual({ ok: true, value: { kind: 'value', value: n * 10_000 } });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('kana readings', () => {
  it('every Japanese label of every choice set has a reading in kana among its aliases', () => {
    const missing: string[] = [];
    for (const { set, choices } of sets) {
      if (set === 'yes_no') continue;
      for (const c of choices) {
        const readings = translator.list('ja', `aliases.${set}.${c.id}`).filter((a) => /^[\u3041-\u309f\u30fc・（）()]+$/u.test(a));
        if (readings.length === 0) missing.push(`${set}.${c.id}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
