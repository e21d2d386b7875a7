import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The scripted company: the battery-maintenance consultation of test/fixtures, answered as a
 * person types it (labels, amounts like "３千万円"), one answer per question the bot asks.
 * The bot's prompt ids say which question is open: `company.name`, `partners#2.kind`,
 * `partners#more`.
 */
type Answers = Record<string, unknown>;

const file = fileURLToPath(new URL('../../test/fixtures/answers/battery-ja.json', import.meta.url));
export const batteryAnswers: Answers = JSON.parse(readFileSync(file, 'utf8')) as Answers;

const YES = 'はい';
const NO = 'いいえ';
/** Typed when the script has no answer; an optional question is then left out. */
export const SKIP = 'スキップ';
/** The first message of a conversation. */
export const HELLO = 'こんにちは';

const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String).join('、');
  return String(v);
};

/** What the company types for the question `promptId`; `given` counts the group entries given so far. */
export function answerFor(promptId: string, given: ReadonlyMap<string, number>, answers: Answers = batteryAnswers): string {
  const more = /^(.+)#more$/.exec(promptId);
  if (more?.[1]) {
    const list = answers[more[1]];
    return Array.isArray(list) && (given.get(more[1]) ?? 0) < list.length ? YES : NO;
  }
  const field = /^(.+)#(\d+)\.(.+)$/.exec(promptId);
  if (field?.[1] && field[2] && field[3]) {
    const list = answers[field[1]];
    const item: unknown = Array.isArray(list) ? list[Number(field[2]) - 1] : undefined;
    return (typeof item === 'object' && item !== null ? text((item as Record<string, unknown>)[field[3]]) : undefined) ?? SKIP;
  }
  const direct = text(answers[promptId]);
  if (direct !== undefined) return direct;
  // A gate such as `partners.has_candidates`: yes when the file lists entries for that group.
  const group = answers[promptId.split('.')[0] ?? ''];
  if (Array.isArray(group)) return group.length > 0 ? YES : NO;
  return SKIP;
}

/** One company's way through the questionnaire. */
export class Conversation {
  private readonly given = new Map<string, number>();
  private last: string | null = null;

  /** The text to send for the open question; throws when the bot asks the same thing again (the script's answer was refused). */
  next(promptId: string): string {
    if (promptId === this.last && !promptId.endsWith('#more')) throw new Error(`the bot asked ${promptId} again: the scripted answer was refused`);
    this.last = promptId;
    const field = /^(.+)#(\d+)\.(.+)$/.exec(promptId);
    if (field?.[1]) this.given.set(field[1], Math.max(this.given.get(field[1]) ?? 0, Number(field[2])));
    return answerFor(promptId, this.given);
  }

  /** The consent question is the last: its answer completes the intake. */
  static isLast(promptId: string): boolean {
    return promptId === 'consent.share_with_office';
  }
}
