import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/**
 * A Slack Web API stand-in on loopback for `new WebClient(token, { slackApiUrl: standin.url })`
 * and Bolt's `clientOptions.slackApiUrl`. It records every HTTP attempt (including the ones it
 * was scripted to fail, so retry behaviour stays visible) and keeps the messages as a person
 * would see them now, after `chat.update` and `chat.delete`.
 */

export type ScriptedFailure =
  | { kind: 'ratelimited'; retryAfterSeconds: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number };

export interface RecordedCall {
  method: string;
  /** Decoded arguments; `blocks`, `view`, `attachments`, `metadata` and `files` arrive as objects. */
  args: Record<string, unknown>;
  at: Date;
  /** The raw token from `Authorization: Bearer …` (or the body's `token` field). */
  token: string | undefined;
  /** `ok` when the stand-in answered normally, otherwise the kind of scripted failure. */
  outcome: 'ok' | ScriptedFailure['kind'];
  /** HTTP status the stand-in answered with. */
  status: number;
  /** The JSON body the stand-in answered with. */
  response: Record<string, unknown>;
}

export interface StandinMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  /** How many `chat.update` calls changed this message. */
  updates: number;
}

export interface StandinUpload {
  fileId: string;
  filename: string;
  /** Bytes posted to the upload URL; undefined until the client has posted them. */
  content: Buffer | undefined;
  /** Set by `files.completeUploadExternal`. */
  completed: boolean;
  title: string | undefined;
  channel: string | undefined;
  initialComment: string | undefined;
  threadTs: string | undefined;
}

export interface SlackStandin {
  /** Base URL ending in `/api/`, for `slackApiUrl`. */
  readonly url: string;
  /** Base URL ending in `/response/` for the response_url of built requests; posts to it are recorded as `response_url`. */
  readonly responseUrl: string;
  calls(method?: string): RecordedCall[];
  /** Forgets calls, messages, uploads and scripted failures; user locales stay. */
  clear(): void;
  /** The next `times` calls of `method` fail as described, in order, before normal answers resume. */
  failNext(method: string, times: number, failure: ScriptedFailure): void;
  /** Resolves with the calls of `method` once at least `count` were made (scripted failures count). */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Messages as they look now, in posting order. */
  messages(channel?: string): StandinMessage[];
  uploads(): StandinUpload[];
  setUserLocale(user: string, locale: string): void;
  close(): Promise<void>;
}

/** Fields that WebClient flattens to JSON strings in a form body and tests want as objects. */
const jsonFields = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

const BOT = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'renkei', team: 'Renkei Test', url: 'https://renkei-test.slack.com/' };

/** `port` 0 (the default) takes a free one; a fixed one lets an app started separately be pointed at it. */
export async function startSlackStandin(options: { port?: number } = {}): Promise<SlackStandin> {
  const recorded: RecordedCall[] = [];
  const posted: StandinMessage[] = [];
  const uploads = new Map<string, StandinUpload>();
  const scripted = new Map<string, ScriptedFailure[]>();
  const locales = new Map<string, string>();
  // Slack's ts is seconds.microseconds; keeping them strictly increasing lets tests sort on them.
  let tsSequence = 0;
  let idSequence = 0;
  const nextTs = () => {
    tsSequence += 100;
    return `${1_700_000_000 + Math.floor(tsSequence / 1_000_000)}.${String(tsSequence % 1_000_000).padStart(6, '0')}`;
  };
  const nextId = (prefix: string) => `${prefix}${String(++idSequence).padStart(8, '0')}`;
  // Posting to a user id lands in the app's DM with that user, which Slack reports as a D… channel.
  const resolveChannel = (channel: unknown) => {
    const id = typeof channel === 'string' ? channel : '';
    return /^[UW][A-Z0-9]+$/.test(id) ? `D${id}` : id;
  };
  let baseUrl = '';

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, ...BOT };
      case 'chat.postMessage': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const message: StandinMessage = {
          channel,
          ts: nextTs(),
          text: typeof args.text === 'string' ? args.text : undefined,
          blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
          threadTs: typeof args.thread_ts === 'string' ? args.thread_ts : undefined,
          updates: 0,
        };
        posted.push(message);
        return {
          ok: true,
          channel,
          ts: message.ts,
          message: { type: 'message', user: BOT.user_id, bot_id: BOT.bot_id, text: message.text ?? '', blocks: message.blocks, ts: message.ts },
        };
      }
      case 'chat.update': {
        const channel = resolveChannel(args.channel);
        const message = posted.find((m) => m.channel === channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        // Slack replaces only what the update carries; absent fields keep their old value.
        if (typeof args.text === 'string') message.text = args.text;
        if (Array.isArray(args.blocks)) message.blocks = args.blocks;
        message.updates += 1;
        return { ok: true, channel, ts: message.ts, text: message.text ?? '' };
      }
      case 'chat.delete': {
        const channel = resolveChannel(args.channel);
        const index = posted.findIndex((m) => m.channel === channel && m.ts === args.ts);
        if (index < 0) return { ok: false, error: 'message_not_found' };
        posted.splice(index, 1);
        return { ok: true, channel, ts: args.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.getPermalink': {
        const channel = resolveChannel(args.channel);
        const ts = typeof args.message_ts === 'string' ? args.message_ts : '';
        return { ok: true, channel, permalink: `https://renkei-test.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
      }
      case 'conversations.open': {
        const users = typeof args.users === 'string' ? args.users.split(',') : [];
        const first = users[0]?.trim();
        if (!first) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: `D${first}` } };
      }
      case 'users.info': {
        const id = typeof args.user === 'string' ? args.user : '';
        if (!id) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            team_id: BOT.team_id,
            name: `user-${id.toLowerCase()}`,
            real_name: `User ${id}`,
            locale: locales.get(id) ?? 'ja-JP',
            tz: 'Asia/Tokyo',
            tz_label: 'Japan Standard Time',
            tz_offset: 32_400,
            is_bot: false,
            deleted: false,
          },
        };
      }
      case 'views.open':
      case 'views.publish':
      case 'views.update':
      case 'views.push': {
        const view = isRecord(args.view) ? args.view : {};
        const id = typeof args.view_id === 'string' ? args.view_id : nextId('V');
        return { ok: true, view: { id, team_id: BOT.team_id, app_id: 'A1', bot_id: BOT.bot_id, ...view } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = nextId('F');
        uploads.set(fileId, {
          fileId,
          filename: typeof args.filename === 'string' ? args.filename : 'file',
          content: undefined,
          completed: false,
          title: undefined,
          channel: undefined,
          initialComment: undefined,
          threadTs: undefined,
        });
        return { ok: true, upload_url: `${baseUrl}upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
        const completed = [];
        for (const file of files) {
          const upload = uploads.get(String(file.id));
          if (!upload) return { ok: false, error: 'file_not_found' };
          upload.completed = true;
          upload.title = typeof file.title === 'string' ? file.title : undefined;
          upload.channel = typeof args.channel_id === 'string' ? args.channel_id : undefined;
          upload.initialComment = typeof args.initial_comment === 'string' ? args.initial_comment : undefined;
          upload.threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
          completed.push({ id: upload.fileId, name: upload.filename, title: upload.title ?? upload.filename });
        }
        return { ok: true, files: completed };
      }
      default:
        return { ok: true };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const token = bearer(req.headers.authorization);

    const upload = /^\/upload\/([A-Z0-9]+)$/.exec(path);
    if (req.method === 'POST' && upload) {
      const args = await decodeBody(raw, req.headers['content-type']);
      const target = uploads.get(upload[1] ?? '');
      const body = args.body;
      if (target) target.content = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : raw);
      // Slack's upload endpoint answers with plain text, not the Web API's JSON envelope.
      record('upload', { file_id: upload[1], bytes: target?.content?.length ?? 0 }, token, 'ok', target ? 200 : 404, {});
      res.writeHead(target ? 200 : 404, { 'content-type': 'text/plain' }).end(target ? `OK - ${target.content?.length ?? 0}` : 'not found');
      return;
    }

    // A request's response_url (slash commands, interactivity): recorded as `response_url`, scriptable like a method.
    if (req.method === 'POST' && path.startsWith('/response/')) {
      const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      const args = { ...(isRecord(parsed) ? parsed : {}), response_url: path };
      const failure = scripted.get('response_url')?.shift();
      const status = failure ? failureResponse(failure).status : 200;
      const ok = status === 200 && failure?.kind !== 'error';
      record('response_url', args, undefined, failure ? failure.kind : 'ok', ok ? 200 : status === 200 ? 404 : status, {});
      // Slack answers a response_url in plain text: "ok", or an error such as "expired_url" with a 404.
      res.writeHead(ok ? 200 : status === 200 ? 404 : status, { 'content-type': 'text/plain' }).end(ok ? 'ok' : failure?.kind === 'error' ? failure.error : 'error');
      return;
    }

    const match = /^\/api\/([A-Za-z0-9._]+)$/.exec(path);
    if (req.method !== 'POST' || !match?.[1]) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'unknown_method' }));
      return;
    }
    const method = match[1];
    const args = await decodeBody(raw, req.headers['content-type']);
    const failure = scripted.get(method)?.shift();
    if (failure) {
      const { status, body, headers } = failureResponse(failure);
      record(method, args, token ?? stringOrUndefined(args.token), failure.kind, status, body);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      return;
    }
    const body = answer(method, args);
    record(method, args, token ?? stringOrUndefined(args.token), 'ok', 200, body);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  function record(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
    outcome: RecordedCall['outcome'],
    status: number,
    response: Record<string, unknown>,
  ) {
    recorded.push({ method, args, at: new Date(), token, outcome, status, response });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A stand-in bug must reach the test as a failed call, not as a hung request.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'standin_failure', detail: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/`;

  return {
    url: `${baseUrl}api/`,
    responseUrl: `${baseUrl}response/`,
    calls: (method) => recorded.filter((c) => method === undefined || c.method === method),
    clear: () => {
      recorded.length = 0;
      posted.length = 0;
      uploads.clear();
      scripted.clear();
    },
    failNext: (method, times, failure) => {
      const queue = scripted.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(failure);
      scripted.set(method, queue);
    },
    waitForCalls: async (method, count, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = recorded.filter((c) => c.method === method);
        if (found.length >= count) return found;
        if (Date.now() >= deadline) {
          const seen = recorded.map((c) => c.method).join(', ') || 'nothing';
          throw new Error(`expected ${count} call(s) of ${method} within ${timeoutMs} ms, got ${found.length}; calls seen: ${seen}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    messages: (channel) =>
      posted
        .filter((m) => channel === undefined || m.channel === resolveChannel(channel))
        .map((m) => ({ ...m, blocks: m.blocks ? structuredClone(m.blocks) : undefined })),
    uploads: () => [...uploads.values()].map((u) => ({ ...u })),
    setUserLocale: (user, locale) => {
      locales.set(user, locale);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Clients keep sockets alive; without this, close() waits for their idle timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function failureResponse(failure: ScriptedFailure): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  switch (failure.kind) {
    case 'ratelimited':
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(failure.retryAfterSeconds) } };
    case 'error':
      return { status: 200, body: { ok: false, error: failure.error }, headers: {} };
    case 'http':
      return { status: failure.status, body: { ok: false, error: `http_${failure.status}` }, headers: {} };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function decodeBody(raw: Buffer, contentType: string | undefined): Promise<Record<string, unknown>> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  let args: Record<string, unknown> = {};
  if (type === 'application/json') {
    const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    args = isRecord(parsed) ? parsed : {};
  } else if (type === 'multipart/form-data') {
    // undici's multipart parser saves writing one; binary parts come back as Blobs.
    const form = await new Response(raw, { headers: { 'content-type': contentType ?? '' } }).formData();
    for (const [key, value] of form.entries()) {
      args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    }
  } else if (raw.length) {
    for (const [key, value] of Object.entries(parseQuery(raw.toString('utf8')))) args[key] = value;
  }
  for (const key of jsonFields) {
    const value = args[key];
    if (typeof value === 'string') {
      try {
        args[key] = JSON.parse(value);
      } catch {
        // Keep what was sent: a test asserting on a malformed field should see it verbatim.
      }
    }
  }
  return args;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
