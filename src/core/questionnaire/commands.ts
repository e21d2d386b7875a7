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

/**
 * A whole message that is a command word (optionally after "/"), or a command word followed
 * by an argument ("edit 3", "修正 資金", "lang en"). Words are matched whole so that an answer
 * which merely contains "back" is still an answer.
 */
export function recogniseCommand(text: string, vocabulary: CommandVocabulary): RecognisedCommand | undefined {
  const input = fold(text).replace(/^[/／]/, '');
  if (input.length === 0 || input.length > 80) return undefined;
  let best: { command: CommandId; word: string } | undefined;
  for (const command of commandIds) {
    for (const raw of vocabulary[command] ?? []) {
      const word = fold(raw);
      const matches =
        input === word ||
        input.startsWith(`${word} `) ||
        (isCjk(word) && takesArgument(command) && input.startsWith(word) && input.length - word.length <= 10);
      if (matches && (!best || word.length > best.word.length)) best = { command, word };
    }
  }
  if (!best) return undefined;
  const arg = input.slice(best.word.length).trim();
  if (arg.length > 0 && !takesArgument(best.command)) return undefined;
  return arg.length > 0 ? { command: best.command, arg } : { command: best.command };
}

const takesArgument = (c: CommandId) => c === 'edit' || c === 'lang' || c === 'remove';

// Japanese has no spaces between words, so "修正資金" must still split into command and
// argument; the short-argument limit keeps an answer such as "修正版の部品を…" an answer.
const isCjk = (s: string) => /^[\u3040-\u30ff\u3400-\u9fff]/.test(s);
