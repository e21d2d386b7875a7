import type { Program } from './programs-schema.js';

export type ProgramFacts = {
  academiaInvolved: boolean;
  bankInvolved: boolean;
  /** Partners besides the core company. */
  partnerCount: number;
  /** A `theme_category` choice id. */
  theme?: string;
};

/**
 * The support routes worth showing for an intake, best fit first. Unavailable programs are
 * never suggested: the bot must not promise a route that is closed (新連携 certification).
 * Programs whose hard requirement is unmet are left out; each met requirement and a matching
 * theme raise a program, and ties keep the office's order from programs.json.
 */
export function suggestPrograms(programs: readonly Program[], facts: ProgramFacts): Program[] {
  const scored: { program: Program; score: number; index: number }[] = [];
  programs.forEach((program, index) => {
    if (!program.available) return;
    const { hints } = program;
    const requirements = [
      { required: hints.requiresAcademia === true, met: facts.academiaInvolved },
      { required: hints.requiresBank === true, met: facts.bankInvolved },
      // A joint application needs the core company and at least one partner.
      { required: hints.requiresJointApplication === true, met: facts.partnerCount >= 1 },
    ].filter((r) => r.required);
    if (requirements.some((r) => !r.met)) return;
    const themeMatch = facts.theme !== undefined && (hints.themes?.includes(facts.theme) ?? false);
    scored.push({ program, score: requirements.length * 2 + (themeMatch ? 1 : 0), index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.program);
}
