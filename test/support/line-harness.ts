import type { Server } from 'node:http';
import { testRetryPolicy } from './teams-harness.js';
import { recordingLogger, type LogLine } from './recording-logger.js';
import { createLineChannel, LINE_WEBHOOK_PATH, type LineChannel } from '../../src/channels/line/line-channel.js';
import { createHttpServer, listen } from '../../src/http/http-server.js';
import { postgresServices, sqliteServices, type ServicesForTests } from './services.js';
import { startLineStandin, type LineStandin } from './line-standin.js';
import { CHANNEL_SECRET, lineSignature, webhookBody } from './line-webhook.js';

export interface LineHarness {
  env: ServicesForTests;
  standin: LineStandin;
  line: LineChannel;
  url: string;
  logs: LogLine[];
  /** Posts events as one signed webhook request and waits until the work it queued is done. */
  post(events: Record<string, unknown>[], opts?: { signature?: string | null; body?: string }): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

/** The real /line/webhook on the shared server on loopback, the real use cases on SQLite or PostgreSQL, a Messaging API stand-in. */
export async function startLineHarness(opts: { database?: 'sqlite' | 'postgresql' } = {}): Promise<LineHarness> {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  process.env.no_proxy = '127.0.0.1,localhost';
  const env = opts.database === 'postgresql' ? await postgresServices() : await sqliteServices();
  const standin = await startLineStandin();
  const { logs, logger } = recordingLogger();
  env.services.log = logger;
  const line = createLineChannel(
    () => env.services,
    { channelSecret: CHANNEL_SECRET, channelAccessToken: standin.accessToken, apiUrl: standin.url },
    { retry: testRetryPolicy },
  );
  env.services.messengers.push(line.messenger);
  const server: Server = createHttpServer({ slack: null, teams: null, line: line.requestListener, ready: async () => ({ ok: true, checks: {} }) });
  const port = await listen(server, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}${LINE_WEBHOOK_PATH}`;
  return {
    env,
    standin,
    line,
    url,
    logs,
    post: async (events, o = {}) => {
      const body = o.body ?? webhookBody(events);
      const signature = o.signature === undefined ? lineSignature(body) : o.signature;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature !== null ? { 'x-line-signature': signature } : {}) }, body });
      const text = await res.text();
      await line.idle();
      return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
    },
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await line.stop();
      await standin.close();
      await env.close();
    },
  };
}
