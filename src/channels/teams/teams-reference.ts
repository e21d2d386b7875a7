import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';

/**
 * Where the bot can reach a conversation later: the part of botbuilder's ConversationReference
 * we keep (person's address, a PM's personal chat, an office channel). Stored as JSON and
 * parsed on the way back, since rows written by an older version may lack fields.
 */
const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

export const teamsReferenceSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  locale: z.string().optional(),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: account.optional(),
  user: account.optional(),
});
export type TeamsReference = z.infer<typeof teamsReferenceSchema>;

/** Reads a stored reference; null when there is none or it is not one. */
export function parseReference(value: unknown): TeamsReference | null {
  const parsed = teamsReferenceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The JSON we store: no `activityId`, so messages sent later start new posts instead of replying to an old one. */
export function toStored(ref: TeamsReference): Record<string, unknown> {
  return JSON.parse(JSON.stringify(ref)) as Record<string, unknown>;
}

export function toConversationReference(ref: TeamsReference): ConversationReference {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    ...(ref.locale ? { locale: ref.locale } : {}),
    conversation: {
      id: ref.conversation.id,
      conversationType: ref.conversation.conversationType ?? 'personal',
      isGroup: ref.conversation.isGroup ?? false,
      name: '',
      ...(ref.conversation.tenantId ? { tenantId: ref.conversation.tenantId } : {}),
    },
    bot: { id: ref.bot?.id ?? '', name: ref.bot?.name ?? '' },
    ...(ref.user ? { user: { id: ref.user.id, name: ref.user.name ?? '', ...(ref.user.aadObjectId ? { aadObjectId: ref.user.aadObjectId } : {}) } } : {}),
  };
}

/** An office channel (or group chat) from the offices configuration. */
export function officeReference(target: { conversationId: string; serviceUrl: string; tenantId?: string | undefined }, botId: string): TeamsReference {
  return {
    channelId: 'msteams',
    serviceUrl: target.serviceUrl,
    conversation: { id: target.conversationId, conversationType: 'channel', isGroup: true, ...(target.tenantId ? { tenantId: target.tenantId } : {}) },
    bot: { id: botId },
  };
}
