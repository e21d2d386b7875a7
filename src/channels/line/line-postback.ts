import { z } from 'zod';
import type { EngineInput } from '../../core/questionnaire/advance.js';

/** What a quick-reply button or a Flex button sends back: an answer to one question, or a command. */
export type LinePostback = { kind: 'answer'; promptId: string; value: string } | { kind: 'command'; command: string; arg?: string };

// Short keys: LINE caps postback data at 300 characters, and a prompt id of a group field is already long.
const answerData = z.object({ k: z.literal('a'), p: z.string().min(1).max(200), v: z.string().min(1).max(80) });
const commandData = z.object({ k: z.literal('c'), c: z.enum(['back', 'review', 'pause', 'resume', 'skip', 'lang', 'help']), arg: z.enum(['ja', 'en']).optional() });

export function encodePostback(p: LinePostback): string {
  const fields: Record<string, string> = p.kind === 'answer' ? { k: 'a', p: p.promptId, v: p.value } : { k: 'c', c: p.command, ...(p.arg ? { arg: p.arg } : {}) };
  return new URLSearchParams(fields).toString();
}

/** The postback as engine input; null for data this bot did not write (an old rich menu, a forged request). */
export function postbackInput(data: string): EngineInput | null {
  const fields = Object.fromEntries(new URLSearchParams(data));
  const answer = answerData.safeParse(fields);
  if (answer.success) return { kind: 'answer', promptId: answer.data.p, value: answer.data.v };
  const command = commandData.safeParse(fields);
  if (!command.success) return null;
  return command.data.arg ? { kind: 'command', command: command.data.c, arg: command.data.arg } : { kind: 'command', command: command.data.c };
}
