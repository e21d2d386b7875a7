import { createHmac, randomUUID } from 'node:crypto';

/**
 * Webhook requests as LINE sends them (developers.line.biz/en/reference/messaging-api/#webhook-event-objects),
 * signed as LINE signs them: x-line-signature = base64(HMAC-SHA256(channel secret, raw body)).
 */

export const CHANNEL_SECRET = '0123456789abcdef0123456789abcdef';
/** The bot's own user id: `destination` of every webhook. */
export const BOT_USER_ID = 'U0000000000000000000000000000b0t';

export const lineSignature = (body: string, secret: string = CHANNEL_SECRET): string => createHmac('sha256', secret).update(body).digest('base64');

/** A ULID-like webhook event id, unique per event (LINE's are 26 characters). */
export const webhookEventId = (): string => `01${randomUUID().replace(/-/g, '').toUpperCase().slice(0, 24)}`;

type Json = Record<string, unknown>;

const base = (userId: string, extra: Json): Json => ({
  mode: 'active',
  timestamp: Date.now(),
  source: { type: 'user', userId },
  webhookEventId: webhookEventId(),
  deliveryContext: { isRedelivery: false },
  ...extra,
});

export const textEvent = (userId: string, text: string, replyToken: string): Json =>
  base(userId, { type: 'message', replyToken, message: { id: String(Date.now()) + Math.floor(Math.random() * 1000), type: 'text', quoteToken: randomUUID(), text } });

export const stickerEvent = (userId: string, replyToken: string): Json =>
  base(userId, { type: 'message', replyToken, message: { id: String(Date.now()), type: 'sticker', quoteToken: randomUUID(), packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC', keywords: ['happy'] } });

export const imageEvent = (userId: string, replyToken: string): Json =>
  base(userId, { type: 'message', replyToken, message: { id: String(Date.now()), type: 'image', quoteToken: randomUUID(), contentProvider: { type: 'line' } } });

export const postbackEvent = (userId: string, data: string, replyToken: string): Json => base(userId, { type: 'postback', replyToken, postback: { data } });

export const followEvent = (userId: string, replyToken: string, isUnblocked = false): Json => base(userId, { type: 'follow', replyToken, follow: { isUnblocked } });

export const unfollowEvent = (userId: string): Json => base(userId, { type: 'unfollow' });

export const webhookBody = (events: Json[]): string => JSON.stringify({ destination: BOT_USER_ID, events });

/** The same event as LINE redelivers it: the same webhookEventId, `isRedelivery` true, a new reply token. */
export const redelivered = (event: Json, replyToken?: string): Json => ({ ...event, deliveryContext: { isRedelivery: true }, ...(replyToken ? { replyToken } : {}) });
