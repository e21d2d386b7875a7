import { createHmac, randomBytes } from 'node:crypto';

/**
 * Requests as Slack sends them to an app's request URL, built from the documented payload
 * shapes and signed the way Slack signs them, so the real receiver can be tested without Slack.
 * Build a payload, `signRequest` it, `send` it.
 */

export const TEAM_ID = 'T1';
export const API_APP_ID = 'A1';
export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
/** The deprecated verification token Slack still puts in payloads; receivers must not rely on it. */
const LEGACY_TOKEN = 'legacy-verification-token';

export type SlackContentType = 'application/json' | 'application/x-www-form-urlencoded';

/** An unsigned request body exactly as it goes on the wire. */
export interface SlackPayload {
  contentType: SlackContentType;
  body: string;
}

export interface SignedSlackRequest {
  body: string;
  headers: Record<string, string>;
}

export interface SignOptions {
  signingSecret: string;
  /** Seconds since the epoch; defaults to now. */
  timestampSeconds?: number;
  /** Sign with a different secret than the receiver's. */
  wrongSecret?: boolean;
  /** Date the request 6 minutes back, beyond Slack's 5-minute window; the signature stays valid for that timestamp. */
  stale?: boolean;
  omitHeaders?: Array<'signature' | 'timestamp'>;
  /** Slack's redelivery headers, as on a retried event. */
  retry?: { num: number; reason?: string };
}

export interface SlackResponse {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON, otherwise undefined. */
  json: unknown;
  headers: Record<string, string>;
}

export const STALE_SECONDS = 6 * 60;

let responseUrlBase = 'https://hooks.slack.com/';
/** Where the response_url of built requests points: a harness points it at its stand-in. */
export function useResponseUrlBase(base: string): void {
  responseUrlBase = base;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function slackSignature(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

export function signRequest(payload: SlackPayload, options: SignOptions): SignedSlackRequest {
  const timestamp = (options.timestampSeconds ?? nowSeconds()) - (options.stale ? STALE_SECONDS : 0);
  const secret = options.wrongSecret ? `${options.signingSecret}-forged` : options.signingSecret;
  const omit = new Set(options.omitHeaders ?? []);
  const headers: Record<string, string> = { 'Content-Type': payload.contentType };
  if (!omit.has('timestamp')) headers['X-Slack-Request-Timestamp'] = String(timestamp);
  if (!omit.has('signature')) headers['X-Slack-Signature'] = slackSignature(secret, timestamp, payload.body);
  if (options.retry) {
    headers['X-Slack-Retry-Num'] = String(options.retry.num);
    headers['X-Slack-Retry-Reason'] = options.retry.reason ?? 'http_timeout';
  }
  return { body: payload.body, headers };
}

/** POSTs the request as is; the body is sent as a string so the signed bytes are the sent bytes. */
export async function send(url: string, request: SignedSlackRequest): Promise<SlackResponse> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const body = await response.text();
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, body, json, headers: Object.fromEntries(response.headers.entries()) };
}

// ---------------------------------------------------------------------------------------------
// Payload builders

let sequence = 0;
const next = () => ++sequence;
/** Slack ids are upper-case alphanumerics; uniqueness across a test run is what matters here. */
const randomId = (prefix: string, length = 9) => `${prefix}${randomBytes(8).toString('hex').toUpperCase().slice(0, length)}`;
/** A fresh message ts in Slack's `seconds.micro` form, increasing within the run. */
export const freshTs = (): string => `${nowSeconds()}.${String(next()).padStart(6, '0')}`;
const triggerId = () => `${next()}.${nowSeconds()}.${randomBytes(16).toString('hex')}`;
const dmChannelOf = (user: string) => `D${user}`;

const userObject = (user: string) => ({ id: user, username: `user-${user.toLowerCase()}`, name: `user-${user.toLowerCase()}`, team_id: TEAM_ID });
const teamObject = () => ({ id: TEAM_ID, domain: 'renkei-test' });
const authorizations = () => [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }];

function eventCallback(event: Record<string, unknown>, eventId?: string): SlackPayload {
  const envelope = {
    token: LEGACY_TOKEN,
    team_id: TEAM_ID,
    context_team_id: TEAM_ID,
    context_enterprise_id: null,
    api_app_id: API_APP_ID,
    event,
    type: 'event_callback',
    event_id: eventId ?? randomId('Ev', 10),
    event_time: nowSeconds(),
    authorizations: authorizations(),
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  };
  return { contentType: 'application/json', body: JSON.stringify(envelope) };
}

function form(fields: Record<string, string>): SlackPayload {
  return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
}

/** Interactivity payloads travel as one form field holding JSON. */
function interactive(payload: Record<string, unknown>): SlackPayload {
  return form({ payload: JSON.stringify(payload) });
}

/** Slack encodes exactly these three in what a person typed before it reaches an app. */
export const slackEncode = (typed: string): string => typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface MessageImOptions {
  user: string;
  /** What the person typed; it goes on the wire encoded as Slack encodes it. */
  text: string;
  /** The event's `text` exactly as on the wire instead, e.g. with mentions Slack made (`<@U123>`, `<!channel>`). */
  wireText?: string;
  /** Defaults to `D` + user, matching the stand-in's `conversations.open`. */
  channel?: string;
  eventId?: string;
  ts?: string;
  /** Present on messages posted by bots (including this app). */
  botId?: string;
  subtype?: string;
  /** Files attached to the message, as Slack describes them (`file_share` messages). */
  files?: Record<string, unknown>[];
}

export function messageIm(options: MessageImOptions): SlackPayload {
  const ts = options.ts ?? freshTs();
  const event: Record<string, unknown> = {
    type: 'message',
    user: options.user,
    text: options.wireText ?? slackEncode(options.text),
    ts,
    team: TEAM_ID,
    channel: options.channel ?? dmChannelOf(options.user),
    event_ts: ts,
    channel_type: 'im',
  };
  if (options.subtype) event.subtype = options.subtype;
  if (options.botId) event.bot_id = options.botId;
  if (options.files) event.files = options.files;
  // Slack attaches a client_msg_id and rich_text blocks only to what a person typed.
  if (!options.botId && !options.subtype) {
    event.client_msg_id = randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    event.blocks = [
      {
        type: 'rich_text',
        block_id: randomId('', 5),
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: options.text }] }],
      },
    ];
  }
  return eventCallback(event, options.eventId);
}

export function appHomeOpened(options: { user: string; tab?: 'home' | 'messages'; eventId?: string; view?: Record<string, unknown> }): SlackPayload {
  const event: Record<string, unknown> = {
    type: 'app_home_opened',
    user: options.user,
    channel: dmChannelOf(options.user),
    tab: options.tab ?? 'home',
    event_ts: freshTs(),
  };
  if (options.view) event.view = options.view;
  return eventCallback(event, options.eventId);
}

export function urlVerification(challenge: string): SlackPayload {
  return { contentType: 'application/json', body: JSON.stringify({ token: LEGACY_TOKEN, challenge, type: 'url_verification' }) };
}

export interface OptionObject {
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  value: string;
}

export interface BlockActionInput {
  action_id: string;
  block_id: string;
  type: string;
  value?: string;
  selected_option?: OptionObject;
  selected_options?: OptionObject[];
  /** Button label as Slack echoes it back. */
  text?: { type: 'plain_text'; text: string; emoji?: boolean };
}

export interface BlockActionsOptions {
  user: string;
  actions: BlockActionInput[];
  /** The message carrying the buttons; `blocks`/`text` are echoed back as Slack does. */
  message?: { ts: string; channel: string; text?: string; blocks?: unknown[] };
  /** An action inside a modal or the Home tab instead of a message. */
  view?: { id: string; type?: 'modal' | 'home'; callbackId?: string; privateMetadata?: string; blocks?: unknown[] };
  state?: { values: Record<string, Record<string, unknown>> };
  triggerId?: string;
  channel?: string;
  responseUrl?: string;
}

export function blockActions(options: BlockActionsOptions): SlackPayload {
  const actionTs = `${nowSeconds()}.${String(next()).padStart(6, '0')}`;
  const channelId = options.channel ?? options.message?.channel;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: userObject(options.user),
    api_app_id: API_APP_ID,
    token: LEGACY_TOKEN,
    trigger_id: options.triggerId ?? triggerId(),
    team: teamObject(),
    enterprise: null,
    is_enterprise_install: false,
    state: options.state ?? { values: {} },
    actions: options.actions.map((a) => ({ ...a, action_ts: actionTs })),
  };
  if (options.view) {
    const view = options.view;
    payload.container = { type: 'view', view_id: view.id };
    payload.view = {
      id: view.id,
      team_id: TEAM_ID,
      type: view.type ?? 'modal',
      blocks: view.blocks ?? [],
      private_metadata: view.privateMetadata ?? '',
      callback_id: view.callbackId ?? '',
      state: options.state ?? { values: {} },
      hash: `${nowSeconds()}.${randomBytes(4).toString('hex')}`,
      app_id: API_APP_ID,
      bot_id: BOT_ID,
      root_view_id: view.id,
      previous_view_id: null,
    };
  } else if (options.message) {
    payload.container = { type: 'message', message_ts: options.message.ts, channel_id: options.message.channel, is_ephemeral: false };
    payload.message = {
      type: 'message',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      app_id: API_APP_ID,
      team: TEAM_ID,
      ts: options.message.ts,
      text: options.message.text ?? '',
      blocks: options.message.blocks ?? [],
    };
  }
  if (channelId) {
    payload.channel = { id: channelId, name: channelId.startsWith('D') ? 'directmessage' : 'channel' };
    payload.response_url = options.responseUrl ?? `${responseUrlBase}actions/${TEAM_ID}/${next()}/${randomBytes(12).toString('hex')}`;
  }
  return interactive(payload);
}

export interface ViewSubmissionOptions {
  user: string;
  callbackId: string;
  privateMetadata: string;
  /** `state.values`: block_id → action_id → the element's state (`{ type, value }`, `{ type, selected_option }`, …). */
  values: Record<string, Record<string, unknown>>;
  viewId?: string;
  triggerId?: string;
  title?: string;
  blocks?: unknown[];
}

export function viewSubmission(options: ViewSubmissionOptions): SlackPayload {
  const viewId = options.viewId ?? randomId('V', 10);
  return interactive({
    type: 'view_submission',
    team: teamObject(),
    user: userObject(options.user),
    api_app_id: API_APP_ID,
    token: LEGACY_TOKEN,
    trigger_id: options.triggerId ?? triggerId(),
    view: {
      id: viewId,
      team_id: TEAM_ID,
      type: 'modal',
      blocks: options.blocks ?? [],
      private_metadata: options.privateMetadata,
      callback_id: options.callbackId,
      state: { values: options.values },
      hash: `${nowSeconds()}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: options.title ?? 'Renkei', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'OK', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: API_APP_ID,
      external_id: '',
      app_installed_team_id: TEAM_ID,
      bot_id: BOT_ID,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

export interface SlashCommandOptions {
  user: string;
  text: string;
  command?: string;
  channelId: string;
  triggerId?: string;
  responseUrl?: string;
}

export function slashCommand(options: SlashCommandOptions): SlackPayload {
  // Field order follows what Slack sends; receivers must not depend on it, but it keeps bodies realistic.
  return form({
    token: LEGACY_TOKEN,
    team_id: TEAM_ID,
    team_domain: 'renkei-test',
    channel_id: options.channelId,
    channel_name: options.channelId.startsWith('D') ? 'directmessage' : 'general',
    user_id: options.user,
    user_name: `user-${options.user.toLowerCase()}`,
    command: options.command ?? '/renkei',
    // Slash command text is encoded like a message's.
    text: slackEncode(options.text),
    api_app_id: API_APP_ID,
    is_enterprise_install: 'false',
    response_url: options.responseUrl ?? `${responseUrlBase}commands/${TEAM_ID}/${next()}/${randomBytes(12).toString('hex')}`,
    trigger_id: options.triggerId ?? triggerId(),
  });
}
