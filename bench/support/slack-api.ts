import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A lean Slack Web API stand-in on loopback for the bench: it answers what the bot and the
 * echo app call and tells a listener about each `chat.postMessage`, keeping nothing (the
 * tests' stand-in records every call, which would grow without bound over a bench run).
 */
export interface PostedMessage {
  channel: string;
  /** The raw `blocks` form field (JSON text), where the prompt id can be read. */
  blocks: string;
  text: string;
  at: number;
}

export interface SlackApi {
  url: string;
  onPost: ((m: PostedMessage) => void) | null;
  calls: Map<string, number>;
  close(): Promise<void>;
}

const BOT = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'renkei', team: 'Renkei Bench', url: 'https://renkei-bench.slack.com/' };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function argsOf(raw: string, contentType: string | undefined): Record<string, string> {
  if ((contentType ?? '').startsWith('application/json')) {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    const out: Record<string, string> = {};
    if (typeof parsed === 'object' && parsed !== null) for (const [k, v] of Object.entries(parsed)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return out;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

export async function startSlackApi(): Promise<SlackApi> {
  let ts = 0;
  const api: SlackApi = { url: '', onPost: null, calls: new Map(), close: async () => undefined };
  const dm = (channel: string | undefined) => (channel && /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel}` : (channel ?? ''));
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const method = /^\/api\/([A-Za-z0-9._]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1] ?? '';
      api.calls.set(method, (api.calls.get(method) ?? 0) + 1);
      const args = argsOf(raw, req.headers['content-type']);
      let body: Record<string, unknown>;
      switch (method) {
        case 'auth.test':
          body = { ok: true, ...BOT };
          break;
        case 'chat.postMessage': {
          ts += 1;
          const channel = dm(args.channel);
          const stamp = `1700000000.${String(ts).padStart(6, '0')}`;
          body = { ok: true, channel, ts: stamp, message: { type: 'message', user: BOT.user_id, bot_id: BOT.bot_id, ts: stamp } };
          api.onPost?.({ channel, blocks: args.blocks ?? '', text: args.text ?? '', at: performance.now() });
          break;
        }
        case 'chat.update':
          body = { ok: true, channel: dm(args.channel), ts: args.ts };
          break;
        case 'conversations.open':
          body = { ok: true, channel: { id: `D${(args.users ?? '').split(',')[0] ?? ''}` } };
          break;
        case 'users.info':
          body = { ok: true, user: { id: args.user, team_id: BOT.team_id, name: `user-${args.user}`, locale: 'ja-JP', tz: 'Asia/Tokyo', tz_offset: 32_400, is_bot: false, deleted: false } };
          break;
        default:
          body = { ok: true };
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  api.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return api;
}
