import { describe, expect, it } from 'vitest';
import { validateDefinition } from './validate-definition.js';

const base = () => ({
  id: 'x',
  version: '1',
  sections: ['a', 'b'],
  choiceSets: { colours: ['red', 'blue'] },
  questions: [
    { id: 'a.name', section: 'a', type: 'text' },
    { id: 'b.colour', section: 'b', type: 'choice', choices: 'colours' },
  ] as Record<string, unknown>[],
});

const problems = (raw: unknown) => {
  const r = validateDefinition(raw);
  return r.ok ? [] : r.problems;
};

describe('validateDefinition', () => {
  it('accepts a sound definition and fills defaults', () => {
    const r = validateDefinition(base());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.definition.questions[0]).toMatchObject({ required: true, allowUnknown: false });
  });

  it('names the question with a bad type', () => {
    const d = base();
    d.questions[1] = { id: 'b.colour', section: 'b', type: 'colour-picker' };
    expect(problems(d).join()).toContain('question "b.colour" (type)');
  });

  it('names duplicate ids, unknown sections and unknown choice sets', () => {
    const d = base();
    d.questions.push({ id: 'a.name', section: 'a', type: 'text' });
    d.questions.push({ id: 'b.size', section: 'nowhere', type: 'choice', choices: 'sizes' });
    const p = problems(d).join('\n');
    expect(p).toContain('question "a.name": duplicate id');
    expect(p).toContain('question "b.size": unknown section "nowhere"');
    expect(p).toContain('question "b.size": unknown choice set "sizes"');
  });

  it('refuses conditions on later or unknown questions', () => {
    const d = base();
    d.questions[0] = { id: 'a.name', section: 'a', type: 'text', when: { question: 'b.colour', equals: 'red' } };
    expect(problems(d).join()).toContain('question "a.name": condition refers to "b.colour", which is not an earlier question');
  });

  it('refuses a section without questions, a bad id and a group whose first field is optional', () => {
    const d = base();
    d.sections.push('c');
    d.questions.push({ id: 'a.group', section: 'a', type: 'group', fields: [{ id: 'n', type: 'text', required: false }] });
    const p = problems(d).join('\n');
    expect(p).toContain('section "c": has no questions');
    expect(p).toContain('question "a.group": the first field of a group must be required');
  });

  it('names a question whose id breaks the id rules', () => {
    const d = base();
    d.questions.push({ id: 'Bad Id', section: 'a', type: 'text' });
    expect(problems(d).join()).toContain('question "Bad Id" (id): must be lower_snake_case');
  });

  it('refuses exclusive choices outside the set and min above max', () => {
    const d = base();
    d.questions.push({ id: 'b.many', section: 'b', type: 'multi_choice', choices: 'colours', exclusive: ['green'] });
    d.questions.push({ id: 'b.n', section: 'b', type: 'integer', min: 5, max: 3 });
    const p = problems(d).join('\n');
    expect(p).toContain('exclusive choice "green" is not in "colours"');
    expect(p).toContain('question "b.n": min is greater than max');
  });

  it('reports a non-object definition without throwing', () => {
    expect(problems(null).length).toBeGreaterThan(0);
    expect(problems('nonsense').length).toBeGreaterThan(0);
  });
});
