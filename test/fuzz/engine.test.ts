import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { loadQuestionnaires } from '../../src/config/load-questionnaires.js';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { advance, type EngineInput, type Transition } from '../../src/core/questionnaire/advance.js';
import { isGroup, type FieldDefinition, type Question } from '../../src/core/questionnaire/definition.js';
import { isUnknown, type AnswerValue, type FieldValue } from '../../src/core/questionnaire/answer-value.js';
import { currentPrompt } from '../../src/core/questionnaire/engine-flow.js';
import { parseAnswer } from '../../src/core/questionnaire/parse-answer.js';
import { initialIntakeState, intakeStateSchema, type IntakeState } from '../../src/core/questionnaire/intake-state.js';
import { isApplicable } from '../../src/core/questionnaire/navigation.js';
import { commandIds } from '../../src/core/questionnaire/commands.js';
import { PREFECTURES } from '../../src/core/geo/prefectures.js';
import type { Outbound, Prompt } from '../../src/core/messages.js';
import { anyText, I18N_KEYS, pieceText, runs } from './fuzz-support.js';

const translator = createTranslator();
const def = loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), translator).latest;
const ctx = buildEngineContext(def, translator);

// ---------------------------------------------------------------------------------------------
// What a person may send. Answers that depend on the question being asked are resolved when
// they are sent, from a seed, so that shrinking keeps a failing sequence meaningful.

type Action =
  | { t: 'answer'; seed: number }
  | { t: 'button'; seed: number; mode: 'current' | 'stale' | 'bogus' }
  | { t: 'unknown'; seed: number }
  | { t: 'garbage'; text: string }
  | { t: 'say'; text: string }
  | { t: 'command'; command: string; arg?: string }
  | { t: 'start'; locale?: 'ja' | 'en' };

const COMMAND_WORDS = commandIds.flatMap((c) => ctx.commands[c] ?? []);
const SECTION_NAMES = def.sections.flatMap((s) => [s, ...ctx.targetLabels('section', s)]);
const QUESTION_NAMES = def.questions.flatMap((q) => [q.id, ...ctx.targetLabels('question', q.id)]);
const UNKNOWN_WORDS = ['わからない', '分かりません', '未定', "don't know", 'unknown', '?'];

/** Commands as typed: every word of both languages, edits by number, id and name, language switches. */
const commandText = fc.oneof(
  fc.constantFrom(...COMMAND_WORDS),
  fc.tuple(fc.constantFrom('edit ', '修正 ', '修正', 'change ', '/edit '), fc.oneof(fc.integer({ min: 0, max: def.questions.length + 3 }).map(String), fc.constantFrom(...SECTION_NAMES, ...QUESTION_NAMES))).map(([w, a]) => `${w}${a}`),
  fc.tuple(fc.constantFrom('lang ', 'language ', '言語 '), fc.constantFrom('en', 'ja', 'english', '日本語', 'fr', '')).map(([w, a]) => `${w}${a}`),
  fc.tuple(fc.constantFrom('remove ', '削除 ', '取り消し'), fc.integer({ min: 0, max: 12 })).map(([w, n]) => `${w}${n}`),
);

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 30, arbitrary: fc.nat().map((seed): Action => ({ t: 'answer', seed })) },
  { weight: 6, arbitrary: fc.tuple(fc.nat(), fc.constantFrom('current' as const, 'current' as const, 'stale' as const, 'bogus' as const)).map(([seed, mode]): Action => ({ t: 'button', seed, mode })) },
  { weight: 3, arbitrary: fc.nat().map((seed): Action => ({ t: 'unknown', seed })) },
  { weight: 4, arbitrary: fc.oneof(anyText, pieceText).map((text): Action => ({ t: 'garbage', text })) },
  { weight: 6, arbitrary: commandText.map((text): Action => ({ t: 'say', text })) },
  // Skip and back change where the conversation is, so they get more turns than other commands.
  { weight: 4, arbitrary: fc.constantFrom('skip', 'スキップ', 'pass', 'back', '戻る', '前へ').map((text): Action => ({ t: 'say', text })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...commandIds, 'bogus', '__proto__', ''), fc.option(fc.oneof(fc.constantFrom('en', 'ja', '3', 'funding'), fc.string({ maxLength: 6 })), { nil: undefined }))
      .map(([command, arg]): Action => (arg === undefined ? { t: 'command', command } : { t: 'command', command, arg })),
  },
  { weight: 1, arbitrary: fc.option(fc.constantFrom('ja' as const, 'en' as const), { nil: undefined }).map((locale): Action => (locale ? { t: 'start', locale } : { t: 'start' })) },
);

const pick = <T>(items: readonly T[], seed: number): T => items[seed % items.length] as T;

/** A typed answer a person could give to this prompt, in one of the ways people write it. */
function typedAnswer(p: Prompt | undefined, seed: number): string {
  if (!p) return pick(['はい', 'テスト'], seed);
  const variant = Math.floor(seed / 7);
  if (p.purpose === 'confirm') return pick(['いいえ', 'no', 'いいえ', 'はい'], variant);
  if (p.purpose === 'group_more') return pick(['いいえ', 'no', 'はい'], variant);
  const choices = p.choices ?? [];
  switch (p.type) {
    case 'text':
      return pick(['株式会社テスト', 'Test Co., Ltd.', '山田 太郎', 'A社', `案件${seed}`], variant);
    case 'long_text':
      return pick(['新しい素材で軽い部品を作ります。', 'We build lighter parts from a new alloy.', '地域の工場と組みます。\n二行目'], variant);
    case 'integer': {
      const min = p.min ?? 0;
      const max = Math.min(p.max ?? 10_000, min + 500);
      const n = min + (seed % (max - min + 1));
      return pick([`${n}`, `${n}人`, `約${n}名`, `${n} people`], variant);
    }
    case 'money':
      return pick(['3億円', '1,200万', '５千万円', '30 million', '300000000', '¥12,000,000', '0'], variant);
    case 'months':
      return pick(['12ヶ月', '1年半', '半年', '18 months', '2年3ヶ月', '6'], variant);
    case 'yes_no':
      return pick(['はい', 'いいえ', 'yes', 'no', 'ある', 'なし'], variant);
    case 'prefecture': {
      const pref = pick(PREFECTURES, seed);
      return pick([pref.ja, pref.short, pref.romaji, pref.kana], variant);
    }
    case 'email':
      return pick([`user${seed}@example.co.jp`, `a.b+${seed}@example.com`], variant);
    case 'choice': {
      const i = seed % Math.max(1, choices.length);
      const labels = ctx.choiceLabels(p.choiceSet ?? '', choices[i] ?? '');
      return pick([String(i + 1), labels[0] ?? String(i + 1), labels[1] ?? String(i + 1)], variant);
    }
    case 'multi_choice': {
      const exclusive = p.exclusive ?? [];
      const open = choices.map((c, i) => ({ c, i })).filter(({ c }) => !exclusive.includes(c)).map(({ i }) => i + 1);
      const count = 1 + (variant % 3);
      const picked = [...new Set(Array.from({ length: count }, (_x, k) => pick(open, seed + k * 3)))];
      return picked.join(pick([',', '、', ' '], variant));
    }
  }
}

/** A button press: the prompt's own id with one of its values, an old prompt's id, or nonsense. */
function buttonPress(p: Prompt | undefined, seed: number, mode: 'current' | 'stale' | 'bogus', seen: readonly string[]): EngineInput {
  if (mode === 'bogus' || !p) return { kind: 'answer', promptId: pick(['', 'nope', '__proto__', 'company.name#1.x', 'confirm.restart'], seed), value: pick(['', 'x', 'unknown', 'yes', ['a', 'b']], seed) };
  const ids = p.type === 'yes_no' ? ['yes', 'no'] : (p.choices ?? []);
  const value: string | string[] =
    p.type === 'multi_choice' ? [pick(ids.filter((id) => !(p.exclusive ?? []).includes(id)), seed)] : ids.length > 0 ? pick(ids, seed) : pick(['x', 'unknown'], seed);
  if (mode === 'stale') return { kind: 'answer', promptId: seen.length > 0 ? pick(seen, seed) : `${p.promptId}.old`, value };
  return { kind: 'answer', promptId: p.promptId, value };
}

function resolve(a: Action, state: IntakeState, seen: readonly string[]): EngineInput {
  const p = currentPrompt(def, state);
  switch (a.t) {
    case 'answer':
      return { kind: 'text', text: typedAnswer(p, a.seed) };
    case 'button':
      return buttonPress(p, a.seed, a.mode, seen);
    case 'unknown':
      return a.seed % 3 === 0 && p ? { kind: 'answer', promptId: p.promptId, value: 'unknown' } : { kind: 'text', text: pick(UNKNOWN_WORDS, a.seed) };
    case 'garbage':
    case 'say':
      return { kind: 'text', text: a.text };
    case 'command':
      return a.arg === undefined ? { kind: 'command', command: a.command } : { kind: 'command', command: a.command, arg: a.arg };
    case 'start':
      return a.locale ? { kind: 'start', locale: a.locale } : { kind: 'start' };
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants, checked after every step

const QUESTIONS: readonly Question[] = def.questions;
const indexOf = (id: string) => QUESTIONS.findIndex((q) => q.id === id);
const isAnswered = (q: Question, s: IntakeState) => s.answers[q.id] !== undefined;
const requiredPending = (s: IntakeState, before = QUESTIONS.length) =>
  QUESTIONS.slice(0, before).filter((q) => q.required && isApplicable(q, s) && !isAnswered(q, s)).map((q) => q.id);

/**
 * Plain checks rather than `expect`: they run after every one of thousands of steps, and
 * vitest's matchers cost more than the engine itself.
 */
function must(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`invariant broken: ${message}`);
}
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);
const show = (v: unknown) => JSON.stringify(v);

function checkFieldValue(f: FieldDefinition, v: FieldValue, where: string): void {
  if (isUnknown(v)) {
    must(f.allowUnknown, `${where}: "don't know" stored where it is not allowed`);
    return;
  }
  const ids = f.type === 'yes_no' ? ['yes', 'no'] : (def.choiceSets[f.choices ?? ''] ?? []);
  switch (f.type) {
    case 'integer':
    case 'money':
    case 'months':
      must(typeof v === 'number' && Number.isSafeInteger(v) && (f.min === undefined || v >= f.min) && (f.max === undefined || v <= f.max), `${where}: ${show(v)}`);
      break;
    case 'choice':
    case 'yes_no':
      must(typeof v === 'string' && ids.includes(v), `${where}: ${show(v)}`);
      break;
    case 'multi_choice':
      must(Array.isArray(v) && v.length > 0 && v.every((id) => ids.includes(id)), `${where}: ${show(v)}`);
      break;
    case 'prefecture':
      must(typeof v === 'string' && PREFECTURE_NAMES.has(v), `${where}: ${show(v)}`);
      break;
    default:
      must(typeof v === 'string' && v.length > 0, `${where}: ${show(v)}`);
  }
}
const PREFECTURE_NAMES = new Set(PREFECTURES.map((p) => p.ja));

function checkAnswers(s: IntakeState): void {
  for (const [id, value] of Object.entries(s.answers)) {
    const q = QUESTIONS.find((x) => x.id === id);
    must(q !== undefined, `answer to an unknown question ${id}`);
    if (!isGroup(q)) {
      checkFieldValue(q, value as FieldValue, id);
      continue;
    }
    must(Array.isArray(value) && value.length <= q.maxItems, `${id} is a list of at most ${q.maxItems}: ${show(value)}`);
    (value as Array<Record<string, FieldValue>>).forEach((item, i) => {
      for (const [fid, fv] of Object.entries(item)) {
        const f = q.fields.find((x) => x.id === fid);
        must(f !== undefined, `${id}[${i}].${fid} is not a field`);
        checkFieldValue(f, fv, `${id}[${i}].${fid}`);
      }
      for (const f of q.fields) if (f.required) must(item[f.id] !== undefined, `${id}[${i}] lacks required ${f.id}`);
    });
  }
}

function checkTexts(outbound: readonly Outbound[]): void {
  for (const o of outbound) {
    if (o.kind === 'notice') must(I18N_KEYS.has(o.key), `notice ${o.key} has no text`);
    if (o.kind === 'invalid') must(I18N_KEYS.has(`errors.${o.code}`), `errors.${o.code} has no text`);
    if (o.kind === 'prompt') must(I18N_KEYS.has(o.prompt.key), `prompt ${o.prompt.key} has no text`);
    if ((o.kind === 'notice' || o.kind === 'invalid') && o.params) {
      for (const v of Object.values(o.params)) must(typeof v === 'string' || Number.isFinite(v), `param ${show(v)}`);
    }
  }
}

const lastPrompt = (t: Transition): Prompt | undefined => {
  const p = [...t.outbound].reverse().find((o) => o.kind === 'prompt');
  return p?.kind === 'prompt' ? p.prompt : undefined;
};

function checkStep(before: IntakeState, snapshot: IntakeState, t: Transition): void {
  must(same(before, snapshot), 'the state passed in was modified (not a pure transition)');
  const s = t.state;
  const parsed = intakeStateSchema.safeParse(s);
  must(parsed.success, `state does not pass its schema: ${show(parsed.error?.issues)}`);
  checkAnswers(s);
  checkTexts(t.outbound);

  // Skipping is for optional questions only, and a skipped question has no answer.
  for (const id of s.skipped) {
    const q = QUESTIONS.find((x) => x.id === id);
    must(q !== undefined && !q.required, `skipped ${id}, which is required or unknown`);
    must(s.answers[id] === undefined, `skipped ${id} still has an answer`);
  }
  must(new Set(s.skipped).size === s.skipped.length, `skipped twice: ${show(s.skipped)}`);

  // Whatever is asked, every required question before it is answered.
  const asked = lastPrompt(t);
  if (asked && asked.purpose !== 'confirm') {
    const at = indexOf(asked.questionId);
    must(at >= 0, `asked an unknown question ${asked.questionId}`);
    const missing = requiredPending(s, at);
    must(missing.length === 0, `asked ${asked.questionId} while ${show(missing)} are unanswered`);
  }
  // The prompt sent is the one a button press will be checked against next.
  if (asked) must(same(asked, currentPrompt(def, s)), `sent ${show(asked)} but the state asks ${show(currentPrompt(def, s))}`);

  // Completion only with every required, applicable question answered.
  const restarted = t.events.some((e) => e.type === 'restarted');
  if (t.outbound.some((o) => o.kind === 'completed')) must(s.completed, 'said "completed" without completing');
  if (s.completed) {
    const missing = requiredPending(s);
    must(missing.length === 0, `completed while ${show(missing)} are unanswered`);
    must(s.group === null, 'completed inside a group');
  }
  if (before.completed && !restarted) must(s.completed, 'completion undone');
  if (t.events.some((e) => e.type === 'completed')) must(!before.completed, 'completed twice');

  // Only the question being asked may change; every other answer is kept (a confirmed restart clears all).
  if (restarted) {
    must(Object.keys(s.answers).length === 0, 'a restart kept answers');
    return;
  }
  const current = currentPrompt(def, before)?.questionId;
  for (const [id, value] of Object.entries(before.answers)) {
    if (id !== current) must(same(s.answers[id], value), `answer ${id} changed from ${show(value)} to ${show(s.answers[id])} while ${current} was asked`);
  }
}

interface RunStats {
  completed: number;
  edits: number;
}

function play(actions: readonly Action[], start: IntakeState, stats: RunStats): IntakeState {
  let state = start;
  const seen: string[] = [];
  const sent: EngineInput[] = [];
  for (const a of actions) {
    const input = resolve(a, state, seen);
    sent.push(input);
    const snapshot = structuredClone(state);
    try {
      const t = advance(def, state, input, ctx);
      checkStep(state, snapshot, t);
      const p = lastPrompt(t);
      if (p && !seen.includes(p.promptId)) seen.push(p.promptId);
      if (t.state.completed && !state.completed) stats.completed += 1;
      state = t.state;
    } catch (err) {
      // The inputs as sent make the failure reproducible without the seed.
      throw new Error(`${err instanceof Error ? err.message : String(err)}\ninputs: ${JSON.stringify(sent)}`);
    }
  }
  return state;
}

describe('fuzz: the engine on random conversations over intake-v1', () => {
  it('never throws, keeps a valid state, asks in order, completes only when done and never loses an answer', () => {
    const stats: RunStats = { completed: 0, edits: 0 };
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 160, size: 'max' }), fc.constantFrom('ja' as const, 'en' as const), (actions, locale) => {
        play([{ t: 'start' }, ...actions], initialIntakeState(locale), stats);
      }),
      { numRuns: runs(50) },
    );
    // The invariants about completion must have been exercised, not only vacuously true.
    expect(stats.completed).toBeGreaterThan(0);
  });

  it('mostly answers, then edits: the edited question changes, every other answer stays', () => {
    const stats: RunStats = { completed: 0, edits: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.nat().map((seed): Action => ({ t: 'answer', seed })), { minLength: 3, maxLength: 70, size: 'max' }),
        fc.integer({ min: 1, max: def.questions.length }),
        fc.constantFrom('edit ', '修正 ', '修正'),
        fc.nat(),
        (answers, n, word, newSeed) => {
          const before = play([{ t: 'start' }, ...answers], initialIntakeState('ja'), stats);
          const target = QUESTIONS[n - 1] as Question;
          const edit = advance(def, before, { kind: 'text', text: `${word}${n}` }, ctx);
          checkStep(before, structuredClone(before), edit);
          if (before.completed) {
            expect(edit.outbound).toContainEqual({ kind: 'notice', key: 'notice.completed_locked' });
            return;
          }
          const editable = isApplicable(target, before) && (before.answers[target.id] !== undefined || before.skipped.includes(target.id));
          if (!editable) {
            expect(edit.outbound.some((o) => o.kind === 'invalid' && (o.code === 'command.edit_not_applicable' || o.code === 'command.edit_unknown'))).toBe(true);
            expect(edit.state.answers).toEqual(before.answers);
            return;
          }
          expect(lastPrompt(edit)?.questionId).toBe(target.id);
          if (isGroup(target)) return;
          stats.edits += 1;
          const retyped = typedAnswer(lastPrompt(edit), newSeed);
          const expected = parseAnswer(target, retyped, ctx);
          const answered = play([{ t: 'answer', seed: newSeed }], edit.state, stats);
          // The new answer replaces the old one; a refused one leaves it, and the question is asked again.
          if (expected.ok) {
            expect(answered.answers[target.id] as AnswerValue, retyped).toEqual(expected.value);
            expect(answered.focus).not.toContain(target.id);
          } else {
            expect(answered.answers[target.id] as AnswerValue).toEqual(before.answers[target.id]);
          }
          for (const [id, value] of Object.entries(before.answers)) {
            if (id !== target.id) expect(answered.answers[id] as AnswerValue, `${id} lost by editing ${target.id}`).toEqual(value);
          }
          // An accepted answer replaces the old one and the flow goes back to where it was.
          if (answered.focus.length === 0 && answered.answers[target.id] !== undefined) {
            const next = currentPrompt(def, answered);
            const pending = QUESTIONS.find((q) => isApplicable(q, answered) && answered.answers[q.id] === undefined && !answered.skipped.includes(q.id));
            if (!answered.group) expect(next?.questionId).toBe(pending?.id);
          }
        },
      ),
      { numRuns: runs(60) },
    );
    expect(stats.edits).toBeGreaterThan(0);
  });
});

describe('fuzz: the invariant checker itself', () => {
  // The properties above are only as good as checkStep; these transitions break one invariant each.
  const start = initialIntakeState('ja');
  const named = advance(def, advance(def, start, { kind: 'start' }, ctx).state, { kind: 'text', text: 'テスト工業' }, ctx);
  const prompt = (questionId: string): Outbound => {
    const p = currentPrompt(def, { ...start, focus: [questionId] });
    if (!p) throw new Error(`no prompt for ${questionId}`);
    return { kind: 'prompt', prompt: p };
  };

  it('accepts a real transition', () => {
    expect(() => checkStep(start, structuredClone(start), advance(def, start, { kind: 'start' }, ctx))).not.toThrow();
    expect(() => checkStep(named.state, structuredClone(named.state), advance(def, named.state, { kind: 'text', text: '東京都' }, ctx))).not.toThrow();
  });

  it('catches a question asked while an earlier required one is unanswered', () => {
    const skipped: Transition = { state: { ...start, focus: ['company.industry'] }, outbound: [prompt('company.industry')], events: [] };
    expect(() => checkStep(start, structuredClone(start), skipped)).toThrow(/asked company.industry while \["company.name","company.prefecture"\]/);
  });

  it('catches completion with required questions unanswered', () => {
    const early: Transition = { state: { ...named.state, completed: true }, outbound: [{ kind: 'completed' }], events: [{ type: 'completed' }] };
    expect(() => checkStep(named.state, structuredClone(named.state), early)).toThrow(/completed while/);
  });

  it('catches an answer lost or changed by another question', () => {
    const lost: Transition = { state: { ...named.state, answers: {} }, outbound: [], events: [] };
    expect(() => checkStep(named.state, structuredClone(named.state), lost)).toThrow(/answer company.name changed/);
  });

  it('catches a state that does not pass its schema, a skipped required question and "don\'t know" where not allowed', () => {
    const bad = (state: IntakeState): Transition => ({ state, outbound: [], events: [] });
    expect(() => checkStep(start, structuredClone(start), bad({ ...start, focus: [1 as unknown as string] }))).toThrow(/schema/);
    expect(() => checkStep(start, structuredClone(start), bad({ ...start, skipped: ['company.name'] }))).toThrow(/skipped company.name/);
    expect(() => checkStep(start, structuredClone(start), bad({ ...start, answers: { 'company.name': { unknown: true } } }))).toThrow(/not allowed/);
  });
});
