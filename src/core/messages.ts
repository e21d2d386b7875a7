import type { AnswerType } from './questionnaire/definition.js';
import type { AnswerValue, GroupItem } from './questionnaire/answer-value.js';
import type { Gap, ReadinessBand } from './readiness/readiness-result.js';

/**
 * Channel-neutral outbound messages: i18n keys and parameters, never finished text.
 * Each channel renders them (terminal text, Block Kit, Adaptive Cards).
 */
export type Params = Record<string, string | number>;

export interface Progress {
  section: string;
  /** 1-based position of the section among the questionnaire's sections. */
  index: number;
  count: number;
  /**
   * What a person can feel move: questions answered or skipped so far, of the questions that
   * apply given the answers (an estimate — `total` grows when an answer opens a follow-up).
   */
  answered: number;
  total: number;
  /** `answered` of `total`, as a whole percentage. */
  percent: number;
}

export interface Prompt {
  /** Identifies what is being asked, so a button from an older message can be recognised as stale. */
  promptId: string;
  /** `suggest`: "did you mean …?" about the answer just typed to the question named here. */
  purpose: 'question' | 'group_field' | 'group_more' | 'confirm' | 'suggest';
  questionId: string;
  fieldId?: string;
  /** 1-based item number inside a repeatable group. */
  itemIndex?: number;
  /** i18n key of the question text. */
  key: string;
  type: AnswerType;
  choiceSet?: string;
  choices?: string[];
  exclusive?: string[];
  optional: boolean;
  allowUnknown: boolean;
  min?: number;
  max?: number;
  progress: Progress;
  /** The answer already given, when the question is asked again (back, edit). */
  current?: AnswerValue;
  /** The items so far, when asking whether to add another. */
  items?: GroupItem[];
  /** For a one-option `suggest`: the choice ids it offers, shown in the question ("「特許を取得済み」のことですか？"). */
  suggested?: string[];
}

/** How a number was qualified when typed: hedged (約45人) or a range (30〜50人, stored as its middle). */
export interface AnswerNote {
  approximate?: true;
  range?: [number, number];
}

export interface ReviewItem {
  number: number;
  questionId: string;
  section: string;
  value?: AnswerValue;
  skipped: boolean;
  note?: AnswerNote;
}

export type Outbound =
  | { kind: 'notice'; key: string; params?: Params }
  | { kind: 'invalid'; code: string; params?: Params }
  | { kind: 'prompt'; prompt: Prompt }
  /** Read-back of a parsed answer, shown on the same message as the next question. */
  | { kind: 'recorded'; questionId: string; fieldId?: string; value: AnswerValue; note?: AnswerNote }
  | { kind: 'review'; items: ReviewItem[] }
  | { kind: 'help' }
  | { kind: 'completed' }
  /** What the company sees at the end: band, score, next steps; never a promise of certification or subsidy. */
  | { kind: 'summary'; band: ReadinessBand; score: number; nextSteps: Gap[]; toConfirm: string[]; office: { id: string; name: { ja: string; en: string } } | null; shared: boolean }
  /** A message from someone else (a PM's question, a claim), delivered into this conversation. */
  | { kind: 'relayed'; key: string; params: Params };
