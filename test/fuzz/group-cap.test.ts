import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { loadQuestionnaires } from '../../src/config/load-questionnaires.js';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { advance, type EngineInput } from '../../src/core/questionnaire/advance.js';
import { isGroup, type GroupQuestion, type QuestionnaireDefinition } from '../../src/core/questionnaire/definition.js';
import { isGroupItems, type GroupItem } from '../../src/core/questionnaire/answer-value.js';
import { currentPrompt } from '../../src/core/questionnaire/engine-flow.js';
import { initialIntakeState, type IntakeState } from '../../src/core/questionnaire/intake-state.js';
import { questionNumber } from '../../src/core/questionnaire/navigation.js';
import { rebaseState } from '../../src/core/questionnaire/rebase-state.js';
import type { Prompt } from '../../src/core/messages.js';

const translator = createTranslator();
const def = loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), translator).latest;
const ctx = buildEngineContext(def, translator);
const groups = def.questions.filter(isGroup);
const partners = groups.find((q) => q.id === 'partners') as GroupQuestion;

/** An answer the engine takes for whatever is asked: "not known" where allowed, else a first choice or a plausible text. */
function answerFor(p: Prompt): EngineInput {
  if (p.purpose === 'group_more' || p.purpose === 'confirm' || p.purpose === 'suggest') return { kind: 'answer', promptId: p.promptId, value: p.purpose === 'group_more' ? 'no' : 'no' };
  if (p.allowUnknown) return { kind: 'answer', promptId: p.promptId, value: 'unknown' };
  if (p.type === 'yes_no') return { kind: 'answer', promptId: p.promptId, value: 'yes' };
  if (p.choices?.[0]) return { kind: 'answer', promptId: p.promptId, value: p.type === 'multi_choice' ? [p.choices[0]] : p.choices[0] };
  return { kind: 'text', text: p.type === 'email' ? 'a@example.jp' : '株式会社テスト' };
}

const item = (n: number): GroupItem => ({ name: `パートナー${n}`, function: 'design', kind: 'sme', prefecture: 'tokyo', relationship: 'new', status: 'idea' });

/** Runs the normal flow until `stop` says so; says yes to candidates so the group applies. */
function driveUntil(d: QuestionnaireDefinition, state: IntakeState, stop: (p: Prompt) => boolean): IntakeState {
  let s = advance(d, state, { kind: 'start' }, ctx).state;
  for (let i = 0; i < 200; i++) {
    const p = currentPrompt(d, s);
    if (!p || stop(p)) return s;
    const input: EngineInput = p.questionId === 'partners.has_candidates' ? { kind: 'answer', promptId: p.promptId, value: 'yes' } : answerFor(p);
    s = advance(d, s, input, ctx).state;
  }
  throw new Error('the flow did not reach the wanted prompt');
}

/** Where a consultation may stand when the random commands begin. */
function startingPoints(): Record<'nine' | 'tenClosed' | 'resumedAfterChange' | 'pinnedOlder', IntakeState> {
  const atGroup = driveUntil(def, initialIntakeState('ja'), (p) => p.questionId === 'partners');
  const nine = { ...structuredClone(atGroup), answers: { ...atGroup.answers, partners: Array.from({ length: 9 }, (_, i) => item(i + 1)) }, group: { questionId: 'partners', index: 9, phase: 'more' as const, draft: {} } };
  const tenClosed = structuredClone(atGroup);
  tenClosed.answers.partners = Array.from({ length: 10 }, (_, i) => item(i + 1));
  tenClosed.group = null;
  // Saved under a version that allowed 12: the 11th item half-typed, then resumed on this version.
  const older = structuredClone(tenClosed);
  older.group = { questionId: 'partners', index: 10, phase: 'field', fieldId: 'function', draft: { name: '11社目' } };
  return { nine, tenClosed, resumedAfterChange: rebaseState(def, older), pinnedOlder: older };
}

type Step = { t: 'answer' } | { t: 'another' } | { t: 'say'; text: string } | { t: 'edit'; n: number };
const partnersNumber = questionNumber(def, 'partners');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Step>({ t: 'answer' }) },
  { weight: 4, arbitrary: fc.constant<Step>({ t: 'another' }) },
  { weight: 3, arbitrary: fc.constantFrom('back', '戻る', 'review', '確認', 'はい', 'yes', 'skip', 'remove 1').map((text): Step => ({ t: 'say', text })) },
  { weight: 2, arbitrary: fc.constantFrom(partnersNumber, partnersNumber - 1, partnersNumber + 1, 1).map((n): Step => ({ t: 'edit', n })) },
);

function inputFor(s: IntakeState, st: Step): EngineInput {
  const p = currentPrompt(def, s);
  switch (st.t) {
    case 'answer':
      return p ? answerFor(p) : { kind: 'text', text: 'こんにちは' };
    case 'another':
      return p?.purpose === 'group_more' ? { kind: 'answer', promptId: p.promptId, value: 'yes' } : { kind: 'text', text: 'はい' };
    case 'say':
      return { kind: 'text', text: st.text };
    case 'edit':
      return { kind: 'text', text: `修正 ${st.n}` };
  }
}

const countOf = (s: IntakeState, q: GroupQuestion): number => {
  const v = s.answers[q.id];
  return isGroupItems(v) ? v.length : 0;
};

describe('the cap of a repeating group is an invariant of the engine', () => {
  it('"back" on the question after a full group of 10, then "yes, another", stores no 11th partner', () => {
    let s = startingPoints().tenClosed;
    s = advance(def, s, { kind: 'start' }, ctx).state;
    expect(currentPrompt(def, s)?.questionId).toBe('agreement.status');
    s = advance(def, s, { kind: 'text', text: '戻る' }, ctx).state;
    const more = currentPrompt(def, s);
    expect(more?.purpose).toBe('group_more');
    const t = advance(def, s, { kind: 'answer', promptId: more?.promptId ?? '', value: 'yes' }, ctx);
    expect(t.outbound).toContainEqual({ kind: 'notice', key: 'notice.group_full', params: { max: 10 } });
    s = t.state;
    for (const field of partners.fields) s = advance(def, s, currentPrompt(def, s)?.fieldId === field.id ? { kind: 'text', text: '11社目' } : { kind: 'text', text: 'わからない' }, ctx).state;
    expect(countOf(s, partners)).toBe(10);
  });

  it('a questionnaire change that leaves an 11th item half-typed asks "another?" and refuses it', () => {
    const s = startingPoints().resumedAfterChange;
    expect(currentPrompt(def, s)?.purpose).toBe('group_more');
    const t = advance(def, s, { kind: 'answer', promptId: 'partners#more', value: 'yes' }, ctx);
    expect(countOf(t.state, partners)).toBe(10);
    expect(t.outbound).toContainEqual({ kind: 'notice', key: 'notice.group_full', params: { max: 10 } });
  });

  it('holds over random sequences of answers, back, edit n, review and "add another"', () => {
    const points = startingPoints();
    fc.assert(
      fc.property(fc.constantFrom('nine' as const, 'tenClosed' as const, 'resumedAfterChange' as const, 'pinnedOlder' as const), fc.array(step, { minLength: 1, maxLength: 80 }), (start, steps) => {
        let s = points[start];
        for (const st of steps) {
          s = advance(def, s, inputFor(s, st), ctx).state;
          for (const q of groups) expect(countOf(s, q), `${q.id} after ${JSON.stringify(st)}`).toBeLessThanOrEqual(q.maxItems);
        }
      }),
      { numRuns: 300 },
    );
  });
});
