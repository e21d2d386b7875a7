import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { validateSignature } from '@line/bot-sdk';
import type { LineConfig } from '../../config.js';
import type { IntakeServices } from '../../app/intake-services.js';
import { handleInbound } from '../../app/handle-inbound.js';
import { commandLanguage } from '../../app/command-language.js';
import { errorCode } from '../../app/notify.js';
import type { EngineInput } from '../../core/questionnaire/advance.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { isDatabaseUnavailable } from '../../store/database-errors.js';
import { failureKind } from '../failure-kind.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry-policy.js';
import { TurnQueue } from '../turn-queue.js';
import { isMessage, isPostback, lineEventSchema, replyTokenOf, webhookBodySchema, type LineEvent } from './line-events.js';
import { LineMessenger, UNFOLLOWED } from './line-messenger.js';
import { postbackInput } from './line-postback.js';
import { LineSender, type ReplyTarget } from './line-sender.js';
import { renderLine, textMessages } from './render-line.js';
import { recordDelivery } from '../../app/record-delivery.js';
import { faultPoint } from '../../fault-point.js';

export interface LineChannel {
  messenger: LineMessenger;
  sender: LineSender;
  /** The HTTP handler for /line/webhook, mounted on the shared server. */
  requestListener: RequestListener;
  /** Resolves when the work acknowledged so far has been done (tests; a graceful stop). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LineChannelOptions {
  retry?: RetryPolicy;
  maxBodyBytes?: number;
}

export const LINE_WEBHOOK_PATH = '/line/webhook';
const SIGNATURE_HEADER = 'x-line-signature';

/**
 * The LINE channel: the Messaging API webhook on the shared server, mapping a company's 1:1
 * chat (text, quick-reply postbacks, follow and unfollow) onto the same use cases as every
 * channel. The request is verified, each event is entered in the shared ledger (a redelivery,
 * or a copy another replica received, finds it there and does nothing) and queued per person;
 * LINE is answered 200 at once and the replies follow with the reply token, or as pushes.
 */
export function createLineChannel(services: () => IntakeServices, cfg: LineConfig, options: LineChannelOptions = {}): LineChannel {
  const s = services;
  const sender = new LineSender(cfg.channelAccessToken, cfg.apiUrl, options.retry ?? defaultRetryPolicy, s().log);
  const messenger = new LineMessenger(s, sender);
  const queue = new TurnQueue((err) => s().log.error('line job failed', { code: errorCode(err) }));
  const t = (locale: Locale, key: string) => s().translator.t(locale, key);

  /** The person's language as far as the bot knows it (their choice, else their intake's), for notes outside a turn. */
  const localeOf = async (userId: string): Promise<Locale> => {
    const person = await s().repo.findPerson('line', userId);
    if (!person) return s().defaultLocale;
    return person.locale ?? (await s().repo.latestIntake(person.id))?.locale ?? s().defaultLocale;
  };

  const served = new Set<string>();
  const turn = async (target: ReplyTarget, input: EngineInput, from?: LineEvent, typedLocale?: Locale): Promise<void> => {
    // LINE tells a person's language only through their profile: asked once, on first contact.
    // Served before by this process: on record, so no lookup ahead of the turn's one read.
    const known = served.has(target.userId) || (await s().repo.findPerson('line', target.userId)) !== null;
    const profile = known ? {} : await sender.profile(target.userId);
    const reply = await handleInbound(s(), {
      channel: 'line',
      userId: target.userId,
      address: { userId: target.userId },
      input,
      tracksDelivery: true,
      ignoresRepeatedPress: true,
      ...(from ? { delivery: { source: 'line' as const, id: from.webhookEventId } } : {}),
      ...(profile.language ? { locale: profile.language } : {}),
      ...(typedLocale ? { typedLocale } : {}),
      ...(profile.displayName ? { displayName: profile.displayName } : {}),
    });
    if (reply.intake) served.add(target.userId);
    else served.delete(target.userId);
    // A second tap on a button already answered: nothing to say, nothing to change.
    if (reply.refused === 'repeated_press') return s().log.info('line repeated press ignored', { reason: 'same answer already taken' });
    if (reply.duplicate) s().log.info('line event already handled', { type: from?.type, redelivery: from?.deliveryContext?.isRedelivery ?? false, personId: reply.person.id });
    if (reply.duplicate && reply.outbound.length === 0) return;
    const messages = renderLine(s().translator, reply);
    if (messages.length > 0) await sender.send(target, messages);
    await faultPoint('after-reply');
    await recordDelivery(s(), reply);
  };

  const note = async (target: ReplyTarget, key: string) => sender.send(target, textMessages(t(await localeOf(target.userId), key)));

  /** Every failure is logged with ids only, and the person is told politely that nothing was lost. */
  const guarded = async (what: string, target: ReplyTarget, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      const unavailable = isDatabaseUnavailable(err);
      s().log.error('line handler failed', { what, code: errorCode(err), ...failureKind(err, unavailable) });
      const locale = unavailable ? s().defaultLocale : await localeOf(target.userId).catch(() => s().defaultLocale);
      await sender
        .send(target, textMessages(t(locale, unavailable ? 'availability.unavailable' : 'line.error')))
        .catch((e: unknown) => s().log.warn('line apology not delivered', { what, code: errorCode(e) }));
    }
  };

  const unfollowed = async (userId: string) => {
    const person = await s().repo.findPerson('line', userId);
    if (!person) return;
    const now = s().clock.now();
    // Blocked: nothing reaches them any more. The opt-out stops the nudges being planned; the
    // reminders already planned for them are cancelled. Their own earlier choice is kept for a return.
    await s().channelMessages.put(UNFOLLOWED, person.id, 'line', { optedOutBefore: person.remindersOptOut }, now);
    await s().repo.setRemindersOptOut(person.id, true);
    for (const r of await s().reminders.list({ recipient: `person:${person.id}`, status: 'pending' })) await s().reminders.cancel(r.id, now);
  };

  const followed = async (target: ReplyTarget, from: LineEvent) => {
    const person = await s().repo.findPerson('line', target.userId);
    if (person) {
      const marker = await s().channelMessages.get(UNFOLLOWED, person.id, 'line');
      if (marker) {
        await s().repo.setRemindersOptOut(person.id, marker.optedOutBefore === true);
        await s().channelMessages.remove(UNFOLLOWED, person.id, 'line');
      }
    }
    // Added as a friend (or unblocked): the consultation opens, or carries on where it stopped.
    await turn(target, { kind: 'start' }, from);
  };

  /**
   * A company's turn (a text, a known button, a follow) enters its webhookEventId in the ledger
   * in the turn's own transaction, so a crash before that commit leaves LINE's redelivery to be
   * processed; anything else is entered before it acts. Either way a redelivery
   * (deliveryContext.isRedelivery, the same id) or another replica's copy has no second effect.
   */
  const handle = (event: LineEvent): void => {
    const id = event.webhookEventId;
    const once = async (fn: () => Promise<void>) => {
      if (await s().events.firstTime(id, 'line', s().clock.now())) await fn();
      else s().log.info('line event already handled', { type: event.type, redelivery: event.deliveryContext?.isRedelivery ?? false });
    };
    const userId = event.source?.userId;
    if (event.mode === 'standby') return s().log.info('line event left to the active channel', { type: event.type });
    if (!event.source || !userId) return s().log.warn('line event ignored', { type: event.type, reason: 'no user' });
    const replyToken = replyTokenOf(event);
    const target: ReplyTarget = { userId, ...(replyToken ? { replyToken } : {}), eventTime: event.timestamp };
    if (event.source.type !== 'user') {
      // In a group or room the bot says once, when it joins, where the consultation happens; it does not read along.
      if (event.type === 'join' && replyToken) queue.run(`group:${event.source.groupId ?? event.source.roomId ?? userId}`, () => guarded('join', target, () => once(() => note(target, 'line.personal_only'))));
      return;
    }
    queue.run(userId, () =>
      guarded(event.type, target, async () => {
        if (event.type === 'unfollow') return once(() => unfollowed(userId));
        if (event.type === 'follow') return followed(target, event);
        if (isPostback(event)) {
          const input = postbackInput(event.postback.data);
          if (!input) return once(() => note(target, 'line.unknown_button'));
          return turn(target, input, event);
        }
        if (isMessage(event)) {
          if (event.message.type === 'text' && typeof event.message.text === 'string') return turn(target, { kind: 'text', text: event.message.text }, event, commandLanguage(event.message.text, s().translator));
          return once(() => note(target, 'line.text_only'));
        }
      }),
    );
  };

  const requestListener: RequestListener = (req, res) => {
    webhook(req, res).catch((err: unknown) => {
      s().log.error('line webhook failed', { code: errorCode(err), ...(isDatabaseUnavailable(err) ? { database: 'unavailable' } : {}) });
      // Not acknowledged: LINE redelivers (when redelivery is on), and the ledger keeps that from acting twice.
      if (!res.headersSent) json(res, 500, { error: 'internal_error' });
      else res.end();
    });
  };

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      return json(res, 405, { error: 'method_not_allowed' }, { allow: 'POST' });
    }
    const raw = 'rawBody' in req && Buffer.isBuffer(req.rawBody) ? req.rawBody : await readBody(req, options.maxBodyBytes ?? 512 * 1024);
    if (!raw) return json(res, 413, { error: 'body_too_large' }, { connection: 'close' });
    const signature = req.headers[SIGNATURE_HEADER];
    // Checked on the bytes as received, before anything is parsed: the signature covers exactly those.
    if (typeof signature !== 'string' || signature.length === 0 || !validateSignature(raw, cfg.channelSecret, signature)) {
      s().log.warn('line request refused', { reason: typeof signature === 'string' ? 'bad signature' : 'no signature' });
      return json(res, 401, { error: 'bad_signature' });
    }
    const body = webhookBodySchema.safeParse(parseJson(raw.toString('utf8')));
    if (!body.success) return json(res, 400, { error: 'not_a_webhook' });
    const events: LineEvent[] = [];
    for (const e of body.data.events) {
      const parsed = lineEventSchema.safeParse(e);
      if (parsed.success) events.push(parsed.data);
      else s().log.warn('line event ignored', { reason: 'unexpected payload' });
    }
    // Queued, then answered 200: each job checks the ledger (handle) before it has any effect.
    for (const e of events) handle(e);
    json(res, 200, {});
  }

  return { messenger, sender, requestListener, idle: () => queue.idle(), stop: () => queue.idle() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** Only when the listener runs outside the shared server, which reads and bounds the body itself. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= max ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
