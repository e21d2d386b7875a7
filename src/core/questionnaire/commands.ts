import { z } from 'zod';

export const commandIds = [
  'back',
  'edit',
  'review',
  'skip',
  'pause',
  'resume',
  'lang',
  'english',
  'japanese',
  'help',
  'restart',
  'delete',
  'remove',
  'stop_reminders',
] as const;
export type CommandId = (typeof commandIds)[number];

export const isCommandId = (s: string): s is CommandId => (commandIds as readonly string[]).includes(s);

/** The words people type for each command, in every language (from locales/<lng>/commands). */
export const commandVocabularySchema = z.record(z.enum(commandIds), z.array(z.string().min(1)));
export type CommandVocabulary = Partial<Record<CommandId, string[]>>;

export interface RecognisedCommand {
  command: CommandId;
  arg?: string;
}

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

/** The commands that take an argument, and a test of whether a text is one of theirs. */
export type ArgumentCommand = 'edit' | 'lang' | 'remove';
export type ArgumentFits = (command: ArgumentCommand, arg: string) => boolean;

/**
 * A command only when the whole message is one: a command word alone (optionally after "/"),
 * or a command word with an argument that command understands ("修正 3", "edit funding",
 * "言語 英語", "削除 2"). Anything else that starts with a command word — 「修正液の新製法」,
 * "change management consulting", "delete the old records" — is an answer, so nothing a
 * person types as an answer can be taken from them as a command. `fits` says which arguments
 * count; without the questionnaire at hand only numbers and language names do.
 */
export function recogniseCommand(text: string, vocabulary: CommandVocabulary, fits: ArgumentFits = basicArgumentFits): RecognisedCommand | undefined {
  const input = fold(text).replace(/^[/／]/, '');
  if (input.length === 0 || input.length > 80) return undefined;
  let best: RecognisedCommand | undefined;
  let bestWord = '';
  for (const command of commandIds) {
    for (const raw of vocabulary[command] ?? []) {
      const word = fold(raw);
      if (word.length <= bestWord.length) continue;
      if (input === word) {
        best = { command };
        bestWord = word;
        continue;
      }
      if (!input.startsWith(word) || !isArgumentCommand(command)) continue;
      const rest = input.slice(word.length);
      // Japanese has no spaces between words ("修正3", "削除２"); other scripts need one.
      if (!rest.startsWith(' ') && !isCjk(word)) continue;
      const arg = rest.trim();
      if (arg.length > 0 && fits(command, arg)) {
        best = { command, arg };
        bestWord = word;
      }
    }
  }
  return best;
}

const isArgumentCommand = (c: CommandId): c is ArgumentCommand => c === 'edit' || c === 'lang' || c === 'remove';

/** 3, q3, #3, no.3, 3番 (full-width digits are folded before this). */
export const isQuestionNumber = (arg: string): boolean => /^(?:q|no\.?|#)?\s?\d{1,3}\s?(?:番)?$/.test(arg);

/** The item numbers "remove" takes: 2, #2, 2番, 2番目, 2つ目. */
const isItemNumber = (arg: string): boolean => /^#?\d{1,3}\s?(?:番目?|つ目|個目|件目)?$/.test(arg);

/** The language a "lang" argument names, if any. */
export function languageOf(arg: string): 'ja' | 'en' | undefined {
  const a = arg.trim().toLowerCase();
  if (['ja', 'jp', 'japanese', '日本語', 'にほんご'].includes(a)) return 'ja';
  if (['en', 'english', '英語', 'えいご'].includes(a)) return 'en';
  return undefined;
}

export const basicArgumentFits: ArgumentFits = (command, arg) =>
  command === 'edit' ? isQuestionNumber(arg) : command === 'remove' ? isItemNumber(arg) : languageOf(arg) !== undefined;

// Japanese has no spaces between words, so "修正資金" must still split into command and
// argument; the argument test keeps 「修正液の新製法」 an answer.
const isCjk = (s: string) => /^[\u3040-\u30ff\u3400-\u9fff]/.test(s);
