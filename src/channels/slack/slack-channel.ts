import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { SlackConfig } from '../../config.js';
import type { IntakeServices } from '../../app/intake-services.js';
import { performHandoffAction } from '../../app/handoff-actions.js';
import type { EngineInput } from '../../core/questionnaire/advance.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { errorCode } from '../../app/notify.js';
import { slackTurn, type SlackAddress } from './slack-conversation.js';
import { SlackMessenger } from './slack-messenger.js';
import { homeView } from './home-view.js';
import { handoffModal } from './handoff-card.js';
import { handleSlashCommand } from './slash-command.js';


export interface SlackChannel {
  app: InstanceType<typeof App>;
  messenger: SlackMessenger;
  /** The HTTP handler for /slack/events, mounted on the shared server (absent in Socket Mode). */
  requestListener: RequestListener | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

// Payload fields we act on, parsed rather than trusted.
const imMessage = z.object({ channel_type: z.literal('im'), user: z.string(), text: z.string(), channel: z.string(), subtype: z.undefined().optional(), bot_id: z.undefined().optional() });
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

/**
 * The Slack channel: Bolt's HTTP receiver (signature checked) or Socket Mode, mapping DMs,
 * buttons, the slash command and App Home onto the same use cases as every channel. Actions
 * are acknowledged first (Slack's 3-second limit) and worked on after.
 */
export function createSlackChannel(services: () => IntakeServices, cfg: SlackConfig): SlackChannel {
  const s = services;
  const clientOptions = cfg.apiUrl ? { slackApiUrl: cfg.apiUrl } : {};
  const receiver = cfg.appToken
    ? new SocketModeReceiver({ appToken: cfg.appToken, ...(cfg.apiUrl ? { installerOptions: {} } : {}) })
    : new HTTPReceiver({ signingSecret: cfg.signingSecret ?? '', endpoints: '/slack/events', processBeforeResponse: false });
  const app = new App({ token: cfg.botToken, receiver, clientOptions, logLevel: LogLevel.WARN, ignoreSelf: true });
  const client: WebClient = app.client;
  const messenger = new SlackMessenger(s, client, s().defaultLocale);

  const localeFor = async (user: string): Promise<string | undefined> => {
    if (await s().repo.findPerson('slack', user)) return undefined;
    const info = await client.users.info({ user, include_locale: true });
    return typeof info.user?.locale === 'string' ? info.user.locale : undefined;
  };
  const dm = async (user: string): Promise<string> => {
    const res = await client.conversations.open({ users: user });
    if (!res.channel?.id) throw Object.assign(new Error('no DM channel'), { code: 'no_dm_channel' });
    return res.channel.id;
  };
  const turn = async (address: SlackAddress, input: EngineInput, answerLabel?: string) => {
    const locale = await localeFor(address.user);
    return slackTurn(s(), client, address, input, { ...(locale ? { locale } : {}), ...(answerLabel !== undefined ? { answerLabel } : {}) });
  };
  /** Every failure is logged with ids only, and the person is told politely that nothing was lost. */
  const guarded = async (what: string, user: string, channel: string | null, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      s().log.error('slack handler failed', { what, user, code: errorCode(err) });
      const person = await s().repo.findPerson('slack', user).catch(() => null);
      const locale: Locale = person?.locale ?? s().defaultLocale;
      await client.chat.postMessage({ channel: channel ?? user, text: s().translator.t(locale, 'slack.error') }).catch(() => undefined);
    }
  };

  app.message(async ({ message, body }) => {
    const m = imMessage.safeParse(message);
    if (!m.success) return;
    const env = envelope.safeParse(body);
    const eventId = env.success ? env.data.event_id : undefined;
    // Slack retries an event it thinks we missed, and every replica may receive it: act once.
    if (eventId && !(await s().events.firstTime(eventId, 'slack', s().clock.now()))) return;
    const team = env.success ? (env.data.team_id ?? null) : null;
    await guarded('message', m.data.user, m.data.channel, async () => {
      await turn({ team, user: m.data.user, channel: m.data.channel }, { kind: 'text', text: m.data.text }, m.data.text);
    });
  });

  app.action(/^(answer_|cmd_|home_resume)/, async ({ ack, body }) => {
    await ack();
    const b = actionBody.safeParse(body);
    if (!b.success) return s().log.warn('slack action ignored', { reason: 'unexpected payload' });
    const { user, actions, state } = b.data;
    const action = actions[0];
    if (!action) return;
    const channel = b.data.channel?.id ?? (await dm(user.id));
    await guarded('action', user.id, channel, async () => {
      const address: SlackAddress = { team: b.data.team?.id ?? null, user: user.id, channel };
      const promptId = action.block_id?.split('|').slice(1).join('|') ?? '';
      const id = action.action_id;
      if (id === 'home_resume') return void (await turn({ ...address, channel: await dm(user.id) }, { kind: 'start' }));
      if (id.startsWith('cmd_')) {
        const command = id.slice(4);
        return void (await turn(address, command === 'lang' && action.value ? { kind: 'command', command, arg: action.value } : { kind: 'command', command }));
      }
      if (id === 'answer_multi_submit') {
        const picked = state?.values[action.block_id ?? '']?.answer_checks?.selected_options ?? [];
        return void (await turn(address, { kind: 'answer', promptId, value: picked.map((o) => o.value) }, picked.map((o) => o.text.text).join(', ')));
      }
      if (id === 'answer_checks') return; // ticking a box is not an answer until "Submit"
      const value = action.selected_option?.value ?? action.value ?? '';
      const label = action.selected_option?.text.text ?? action.text?.text ?? value;
      await turn(address, { kind: 'answer', promptId, value }, label);
    });
  });

  app.command('/renkei', async ({ ack, command }) => {
    await ack();
    await guarded('command', command.user_id, null, () => handleSlashCommand(s(), client, { user: command.user_id, channel: command.channel_id, text: command.text, team: command.team_id }, { turn, dm }));
  });

  app.event('app_home_opened', async ({ event }) => {
    await guarded('home', event.user, null, async () => {
      await client.views.publish({ user_id: event.user, view: await homeView(s(), event.user, s().defaultLocale) });
    });
  });

  app.action(/^ho_/, async ({ ack, body }) => {
    await ack();
    const b = actionBody.safeParse(body);
    const action = b.success ? b.data.actions[0] : undefined;
    if (!b.success || !action?.value) return;
    const user = b.data.user.id;
    await guarded('handoff action', user, null, async () => {
      if (action.action_id === 'ho_claim') {
        const result = await performHandoffAction(s(), { channel: 'slack', externalId: user }, action.value ?? '', { kind: 'claim' });
        if (!result.ok) await tellPm(s(), client, user, b.data.channel?.id ?? null, `errors.${result.code}`, result.params);
        if (b.data.container?.type === 'view') await client.views.publish({ user_id: user, view: await homeView(s(), user, s().defaultLocale) });
        return;
      }
      const kind = action.action_id === 'ho_ask' ? 'ask' : action.action_id === 'ho_note' ? 'note' : 'close';
      if (b.data.trigger_id) await client.views.open({ trigger_id: b.data.trigger_id, view: handoffModal(kind, action.value ?? '', s().defaultLocale, s()) });
    });
  });

  app.view(/^ho_modal_/, async ({ ack, body }) => {
    const b = viewBody.safeParse(body);
    if (!b.success) return void (await ack());
    const kind = b.data.view.callback_id.replace('ho_modal_', '');
    const values = b.data.view.state.values;
    const text = values.text?.value?.value ?? '';
    const outcome = values.outcome?.value?.selected_option?.value ?? '';
    const t = (key: string) => s().translator.t(s().defaultLocale, key);
    // Modal inputs are validated on the server and the errors shown next to the field.
    if (kind !== 'close' && text.trim().length === 0) return void (await ack({ response_action: 'errors', errors: { text: t('errors.handoff.text_empty') } }));
    if (kind === 'close' && !outcome) return void (await ack({ response_action: 'errors', errors: { outcome: t('errors.handoff.unknown_outcome').replace(/「.*?」|".*?"/, '') } }));
    await ack();
    const user = b.data.user.id;
    await guarded('handoff modal', user, null, async () => {
      const action = kind === 'close' ? { kind: 'close' as const, outcome } : kind === 'ask' ? { kind: 'ask' as const, text } : { kind: 'note' as const, text };
      const result = await performHandoffAction(s(), { channel: 'slack', externalId: user }, b.data.view.private_metadata, action);
      if (!result.ok) await tellPm(s(), client, user, null, `errors.${result.code}`, result.params);
    });
  });

  app.error(async (err) => {
    s().log.error('slack error', { code: errorCode(err) });
  });

  const http = receiver instanceof HTTPReceiver ? receiver : null;
  return {
    app,
    messenger,
    requestListener: http ? http.requestListener : null,
    // Over HTTP the shared server delivers requests; Bolt itself has nothing to start.
    start: async () => {
      if (!http) await app.start();
    },
    stop: async () => {
      if (!http) await app.stop();
    },
  };
}

async function tellPm(s: IntakeServices, client: WebClient, user: string, channel: string | null, key: string, params?: Record<string, string | number>): Promise<void> {
  const text = s.translator.t(s.defaultLocale, key, params);
  if (channel) await client.chat.postEphemeral({ channel, user, text });
  else await client.chat.postMessage({ channel: user, text });
}

