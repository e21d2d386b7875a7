import { describe, expect, it } from 'vitest';
import type { Program } from './programs-schema.js';
import { suggestPrograms, type ProgramFacts } from './suggest-programs.js';

const program = (id: string, hints: Program['hints'], available = true): Program => ({
  id,
  name: { ja: id, en: id },
  summary: { ja: id, en: id },
  available,
  hints,
});

// Mirrors the hints of the shipped config/programs.json (test/config runs the file itself).
const PROGRAMS: Program[] = [
  program('keiei_kakushin', { requiresJointApplication: false }),
  program('go_tech', { requiresAcademia: true, themes: ['core_tech', 'next_gen'] }),
  program('regional_bank', { requiresBank: false }),
  program('jfc_loan', {}),
  program('credit_guarantee', { requiresBank: true }),
  program('shinrenkei', { requiresJointApplication: true }, false),
];

const facts = (f: Partial<ProgramFacts> = {}): ProgramFacts => ({ academiaInvolved: false, bankInvolved: false, partnerCount: 0, ...f });
const ids = (f: Partial<ProgramFacts>) => suggestPrograms(PROGRAMS, facts(f)).map((p) => p.id);

describe('suggestPrograms', () => {
  it('never suggests shinrenkei, whatever the facts', () => {
    for (const academiaInvolved of [true, false])
      for (const bankInvolved of [true, false])
        for (const partnerCount of [0, 1, 5])
          for (const theme of [undefined, 'core_tech', 'other'])
            expect(ids({ academiaInvolved, bankInvolved, partnerCount, ...(theme ? { theme } : {}) })).not.toContain('shinrenkei');
  });

  it('with nothing in place, keeps the office order of the general routes', () => {
    expect(ids({})).toEqual(['keiei_kakushin', 'regional_bank', 'jfc_loan']);
  });

  it('puts Go-Tech first when academia is involved, and leaves it out otherwise', () => {
    expect(ids({ academiaInvolved: true })[0]).toBe('go_tech');
    expect(ids({ academiaInvolved: false })).not.toContain('go_tech');
  });

  it('suggests a credit guarantee only once a bank is involved', () => {
    expect(ids({})).not.toContain('credit_guarantee');
    expect(ids({ bankInvolved: true })).toEqual(['credit_guarantee', 'keiei_kakushin', 'regional_bank', 'jfc_loan']);
  });

  it('ranks a matching theme above an unmatched one', () => {
    const themed = [program('a', {}), program('b', { themes: ['environment'] })];
    expect(suggestPrograms(themed, facts({ theme: 'environment' })).map((p) => p.id)).toEqual(['b', 'a']);
    expect(suggestPrograms(themed, facts({ theme: 'daily_life' })).map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('needs at least one partner for a program that requires a joint application', () => {
    const joint = [program('joint', { requiresJointApplication: true })];
    expect(suggestPrograms(joint, facts({ partnerCount: 0 }))).toEqual([]);
    expect(suggestPrograms(joint, facts({ partnerCount: 1 })).map((p) => p.id)).toEqual(['joint']);
  });

  it('does not reorder its input', () => {
    const copy = [...PROGRAMS];
    suggestPrograms(PROGRAMS, facts({ academiaInvolved: true, bankInvolved: true }));
    expect(PROGRAMS).toEqual(copy);
  });
});
