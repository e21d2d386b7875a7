import { TurnContext, type Activity, type CloudAdapter, type ConversationParameters } from 'botbuilder';
import type { Logger } from '../../ports/logger.js';
import { CARD_CONTENT_TYPE, shrinkCard, type CardMessage } from './card-kit.js';
import { ConnectorError, withConnectorRetry } from './connector-retry.js';
import type { RetryPolicy } from '../retry-policy.js';
import { parseReference, toConversationReference, type TeamsReference } from './teams-reference.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

interface ConversationsApi {
  createConversation(parameters: ConversationParameters): Promise<unknown>;
}
const hasConversations = (c: unknown): c is { conversations: ConversationsApi } =>
  isRecord(c) && isRecord(c.conversations) && typeof c.conversations.createConversation === 'function';

/**
 * botbuilder's ConnectorClient sits on an @azure/core-client pipeline whose default retry policy
 * waits out any Retry-After however long and retries 5xx on its own; removed, so the bounded
 * policy in connector-retry.ts is the only one and a turn cannot hang for minutes.
 */
function stripSdkRetries(client: unknown): void {
  if (!isRecord(client) || !isRecord(client.client) || !isRecord(client.client.pipeline)) return;
  const pipeline = client.client.pipeline;
  if (typeof pipeline.removePolicy === 'function') pipeline.removePolicy.call(pipeline, { name: 'defaultRetryPolicy' });
}

/**
 * Every message the bot sends goes through here, outside the HTTP turn that brought the
 * activity (Teams wants that answered fast): a proactive turn on the stored reference gives a
 * Connector client with the right credentials, and each call is retried by our policy.
 */
export class TeamsSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly policy: RetryPolicy,
    private readonly log: Logger,
  ) {}

  /** Posts a card, as a reply in a thread when `replyToId` is given; returns the new activity id. */
  async send(ref: TeamsReference, message: CardMessage, shortenedNote: string, replyToId?: string): Promise<string> {
    const post = (m: CardMessage) =>
      this.call(ref, 'send', async (ctx) => {
        const activity = this.activity(ref, m);
        if (replyToId) activity.replyToId = replyToId;
        const [response] = await ctx.adapter.sendActivities(ctx, [activity]);
        return response?.id ?? '';
      });
    return this.orShrunk(message, shortenedNote, post);
  }

  /** Posts one attachment that is not an Adaptive Card (a file consent card, a file card). */
  async sendAttachment(ref: TeamsReference, attachment: { contentType: string; name?: string; contentUrl?: string; content: unknown }): Promise<string> {
    return this.call(ref, 'send', async (ctx) => {
      const activity = TurnContext.applyConversationReference({ type: 'message', attachments: [attachment] }, toConversationReference(ref));
      const [response] = await ctx.adapter.sendActivities(ctx, [activity]);
      return response?.id ?? '';
    });
  }

  /** Replaces a posted card (an answered question, a claimed handoff). */
  async update(ref: TeamsReference, activityId: string, message: CardMessage, shortenedNote: string): Promise<void> {
    const put = (m: CardMessage) =>
      this.call(ref, 'update', async (ctx) => {
        await ctx.adapter.updateActivity(ctx, { ...this.activity(ref, m), id: activityId });
      });
    await this.orShrunk(message, shortenedNote, put);
  }

  /** Removes a message the bot posted (a reply in a handoff card's thread, once the company's data is deleted). */
  async delete(ref: TeamsReference, activityId: string): Promise<void> {
    await this.call(ref, 'delete', async (ctx) => {
      await ctx.deleteActivity(activityId);
    });
  }

  /** Opens (or finds: Teams keeps one per person) the personal chat with someone who never wrote to the bot. */
  async openPersonalChat(serviceUrl: string, tenantId: string, userId: string, botId: string): Promise<TeamsReference> {
    const base: TeamsReference = { channelId: 'msteams', serviceUrl, conversation: { id: 'create', tenantId }, bot: { id: botId } };
    const created = await this.call(base, 'create', async (ctx) => {
      const client: unknown = ctx.turnState.get(ctx.adapter.ConnectorClientKey);
      if (!hasConversations(client)) throw new ConnectorError('teams_no_connector', null, 1);
      return client.conversations.createConversation({
        isGroup: false,
        bot: { id: botId, name: '' },
        members: [{ id: userId, name: '' }],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      });
    });
    const id = isRecord(created) && typeof created.id === 'string' ? created.id : null;
    if (!id) throw new ConnectorError('teams_no_conversation', null, 1);
    const ref = parseReference({ channelId: 'msteams', serviceUrl, conversation: { id, conversationType: 'personal', tenantId }, bot: { id: botId }, user: { id: userId } });
    if (!ref) throw new ConnectorError('teams_bad_reference', null, 1);
    return ref;
  }

  private async orShrunk<T>(message: CardMessage, note: string, op: (m: CardMessage) => Promise<T>): Promise<T> {
    try {
      return await op(message);
    } catch (err) {
      // 413: the same bytes can never pass; one try with every text cut short, then give up.
      if (!(err instanceof ConnectorError) || err.status !== 413) throw err;
      this.log.warn('teams message too large, sending a shortened card', { bytes: JSON.stringify(message.card).length });
      return op({ card: shrinkCard(message.card, note), summary: message.summary });
    }
  }

  private activity(ref: TeamsReference, m: CardMessage): Partial<Activity> {
    const activity: Partial<Activity> = { type: 'message', summary: m.summary, attachments: [{ contentType: CARD_CONTENT_TYPE, content: m.card }] };
    return TurnContext.applyConversationReference(activity, toConversationReference(ref));
  }

  private call<T>(ref: TeamsReference, what: string, fn: (ctx: TurnContext) => Promise<T>): Promise<T> {
    return withConnectorRetry(
      () => this.inTurn(ref, fn),
      this.policy,
      ({ attempt, status, delayMs }) => this.log.warn('teams connector retry', { what, attempt, status, delayMs }),
    );
  }

  /** The adapter routes errors of a turn to onTurnError; a proactive call wants them back. */
  private async inTurn<T>(ref: TeamsReference, fn: (ctx: TurnContext) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.appId, toConversationReference(ref), async (ctx) => {
      stripSdkRetries(ctx.turnState.get(ctx.adapter.ConnectorClientKey));
      try {
        outcome = { ok: true, value: await fn(ctx) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome) throw new ConnectorError('teams_turn_not_run', null, 1);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }
}
