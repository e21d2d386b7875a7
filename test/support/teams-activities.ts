import { randomUUID } from 'node:crypto';

/**
 * Activity JSON as Teams sends it to a bot (Bot Framework schema, channelId "msteams"):
 * personal-chat messages, Action.Submit results, Universal Action invokes, channel clicks.
 */

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:renkei-local-bot', name: 'Renkei' };

export interface TeamsPerson {
  /** Entra object id: how offices.json names PMs and how the bot knows a person. */
  aad: string;
  name: string;
  locale: string;
}

export const personalConversation = (p: TeamsPerson) => `a:1personal-${p.aad};chat`;

type Activity = Record<string, unknown>;

function base(serviceUrl: string, p: TeamsPerson, conversation: Record<string, unknown>): Activity {
  return {
    id: `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: p.locale,
    from: { id: `29:${p.aad}`, name: p.name, aadObjectId: p.aad },
    recipient: BOT,
    conversation,
    channelData: { tenant: { id: TENANT } },
  };
}

const personal = (p: TeamsPerson) => ({ id: personalConversation(p), conversationType: 'personal', tenantId: TENANT, isGroup: false });

export function messageActivity(serviceUrl: string, p: TeamsPerson, text: string, extra: Activity = {}): Activity {
  return { ...base(serviceUrl, p, personal(p)), type: 'message', text, textFormat: 'plain', ...extra };
}

/** Action.Submit: a message with no text whose `value` is the action's data with the inputs merged in. */
export function submitActivity(serviceUrl: string, p: TeamsPerson, value: Record<string, unknown>, replyToId?: string): Activity {
  return { ...base(serviceUrl, p, personal(p)), type: 'message', value, ...(replyToId ? { replyToId } : {}) };
}

export function invokeActivity(serviceUrl: string, p: TeamsPerson, name: string, value: unknown): Activity {
  return { ...base(serviceUrl, p, personal(p)), type: 'invoke', name, value };
}

export function installActivity(serviceUrl: string, p: TeamsPerson): Activity {
  return { ...base(serviceUrl, p, personal(p)), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}

/** A click on a card in a team channel: the conversation is the channel's thread of that card. */
export function channelSubmitActivity(serviceUrl: string, p: TeamsPerson, channelId: string, cardId: string, value: Record<string, unknown>): Activity {
  return {
    ...base(serviceUrl, p, { id: `${channelId};messageid=${cardId}`, conversationType: 'channel', tenantId: TENANT, isGroup: true }),
    type: 'message',
    value,
    replyToId: cardId,
    channelData: { tenant: { id: TENANT }, channel: { id: channelId }, team: { id: '19:team@thread.tacv2' } },
  };
}

export const freshId = () => randomUUID();
