import { z } from 'zod';

/**
 * The webhook events this bot acts on, parsed from LINE's documented payload
 * (developers.line.biz/en/reference/messaging-api/#webhook-event-objects); fields it does not
 * use are let through untouched, other event types are kept as `other` and ignored.
 */
const source = z.looseObject({ type: z.enum(['user', 'group', 'room']), userId: z.string().min(1).optional(), groupId: z.string().optional(), roomId: z.string().optional() });

const common = {
  // "standby": another channel (a module) is in charge of this chat; the bot must not reply.
  mode: z.enum(['active', 'standby']).default('active'),
  timestamp: z.number(),
  source: source.optional(),
  webhookEventId: z.string().min(1),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
};

const messageEvent = z.looseObject({
  ...common,
  type: z.literal('message'),
  replyToken: z.string().min(1).optional(),
  message: z.looseObject({ id: z.string(), type: z.string(), text: z.string().optional() }),
});
const postbackEvent = z.looseObject({ ...common, type: z.literal('postback'), replyToken: z.string().min(1).optional(), postback: z.looseObject({ data: z.string() }) });
const followEvent = z.looseObject({ ...common, type: z.literal('follow'), replyToken: z.string().min(1).optional(), follow: z.looseObject({ isUnblocked: z.boolean().optional() }).optional() });
const unfollowEvent = z.looseObject({ ...common, type: z.literal('unfollow') });
const joinEvent = z.looseObject({ ...common, type: z.literal('join'), replyToken: z.string().min(1).optional() });
const otherEvent = z.looseObject({ ...common, type: z.string() });

export const lineEventSchema = z.union([messageEvent, postbackEvent, followEvent, unfollowEvent, joinEvent, otherEvent]);
export type LineEvent = z.infer<typeof lineEventSchema>;

/** The body of a webhook request. An empty `events` array is LINE's "Verify" button in the console. */
export const webhookBodySchema = z.looseObject({ destination: z.string().optional(), events: z.array(z.unknown()) });

export const isMessage = (e: LineEvent): e is z.infer<typeof messageEvent> => e.type === 'message' && 'message' in e;
export const isPostback = (e: LineEvent): e is z.infer<typeof postbackEvent> => e.type === 'postback' && 'postback' in e;

/** The reply token of an event that has one. */
export const replyTokenOf = (e: LineEvent): string | undefined => ('replyToken' in e && typeof e.replyToken === 'string' ? e.replyToken : undefined);
