import type { Condition } from './definition.js';
import { isUnknown, type AnswerValue } from './answer-value.js';

/** Branching rules read only current answers; a "don't know" never satisfies a value test. */
export function conditionHolds(cond: Condition, answers: Record<string, AnswerValue>): boolean {
  if ('all' in cond) return cond.all.every((c) => conditionHolds(c, answers));
  if ('any' in cond) return cond.any.some((c) => conditionHolds(c, answers));
  if ('not' in cond) return !conditionHolds(cond.not, answers);
  const value = answers[cond.question];
  if ('answered' in cond) return (value !== undefined && !isUnknown(value)) === cond.answered;
  if (value === undefined || isUnknown(value)) return false;
  if ('equals' in cond) return value === cond.equals;
  if ('in' in cond) return typeof value === 'string' && cond.in.includes(value);
  return Array.isArray(value) && value.some((v) => typeof v === 'string' && cond.includesAny.includes(v));
}
