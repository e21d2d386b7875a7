import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { AuthorizationError, type ReceiverProcessEventErrorHandlerArgs, type RespondFn } from '@slack/bolt';
import type { RetryOptions, WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { SlackConfig } from '../../config.js';
import type { IntakeServices } from '../../app/intake-services.js';
import { performHandoffAction } from '../../app/handoff-actions.js';
import type { EngineInput } from '../../core/questionnaire/advance.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { errorCode } from '../../app/notify.js';
import { pickLocale } from '../../app/handle-inbound.js';
import { outcomeLabels } from '../../app/outcome-labels.js';
import { isDatabaseUnavailable } from '../../store/database-errors.js';
import { failureKind } from '../failure-kind.js';
import { isPaused, slackTurn, type SlackAddress } from './slack-conversation.js';
import { SlackMessenger } from './slack-messenger.js';
import { homeView } from './home-view.js';
import { handoffModal } from './handoff-card.js';
import { handoffOutcomes } from '../../core/handoff/handoff.js';
import { handleSlashCommand } from './slash-command.js';
import { sdkLogger } from '../../ports/logger.js';
import { TurnQueue } from '../turn-queue.js';
import { decodeSlackText } from './decode-slack-text.js';
import { fallbackText } from './fallback-text.js';
import { withinRequestWindow } from '../../http/request-window.js';
import { systemClock, type Clock } from '../../ports/clock.js';


export interface SlackChannel {
  app: InstanceType<typeof App>;
  messenger: SlackMessenger;
  /** The HTTP handler for /slack/events, mounted on the shared server (absent in Socket Mode). */
  requestListener: RequestListener | null;
  start(): Promise<void>;
  /** Stops receiving (Socket Mode) and resolves once the work already acknowledged to Slack is done. */
  stop(): Promise<void>;
}

// Payload fields we act on, parsed rather than trusted.
const imMessage = z.object({ channel_type: z.literal('im'), user: z.string(), text: z.string(), channel: z.string(), subtype: z.undefined().optional(), bot_id: z.undefined().optional() });
/** A DM that carries a file (an upload, with or without a caption): nothing in it is an answer the bot can read. */
const imFile = z.object({ channel_type: z.literal('im'), user: z.string(), channel: z.string(), bot_id: z.undefined().optional() }).and(z.union([z.object({ subtype: z.literal('file_share') }), z.object({ files: z.array(z.unknown()).min(1) })]));
const homeOpened = z.object({ user: z.string(), tab: z.string().optional() });
const envelope = z.object({ event_id: z.string().optional(), team_id: z.string().optional() });
const actionBody = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).optional(),
  trigger_id: z.string().optional(),
  container: z.object({ type: z.string().optional() }).passthrough().optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        block_id: z.string().optional(),
        value: z.string().optional(),
        text: z.object({ text: z.string() }).optional(),
        selected_option: z.object({ value: z.string(), text: z.object({ text: z.string() }) }).optional(),
      }),
    )
    .min(1),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ selected_options: z.array(z.object({ value: z.string(), text: z.object({ text: z.string() }) })).optional() }).passthrough())) }).optional(),
});
const viewBody = z.object({
  user: z.object({ id: z.string() }),
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish(), selected_option: z.object({ value: z.string() }).nullish() }).passthrough())) }),
  }),
});

export interface SlackChannelOptions {
  /** Web API retries; tests pass faster ones. */
  retryConfig?: RetryOptions;
}

/**
 * The Slack channel: Bolt's HTTP receiver (signature checked) or Socket Mode, mapping DMs,
 * buttons, the slash command and App Home onto the same use cases as every channel. Actions
 * are acknowledged first (Slack's 3-second limit) and worked on after.
 */
export function createSlackChannel(services: () => IntakeServices, cfg: SlackConfig, options: SlackChannelOptions = {}): SlackChannel {
  const s = services;
  // Stated, not implied (it is the Web API's own default): 429 waits out Retry-After, 5xx and network
  // errors back off, for about 30 minutes, so a storm delays a reply instead of losing it.
  const retryConfig: RetryOptions = options.retryConfig ?? { retries: 10, factor: 1.96821, randomize: true };
  const clientOptions = { ...(cfg.apiUrl ? { slackApiUrl: cfg.apiUrl } : {}), retryConfig };
  const logger = { ...sdkLogger(() => s().log, 'slack'), setLevel: () => undefined, getLevel: () => LogLevel.WARN };
  const receiver = cfg.appToken
    ? new SocketModeReceiver({ appToken: cfg.appToken, logger, ...(cfg.apiUrl ? { installerOptions: {} } : {}) })
    : new HTTPReceiver({ signingSecret: cfg.signingSecret ?? '', endpoints: '/slack/events', processBeforeResponse: false, logger, processEventErrorHandler: refuseUnreadablePayload(() => s().log) });
  const app = new App({ token: cfg.botToken, receiver, clientOptions, logger, ignoreSelf: true });
  const client: WebClient = app.client;
  const messenger = new SlackMessenger(s, client, s().defaultLocale);
  // One person's turns run one after another: a retry or a double click is judged against the
  // state the first one left.
  const messages = new TurnQueue((err) => s().log.error('slack job failed', { code: errorCode(err) }));

  // Slack is answered before the work is done (its 3-second ack): a graceful stop waits for this work.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });

  // People this process has served: their language is on record, so a turn needs no lookup
  // before its one read. Forgotten when a turn leaves no intake (their own deletion); someone
  // deleted by an admin elsewhere starts again in the default language until they pick one.
  const known = new Set<string>();
  const localeFor = async (user: string): Promise<string | undefined> => {
    if (known.has(user)) return undefined;
    if (await s().repo.findPerson('slack', user)) {
      known.add(user);
      return undefined;
    }
    const info = await client.users.info({ user, include_locale: true });
    return typeof info.user?.locale === 'string' ? info.user.locale : undefined;
  };
  const dm = async (user: string): Promise<string> => {
    const res = await client.conversations.open({ users: user });
    if (!res.channel?.id) throw Object.assign(new Error('no DM channel'), { code: 'no_dm_channel' });
    return res.channel.id;
  };
  /**
   * Answers where the person is: through the request's response_url (works in a channel the
   * bot is not in, unlike chat.postEphemeral), and only when that fails in their DM.
   */
  const replyVia = (user: string, respond: RespondFn | undefined) => async (text: string): Promise<void> => {
    if (respond) {
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: fallbackText(text) });
        return;
      } catch (err) {
        s().log.warn('slack response_url failed', { code: errorCode(err) });
      }
    }
    await client.chat.postMessage({ channel: await dm(user), text: fallbackText(text) });
  };
  const turn = async (address: SlackAddress, input: EngineInput, answerLabel?: string, eventId?: string, pressedOn?: string) => {
    const locale = await localeFor(address.user);
    const reply = await slackTurn(s(), client, address, input, { ...(locale ? { locale } : {}), ...(answerLabel !== undefined ? { answerLabel } : {}), ...(eventId ? { eventId } : {}), ...(pressedOn ? { pressedOn } : {}) });
    if (reply.intake) known.add(address.user);
    else known.delete(address.user);
    return reply;
  };
  /** Every failure is logged with ids only, and the person is told politely that nothing was lost. */
  const guarded = async (what: string, user: string, channel: string | null, fn: () => Promise<void>, reply?: (text: string) => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      // A database outage is said as such: the answers are safe and the same message works later.
      const unavailable = isDatabaseUnavailable(err);
      const who = await apologyLocale(user, unavailable).catch((e: unknown) => {
        s().log.warn('slack apology language unknown', { what, code: errorCode(e) });
        return { locale: s().defaultLocale, personId: undefined };
      });
      s().log.error('slack handler failed', { what, code: errorCode(err), personId: who.personId, ...failureKind(err, unavailable) });
      const text = s().translator.t(who.locale, unavailable ? 'availability.unavailable' : 'slack.error');
      const deliver = reply ?? ((t: string) => client.chat.postMessage({ channel: channel ?? user, text: fallbackText(t) }));
      await deliver(text).catch((e: unknown) => s().log.warn('slack apology not delivered', { what, code: errorCode(e) }));
    }
  };
  /**
   * The language the person talks to the bot in, for an apology; when the database cannot say,
   * their Slack profile's. With the database already known to be away it is not asked again:
   * a hung server would hold the apology for another connect timeout.
   */
  const apologyLocale = async (user: string, databaseAway: boolean): Promise<{ locale: Locale; personId: string | undefined }> => {
    let personId: string | undefined;
    try {
      const person = databaseAway ? null : await s().repo.findPerson('slack', user);
      personId = person?.id;
      // A person's own choice is stored only when they switch; otherwise their intake's language is theirs.
      const locale = person ? (person.locale ?? (await s().repo.latestIntake(person.id))?.locale) : undefined;
      if (locale) return { locale, personId };
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
    }
    const info = await client.users.info({ user, include_locale: true });
    return { locale: pickLocale(typeof info.user?.locale === 'string' ? info.user.locale : undefined, s().defaultLocale), personId };
  };

  app.message(async ({ message, body }) => {
    const env = envelope.safeParse(body);
    const eventId = env.success ? env.data.event_id : undefined;
    const file = imFile.safeParse(message);
    if (file.success) {
      const { user, channel } = file.data;
      // Told politely and kept out of the answers: the question on screen stays open.
      return void (await messages.enqueue(user, () => guarded('file', user, channel, async () => {
        if (eventId && !(await s().events.firstTime(eventId, 'slack', s().clock.now()))) return;
        const { locale } = await apologyLocale(user, false);
        await client.chat.postMessage({ channel, text: fallbackText(s().translator.t(locale, 'slack.text_only')) });
      })));
    }
    const m = imMessage.safeParse(message);
    if (!m.success) return;
    const team = env.success ? (env.data.team_id ?? null) : null;
    // One person's messages one after another: a retry of an event still being answered then
    // finds it committed and answered, instead of racing it.
    await messages.enqueue(m.data.user, () => guarded('message', m.data.user, m.data.channel, async () => {
      // Slack retries an event it thinks we missed, and every replica may receive it: act once.
      // The event id enters the ledger in the turn's own transaction (handle-inbound), so a
      // crash before that commit leaves Slack's retry to be processed.
      const typed = decodeSlackText(m.data.text);
      await turn({ team, user: m.data.user, channel: m.data.channel }, { kind: 'text', text: typed }, typed, eventId);
    }));
  });

  app.action(/^(answer_|cmd_|home_resume)/, async ({ ack, body }) => {
    await ack();
    const b = actionBody.safeParse(body);
    if (!b.success) return s().log.warn('slack action ignored', { reason: 'unexpected payload' });
    const { user, actions, state } = b.data;
    const action = actions[0];
    if (!action) return;
    // From App Home there is no channel: the DM is opened once, here.
    const channel = b.data.channel?.id ?? (await dm(user.id));
    await messages.enqueue(user.id, () => guarded('action', user.id, channel, async () => {
      const address: SlackAddress = { team: b.data.team?.id ?? null, user: user.id, channel };
      const promptId = action.block_id?.split('|').slice(1).join('|') ?? '';
      const id = action.action_id;
      // A question's controls carry its prompt id: the turn refuses a press on an earlier question's message.
      const press = (input: EngineInput, label?: string) => turn(address, input, label, undefined, promptId || undefined);
      // The pause message's Resume, pressed again once resumed, does nothing either.
      if (action.block_id === 'paused' && !(await isPaused(s(), user.id))) return s().log.info('slack resume of a conversation not paused ignored', { action: id });
      if (id === 'home_resume') return void (await press({ kind: 'start' }));
      if (id.startsWith('cmd_')) {
        const command = id.slice(4);
        return void (await press(command === 'lang' && action.value ? { kind: 'command', command, arg: action.value } : { kind: 'command', command }));
      }
      if (id === 'answer_multi_submit') {
        const picked = state?.values[action.block_id ?? '']?.answer_checks?.selected_options ?? [];
        return void (await press({ kind: 'answer', promptId, value: picked.map((o) => o.value) }, picked.map((o) => o.text.text).join(', ')));
      }
      if (id === 'answer_checks') return; // ticking a box is not an answer until "Submit"
      const value = action.selected_option?.value ?? action.value ?? '';
      const label = action.selected_option?.text.text ?? action.text?.text ?? value;
      await press({ kind: 'answer', promptId, value }, label);
    }));
  });

  app.command('/renkei', async ({ ack, command, respond }) => {
    await ack();
    const reply = replyVia(command.user_id, respond);
    // "It's in your DM" is a pointer, not an answer: when the response_url is gone it is left unsaid.
    const note = async (text: string) => {
      await respond({ response_type: 'ephemeral', text: fallbackText(text) }).catch((err: unknown) => s().log.warn('slack response_url failed', { code: errorCode(err) }));
    };
    const cmd = { user: command.user_id, channel: command.channel_id, text: decodeSlackText(command.text), team: command.team_id };
    await messages.enqueue(command.user_id, () => guarded('command', command.user_id, null, () => handleSlashCommand(s(), cmd, { turn, dm, reply, note }), reply));
  });

  app.event('app_home_opened', async ({ event }) => {
    // Opening the Messages tab fires this too; only the Home tab shows the view.
    const opened = homeOpened.safeParse(event);
    if (!opened.success || opened.data.tab !== 'home') return;
    const user = opened.data.user;
    await guarded('home', user, null, async () => {
      await client.views.publish({ user_id: user, view: await homeView(s(), user, s().defaultLocale) });
    });
  });

  app.action(/^ho_/, async ({ ack, body, respond }) => {
    await ack();
    const b = actionBody.safeParse(body);
    const action = b.success ? b.data.actions[0] : undefined;
    if (!b.success || !action?.value) return;
    const user = b.data.user.id;
    const reply = replyVia(user, respond);
    await guarded('handoff action', user, null, async () => {
      if (action.action_id === 'ho_claim') {
        const result = await performHandoffAction(s(), { channel: 'slack', externalId: user }, action.value ?? '', { kind: 'claim' });
        if (!result.ok) await reply(s().translator.t(s().defaultLocale, `errors.${result.code}`, result.params));
        if (b.data.container?.type === 'view') await client.views.publish({ user_id: user, view: await homeView(s(), user, s().defaultLocale) });
        return;
      }
      const kind = action.action_id === 'ho_ask' ? 'ask' : action.action_id === 'ho_note' ? 'note' : 'close';
      if (b.data.trigger_id) await client.views.open({ trigger_id: b.data.trigger_id, view: handoffModal(kind, action.value ?? '', s().defaultLocale, s()) });
    }, reply);
  });

  app.view(/^ho_modal_/, async ({ ack, body }) => {
    const b = viewBody.safeParse(body);
    if (!b.success) return void (await ack());
    const kind = b.data.view.callback_id.replace('ho_modal_', '');
    const values = b.data.view.state.values;
    const text = decodeSlackText(values.text?.value?.value ?? '');
    const outcome = values.outcome?.value?.selected_option?.value ?? '';
    const t = (key: string, params?: Record<string, string | number>) => s().translator.t(s().defaultLocale, key, params);
    // Modal inputs are validated on the server and the errors shown next to the field.
    if (kind !== 'close' && text.trim().length === 0) return void (await ack({ response_action: 'errors', errors: { text: t('errors.handoff.text_empty') } }));
    if (kind === 'close' && !outcome) return void (await ack({ response_action: 'errors', errors: { outcome: s().translator.t(s().defaultLocale, 'errors.handoff.choose_outcome', { outcomes: outcomeLabels(s().translator, s().defaultLocale) }) } }));
    await ack();
    const user = b.data.user.id;
    await guarded('handoff modal', user, null, async () => {
      const action = kind === 'close' ? { kind: 'close' as const, outcome } : kind === 'ask' ? { kind: 'ask' as const, text } : { kind: 'note' as const, text };
      const result = await performHandoffAction(s(), { channel: 'slack', externalId: user }, b.data.view.private_metadata, action);
      if (!result.ok) await client.chat.postMessage({ channel: user, text: fallbackText(s().translator.t(s().defaultLocale, `errors.${result.code}`, result.params)) });
    });
  });

  // Every database call runs inside `guarded`, which tells the person; what reaches here is logged with its kind.
  app.error(async (err) => {
    s().log.error('slack error', { code: errorCode(err), ...(isDatabaseUnavailable(err) ? { database: 'unavailable' } : {}) });
  });

  const http = receiver instanceof HTTPReceiver ? receiver : null;
  return {
    app,
    messenger,
    // The machine's clock, as Bolt's own check of the past bound uses: the window is about the wire, not the business day.
    requestListener: http ? onlySlackRequests(http.requestListener, systemClock) : null,
    // Over HTTP the shared server delivers requests; Bolt itself has nothing to start.
    start: async () => {
      if (!http) await app.start();
    },
    stop: async () => {
      if (!http) await app.stop();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await messages.idle();
    },
  };
}

/**
 * Bolt's receiver throws on any method but POST (a 500 from the shared server) and, on a
 * signed body that reads as JSON `null`, rejects a promise nobody handles and never answers.
 * Neither is a Slack request, so both are refused here, as is one dated more than five minutes
 * ahead (Bolt checks only the past). The body is the `rawBody` the shared
 * server has already read within its cap; without one, only the method is checked.
 */
function onlySlackRequests(listener: RequestListener, clock: Clock): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    // Bolt refuses only requests dated too far in the past; Slack's window holds both ways.
    const timestamp = req.headers['x-slack-request-timestamp'];
    if (!withinRequestWindow(typeof timestamp === 'string' ? timestamp : undefined, clock.now())) {
      req.resume();
      res.writeHead(401);
      res.end();
      return;
    }
    const raw = 'rawBody' in req && Buffer.isBuffer(req.rawBody) ? req.rawBody : null;
    if (raw && readsAsJsonNull(raw.toString('utf8'), req.headers['content-type'])) {
      res.writeHead(400);
      res.end();
      return;
    }
    listener(req, res);
  };
}

/** What Bolt parses as the payload (a form's `payload` field, else the whole body) is `null`. */
function readsAsJsonNull(body: string, contentType: string | undefined): boolean {
  const json = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(body).getAll('payload') : [body];
  return json.length === 1 && json[0]?.trim() === 'null';
}

/**
 * Bolt fails before acknowledging only when it cannot read a signed payload's shape
 * (`{"event": null}`): the sender's mistake, so a 400 rather than Bolt's 500, which Slack
 * would retry. Once acknowledged there is nothing left to answer.
 */
function refuseUnreadablePayload(log: () => IntakeServices['log']) {
  return async ({ error, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (response.headersSent) return false;
    log().warn('slack request refused', { reason: 'unreadable payload', code: errorCode(error) });
    response.writeHead(error instanceof AuthorizationError ? 401 : 400);
    response.end();
    return true;
  };
}
