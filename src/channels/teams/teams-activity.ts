import { z } from 'zod';
import { handoffOutcomes } from '../../core/handoff/handoff.js';
import { MAX_LONG_TEXT } from '../../core/questionnaire/parse-answer.js';
import type { EngineInput } from '../../core/questionnaire/advance.js';
import { withoutMentions } from './teams-text.js';

/** The fields of an incoming Activity we act on, parsed rather than trusted. */
const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional(), role: z.string().optional() });

export const inboundActivitySchema = z.object({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  textFormat: z.string().optional(),
  value: z.unknown().optional(),
  locale: z.string().optional(),
  replyToId: z.string().optional(),
  channelId: z.string(),
  serviceUrl: z.string(),
  from: account,
  recipient: account.optional(),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional(), isGroup: z.boolean().optional() }),
  membersAdded: z.array(account).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string() })).optional(),
});
export type InboundActivity = z.infer<typeof inboundActivitySchema>;

const promptId = z.string().min(1).max(300);

/**
 * What our cards send back: Action.Submit puts `data` (with the card's input values merged in)
 * into a message's `value`; Action.Execute sends the same `data` in an invoke.
 */
export const cardDataSchema = z.discriminatedUnion('renkei', [
  z.object({
    renkei: z.literal('answer'),
    promptId,
    input: z.enum(['choice', 'multi', 'text']).optional(),
    choice: z.string().max(100).optional(),
    answer: z.string().max(MAX_LONG_TEXT * 2).optional(),
  }),
  z.object({ renkei: z.literal('command'), command: z.string().min(1).max(20), arg: z.string().max(20).optional() }),
  z.object({
    renkei: z.literal('handoff'),
    action: z.enum(['claim', 'ask', 'note', 'close', 'plan_docx']),
    handoffId: z.string().min(1).max(100),
    askText: z.string().max(MAX_LONG_TEXT * 2).optional(),
    noteText: z.string().max(MAX_LONG_TEXT * 2).optional(),
    outcome: z.union([z.enum(handoffOutcomes), z.literal('')]).optional(),
  }),
]);
export type CardData = z.infer<typeof cardDataSchema>;

export const executeValueSchema = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() }),
});

export const isFromBot = (a: InboundActivity): boolean => a.from.role === 'bot' || (a.recipient !== undefined && a.from.id === a.recipient.id);

export const isPersonal = (a: InboundActivity): boolean =>
  a.conversation.conversationType === 'personal' || (a.conversation.conversationType === undefined && a.conversation.isGroup !== true);

/** The person behind an activity: their Entra object id, which is also how offices.json names PMs. */
export const userIdOf = (a: InboundActivity): string => a.from.aadObjectId ?? a.from.id;

/**
 * A message that carries only a file or a picture: attachments other than the `text/html` copy
 * of the text that Teams adds to ordinary messages, or an inline `<img>`, and no words.
 */
export const onlyAttachments = (a: InboundActivity, typed: string): boolean =>
  typed === '' && ((a.attachments ?? []).some((x) => x.contentType !== 'text/html') || /<img\b/i.test(a.text ?? ''));

/** Words of the app's command list (manifest) and their Japanese forms that open or resume the consultation. */
const startWords = new Set(['start', 'resume', 'はじめる', '始める', '開始', '再開', '続き']);

/** A typed message as engine input: `text` is what the person typed (see teams-text.ts). */
export function textInput(text: string): EngineInput {
  const clean = withoutMentions(text);
  const word = clean.normalize('NFKC').trim().replace(/^[/／]/, '').toLowerCase();
  return startWords.has(word) ? { kind: 'start' } : { kind: 'text', text: clean };
}
