import { describe, expect, it } from 'vitest';
import { validatePrograms } from './validate-programs.js';

const entry = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: { ja: id, en: id },
  summary: { ja: id, en: id },
  available: true,
  hints: {},
  ...extra,
});

const problemsOf = (raw: unknown): string[] => {
  const check = validatePrograms(raw);
  return check.ok ? [] : check.problems;
};

describe('validatePrograms', () => {
  it('accepts a minimal program list', () => {
    expect(problemsOf({ version: '1', programs: [entry('a')] })).toEqual([]);
  });

  it('rejects duplicate ids', () => {
    expect(problemsOf({ version: '1', programs: [entry('a'), entry('a')] })).toEqual(['program "a": duplicate program id']);
  });

  it('requires a note on an unavailable program', () => {
    expect(problemsOf({ version: '1', programs: [entry('old', { available: false })] })).toEqual([
      'program "old": an unavailable program needs a "note" saying why',
    ]);
  });

  it('names the program and field in schema errors', () => {
    expect(problemsOf({ version: '1', programs: [entry('go_tech', { hints: { requiresAcademia: 'yes' } })] })[0]).toMatch(
      /^program "go_tech" \(hints\.requiresAcademia\): /,
    );
    expect(problemsOf({ version: '1', programs: [entry('x', { url: 'javascript:alert(1)' })] })[0]).toMatch(/^program "x" \(url\)/);
    expect(problemsOf({ version: '1', programs: [entry('x', { summary: { ja: 'だけ' } })] })[0]).toMatch(/^program "x" \(summary\.en\)/);
    expect(problemsOf({ version: '1', programs: [] })[0]).toMatch(/^programs: /);
  });
});
