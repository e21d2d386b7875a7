import { describe, expect, it } from 'vitest';
import { advance, type EngineContext, type EngineInput, type Transition } from './advance.js';
import { validateDefinition } from './validate-definition.js';
import { initialIntakeState, type IntakeState } from './intake-state.js';
import type { QuestionnaireDefinition } from './definition.js';
import type { Prompt } from '../messages.js';

const check = validateDefinition({
  id: 'mini',
  version: '1',
  sections: ['company', 'partners', 'money'],
  choiceSets: { industry: ['manufacturing', 'retail'], status: ['idea', 'agreed'] },
  questions: [
    { id: 'company.name', section: 'company', type: 'text' },
    { id: 'company.industry', section: 'company', type: 'choice', choices: 'industry' },
    { id: 'company.note', section: 'company', type: 'text', required: false },
    { id: 'partners.has', section: 'partners', type: 'yes_no', allowUnknown: true },
    {
      id: 'partners',
      section: 'partners',
      type: 'group',
      maxItems: 2,
      when: { question: 'partners.has', equals: 'yes' },
      fields: [
        { id: 'name', type: 'text' },
        { id: 'status', type: 'choice', choices: 'status' },
      ],
    },
    { id: 'money.total', section: 'money', type: 'money', allowUnknown: true },
  ],
});
if (!check.ok) throw new Error(check.problems.join('; '));
const def: QuestionnaireDefinition = check.definition;

const labels: Record<string, string[]> = {
  'industry.manufacturing': ['製造業', 'Manufacturing'],
  'industry.retail': ['小売業', 'Retail'],
  'status.idea': ['構想', 'Idea'],
  'status.agreed': ['合意', 'Agreed'],
  'yes_no.yes': ['はい', 'Yes'],
  'yes_no.no': ['いいえ', 'No'],
};
const ctx: EngineContext = {
  choiceSets: { ...def.choiceSets, yes_no: ['yes', 'no'] },
  choiceLabels: (set, id) => labels[`${set}.${id}`] ?? [],
  commands: {
    back: ['戻る', 'back'],
    edit: ['修正', 'edit'],
    review: ['確認', 'review'],
    skip: ['スキップ', 'skip'],
    pause: ['中断', 'pause'],
    resume: ['再開', 'resume'],
    lang: ['lang'],
    english: ['english'],
    japanese: ['日本語'],
    help: ['help'],
    restart: ['restart'],
    delete: ['delete my data'],
    remove: ['remove', '削除'],
  },
  targetLabels: (kind, id) => (kind === 'section' && id === 'money' ? ['資金', 'Funding'] : []),
};

/** Runs a script of inputs from a fresh state, returning every transition. */
function run(inputs: (string | EngineInput)[], from: IntakeState = initialIntakeState('ja')): Transition[] {
  let state = from;
  const out: Transition[] = [];
  for (const i of [{ kind: 'start' } as EngineInput, ...inputs]) {
    const t = advance(def, state, typeof i === 'string' ? { kind: 'text', text: i } : i, ctx);
    out.push(t);
    state = t.state;
  }
  return out;
}
const last = (ts: Transition[]) => ts[ts.length - 1] as Transition;
const promptOf = (t: Transition): Prompt | undefined => {
  const p = [...t.outbound].reverse().find((o) => o.kind === 'prompt');
  return p?.kind === 'prompt' ? p.prompt : undefined;
};

describe('advance', () => {
  it('welcomes and asks the first question with its progress', () => {
    const [t] = run([]);
    expect(t?.outbound[0]).toEqual({ kind: 'notice', key: 'notice.welcome' });
    expect(promptOf(t as Transition)).toMatchObject({ questionId: 'company.name', progress: { index: 1, count: 3, section: 'company' } });
  });

  it('walks the whole questionnaire with branching into a repeatable group and completes', () => {
    const ts = run(['テスト工業', '1', 'skip', 'はい', 'A社', '合意', 'はい', 'B社', '2', 'いいえ', '3億円']);
    const end = last(ts);
    expect(end.state.completed).toBe(true);
    expect(end.events).toContainEqual({ type: 'completed' });
    expect(end.state.answers).toEqual({
      'company.name': 'テスト工業',
      'company.industry': 'manufacturing',
      'partners.has': 'yes',
      partners: [
        { name: 'A社', status: 'agreed' },
        { name: 'B社', status: 'agreed' },
      ],
      'money.total': 300_000_000,
    });
    expect(end.state.skipped).toEqual(['company.note']);
  });

  it('does not ask the group when its gate is "no" or "don\'t know", and keeps "don\'t know" as an answer', () => {
    const end = last(run(['X', '2', 'skip', 'わからない', 'わからない']));
    expect(end.state.answers['partners.has']).toEqual({ unknown: true });
    expect(end.state.answers.partners).toBeUndefined();
    expect(end.state.answers['money.total']).toEqual({ unknown: true });
    expect(end.state.completed).toBe(true);
  });

  it('re-prompts a bad answer with its error code and keeps earlier answers', () => {
    const end = last(run(['X', '9']));
    expect(end.outbound[0]).toEqual({ kind: 'invalid', code: 'choice.out_of_range', params: { count: 2 } });
    expect(promptOf(end)?.questionId).toBe('company.industry');
    expect(end.state.answers['company.name']).toBe('X');
  });

  it('refuses "skip" on a required question and "don\'t know" where it is not offered', () => {
    expect(last(run(['skip'])).outbound[0]).toEqual({ kind: 'invalid', code: 'command.skip_required' });
    expect(last(run(['X', 'わからない'])).outbound[0]).toEqual({ kind: 'invalid', code: 'unknown.not_allowed' });
  });

  it('goes back to the previous question, shows the current answer, and returns to where it was', () => {
    const ts = run(['X', '1', '戻る']);
    const back = promptOf(last(ts));
    expect(back).toMatchObject({ questionId: 'company.industry', current: 'manufacturing' });
    const after = advance(def, last(ts).state, { kind: 'text', text: '2' }, ctx);
    expect(after.state.answers['company.industry']).toBe('retail');
    expect(promptOf(after)?.questionId).toBe('company.note');
  });

  it('goes back field by field inside a group, keeping the draft', () => {
    const ts = run(['X', '1', 'skip', 'yes', 'A社', 'back']);
    const p = promptOf(last(ts));
    expect(p).toMatchObject({ purpose: 'group_field', fieldId: 'name', current: 'A社', itemIndex: 1 });
  });

  it('edits a question by number, by id and by section name without losing other answers', () => {
    const done = last(run(['X', '1', 'skip', 'no', '100万']));
    const byNumber = advance(def, done.state, { kind: 'text', text: 'edit 1' }, ctx);
    expect(byNumber.outbound).toContainEqual({ kind: 'notice', key: 'notice.completed_locked' });

    const mid = last(run(['X', '1', 'skip', 'no']));
    const edit = advance(def, mid.state, { kind: 'text', text: '修正 1' }, ctx);
    expect(promptOf(edit)).toMatchObject({ questionId: 'company.name', current: 'X' });
    const answered = advance(def, edit.state, { kind: 'text', text: 'Y' }, ctx);
    expect(answered.state.answers).toMatchObject({ 'company.name': 'Y', 'company.industry': 'manufacturing', 'partners.has': 'no' });
    expect(promptOf(answered)?.questionId).toBe('money.total');

    const byId = advance(def, mid.state, { kind: 'text', text: 'edit company.industry' }, ctx);
    expect(promptOf(byId)?.questionId).toBe('company.industry');
    const kept = advance(def, byId.state, { kind: 'text', text: 'skip' }, ctx);
    expect(kept.state.answers['company.industry']).toBe('manufacturing');
    expect(promptOf(kept)?.questionId).toBe('money.total');

    const section = advance(def, mid.state, { kind: 'text', text: 'edit 資金' }, ctx);
    expect(section.outbound).toContainEqual({ kind: 'invalid', code: 'command.edit_not_applicable', params: { target: '資金' } });
    const unknownTarget = advance(def, mid.state, { kind: 'command', command: 'edit', arg: 'nothing-here' }, ctx);
    expect(unknownTarget.outbound[0]).toMatchObject({ kind: 'invalid', code: 'command.edit_unknown' });
    // Typed, a command word with something that is not a target is an answer to the question on screen.
    const typed = advance(def, mid.state, { kind: 'text', text: 'edit nothing-here' }, ctx);
    expect(typed.outbound).not.toContainEqual(expect.objectContaining({ code: 'command.edit_unknown' }));
    expect(promptOf(typed)?.questionId).toBe('money.total');
  });

  it('an edit that turns a branch off keeps the group answers stored, and turning it on again restores them', () => {
    const withGroup = last(run(['X', '1', 'skip', 'yes', 'A社', '1', 'no']));
    const off = advance(def, advance(def, withGroup.state, { kind: 'text', text: 'edit partners.has' }, ctx).state, { kind: 'text', text: 'no' }, ctx);
    expect(off.state.answers.partners).toEqual([{ name: 'A社', status: 'idea' }]);
    expect(promptOf(off)?.questionId).toBe('money.total');
    const on = advance(def, advance(def, off.state, { kind: 'text', text: 'edit partners.has' }, ctx).state, { kind: 'text', text: 'yes' }, ctx);
    expect(on.state.answers.partners).toEqual([{ name: 'A社', status: 'idea' }]);
  });

  it('edits a group by listing its items and can remove one', () => {
    const withGroup = last(run(['X', '1', 'skip', 'yes', 'A社', '1', 'yes', 'B社', '2', 'no']));
    const edit = advance(def, withGroup.state, { kind: 'text', text: 'edit partners' }, ctx);
    expect(promptOf(edit)).toMatchObject({ purpose: 'group_more', items: [{ name: 'A社' }, { name: 'B社' }] });
    const removed = advance(def, edit.state, { kind: 'text', text: '削除 1' }, ctx);
    expect(removed.state.answers.partners).toEqual([{ name: 'B社', status: 'agreed' }]);
    expect(removed.events).toContainEqual({ type: 'group_item_removed', questionId: 'partners', item: { name: 'A社', status: 'idea' } });
    const close = advance(def, removed.state, { kind: 'text', text: 'no' }, ctx);
    expect(promptOf(close)?.questionId).toBe('money.total');
  });

  it('stops adding items at the group maximum', () => {
    const end = last(run(['X', '1', 'skip', 'yes', 'A', '1', 'yes', 'B', '1']));
    expect(end.outbound).toContainEqual({ kind: 'notice', key: 'notice.group_full', params: { max: 2 } });
    expect(promptOf(end)?.questionId).toBe('money.total');
  });

  it('pauses, keeps what is typed next from being taken as an answer, and resumes', () => {
    const paused = last(run(['X', '中断']));
    expect(paused.state.paused).toBe(true);
    const next = advance(def, paused.state, { kind: 'text', text: '1' }, ctx);
    expect(next.state.paused).toBe(false);
    expect(next.state.answers['company.industry']).toBeUndefined();
    expect(next.outbound[0]).toEqual({ kind: 'notice', key: 'notice.resumed' });
    expect(promptOf(next)?.questionId).toBe('company.industry');
  });

  it('switches language keeping every answer', () => {
    const t = last(run(['X', 'english']));
    expect(t.state.locale).toBe('en');
    expect(t.state.answers['company.name']).toBe('X');
    expect(t.events).toContainEqual({ type: 'language_changed', locale: 'en' });
    expect(last(run(['lang ja'], { ...initialIntakeState('en') })).state.locale).toBe('ja');
  });

  it('asks for confirmation before restarting or deleting, and cancels on "no"', () => {
    const ask = last(run(['X', 'restart']));
    expect(promptOf(ask)).toMatchObject({ purpose: 'confirm', key: 'confirm.restart' });
    const no = advance(def, ask.state, { kind: 'text', text: 'いいえ' }, ctx);
    expect(no.state.answers['company.name']).toBe('X');
    expect(promptOf(no)?.questionId).toBe('company.industry');
    const yes = advance(def, ask.state, { kind: 'text', text: 'はい' }, ctx);
    expect(yes.state.answers).toEqual({});
    expect(yes.events).toContainEqual({ type: 'restarted' });

    const del = last(run(['X', 'delete my data', 'yes']));
    expect(del.events).toContainEqual({ type: 'delete_requested' });
  });

  it('treats a button from an older message as stale and re-asks the current question', () => {
    const t = last(run(['X', { kind: 'answer', promptId: 'company.name', value: 'x' }]));
    expect(t.outbound[0]).toEqual({ kind: 'notice', key: 'notice.stale_action' });
    expect(promptOf(t)?.questionId).toBe('company.industry');
    const ok = last(run(['X', { kind: 'answer', promptId: 'company.industry', value: 'retail' }]));
    expect(ok.state.answers['company.industry']).toBe('retail');
    const bad = last(run(['X', { kind: 'answer', promptId: 'company.industry', value: 'bogus' }]));
    expect(bad.outbound[0]).toMatchObject({ kind: 'invalid', code: 'choice.invalid' });
  });

  it('reviews answers with stable numbers and shows help, then re-asks', () => {
    const t = last(run(['X', '1', 'skip', '確認']));
    expect(t.outbound[0]).toEqual({
      kind: 'review',
      items: [
        { number: 1, questionId: 'company.name', section: 'company', value: 'X', skipped: false },
        { number: 2, questionId: 'company.industry', section: 'company', value: 'manufacturing', skipped: false },
        { number: 3, questionId: 'company.note', section: 'company', skipped: true },
      ],
    });
    expect(promptOf(t)?.questionId).toBe('partners.has');
    expect(last(run(['help'])).outbound[0]).toEqual({ kind: 'help' });
  });

  it('rejects empty, over-long and control-character input with a re-prompt', () => {
    expect(last(run([''])).outbound[0]).toMatchObject({ kind: 'invalid', code: 'input.empty' });
    expect(last(run(['a'.repeat(4001)])).outbound[0]).toMatchObject({ kind: 'invalid', code: 'input.too_long' });
    expect(last(run(['a\u0007b'])).outbound[0]).toMatchObject({ kind: 'invalid', code: 'input.control_chars' });
  });

  it('does not change its input state (pure transition)', () => {
    const before = initialIntakeState('ja');
    const copy = structuredClone(before);
    advance(def, before, { kind: 'text', text: 'X' }, ctx);
    expect(before).toEqual(copy);
  });
});
