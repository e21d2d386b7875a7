import { describe, expect, it } from 'vitest';
import { advance, type EngineContext, type EngineInput } from './advance.js';
import { validateDefinition } from './validate-definition.js';
import { initialIntakeState, type IntakeState } from './intake-state.js';
import { isRepeatedPress } from './repeated-press.js';

const check = validateDefinition({
  id: 'mini',
  version: '1',
  sections: ['company', 'partners'],
  choiceSets: { industry: ['manufacturing', 'retail'] },
  questions: [
    { id: 'company.name', section: 'company', type: 'text' },
    { id: 'company.industry', section: 'company', type: 'choice', choices: 'industry', allowUnknown: true },
    { id: 'partners', section: 'partners', type: 'group', maxItems: 3, fields: [{ id: 'name', type: 'text' }, { id: 'kind', type: 'choice', choices: 'industry' }] },
  ],
});
if (!check.ok) throw new Error(check.problems.join('; '));
const def = check.definition;
const ctx: EngineContext = { choiceSets: { ...def.choiceSets, yes_no: ['yes', 'no'] }, choiceLabels: () => [], commands: {}, targetLabels: () => [] };
const run = (inputs: EngineInput[]): IntakeState => inputs.reduce((s, i) => advance(def, s, i, ctx).state, advance(def, initialIntakeState('ja'), { kind: 'start' }, ctx).state);
const press = (promptId: string, value: string | string[]): EngineInput => ({ kind: 'answer', promptId, value });

describe('a repeated press', () => {
  const s = run([{ kind: 'text', text: 'テスト株式会社' }, press('company.industry', 'retail'), { kind: 'text', text: 'A社' }]);

  it('is the same answer again on a prompt already past: a button value, or text typed into the card', () => {
    expect(isRepeatedPress(def, s, press('company.industry', 'retail'), ctx)).toBe(true);
    expect(isRepeatedPress(def, s, press('company.name', 'テスト株式会社'), ctx)).toBe(true);
    expect(isRepeatedPress(def, s, press('partners#1.name', 'A社'), ctx)).toBe(true);
  });

  it('is not a different answer, the question being asked, a prompt not reached, or typed text', () => {
    expect(isRepeatedPress(def, s, press('company.industry', 'manufacturing'), ctx)).toBe(false);
    expect(isRepeatedPress(def, s, press('company.industry', 'unknown'), ctx)).toBe(false);
    expect(isRepeatedPress(def, s, press('partners#1.kind', 'retail'), ctx)).toBe(false);
    expect(isRepeatedPress(def, s, press('partners#2.name', 'A社'), ctx)).toBe(false);
    expect(isRepeatedPress(def, s, press('nonexistent', 'x'), ctx)).toBe(false);
    expect(isRepeatedPress(def, s, { kind: 'text', text: 'retail' }, ctx)).toBe(false);
  });

  it('of "another?" and of a confirmation counts once it is no longer asked', () => {
    const more = run([{ kind: 'text', text: 'テスト' }, press('company.industry', 'retail'), { kind: 'text', text: 'A社' }, press('partners#1.kind', 'retail')]);
    expect(isRepeatedPress(def, more, press('partners#more', 'no'), ctx)).toBe(false);
    const closed = advance(def, more, press('partners#more', 'no'), ctx).state;
    expect(isRepeatedPress(def, closed, press('partners#more', 'no'), ctx)).toBe(true);
    expect(isRepeatedPress(def, closed, press('confirm.restart', 'no'), ctx)).toBe(true);
    expect(isRepeatedPress(def, { ...closed, confirm: 'restart' }, press('confirm.restart', 'no'), ctx)).toBe(false);
  });
});
