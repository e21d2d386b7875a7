export type CriterionStatus = 'met' | 'partial' | 'missing' | 'unknown';
export const readinessBands = ['ready', 'needs_partners', 'early', 'ineligible'] as const;
export type ReadinessBand = (typeof readinessBands)[number];

export interface Gap {
  /** i18n key under `readiness.gaps.` (what is missing) and `readiness.actions.` (what a PM could do). */
  code: string;
  criterion: string;
  /** Points this gap could add if closed. */
  potential: number;
  /** True when the answer was "don't know yet": to confirm, not a "no". */
  toConfirm: boolean;
  /** Choice ids to list in the message, e.g. the functions no partner covers. */
  list?: { choiceSet: string; ids: string[] };
}

export interface CriterionResult {
  id: string;
  points: number;
  max: number;
  bonus: boolean;
  status: CriterionStatus;
  /** Question ids whose answers earned points. */
  evidence: string[];
  gaps: Gap[];
}

export interface ReadinessResult {
  rubricVersion: string;
  score: number;
  band: ReadinessBand;
  criteria: CriterionResult[];
  /** Question ids answered "don't know yet". */
  toConfirm: string[];
  /** The most useful next steps, largest gain first. */
  nextSteps: Gap[];
}
