import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Bot Connector stand-in on loopback: activities whose `serviceUrl` points here make
 * botbuilder send its replies here. It records every HTTP attempt (the ones it was scripted to
 * fail too, so retries stay visible) and keeps each conversation's messages as a person would
 * see them now, after updates and deletions.
 */

export type ConnectorOperation = 'send' | 'reply' | 'update' | 'delete' | 'create';

export interface ConnectorFailure {
  status: 429 | 412 | 413 | 500 | 502 | 503 | 504;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

export interface ConnectorCall {
  operation: ConnectorOperation;
  conversationId: string;
  /** The activity replied to (reply) or replaced (update). */
  activityId: string | undefined;
  body: Record<string, unknown>;
  status: number;
  at: number;
}

export interface PostedActivity {
  id: string;
  conversationId: string;
  replyToId: string | undefined;
  activity: Record<string, unknown>;
  updates: number;
}

export interface ConnectorStandin {
  /** Base URL ending in `/`, for activities' `serviceUrl` and offices.json. */
  readonly url: string;
  calls(operation?: ConnectorOperation): ConnectorCall[];
  /** The next `times` calls (of `operation`, or of any operation) fail as described. */
  failNext(times: number, failure: ConnectorFailure, operation?: ConnectorOperation): void;
  /** Activities as they look now, in posting order. */
  activities(conversationId?: string): PostedActivity[];
  /** Adaptive Card contents of every activity posted or updated, in call order. */
  cards(): unknown[];
  /** A OneDrive-like upload URL for a file consent's `uploadInfo`; the bytes PUT there are kept. */
  uploadUrl(name: string): string;
  uploaded(name: string): { bytes: Buffer; contentRange: string | undefined } | undefined;
  close(): Promise<void>;
}

const route = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/;

export async function startConnectorStandin(): Promise<ConnectorStandin> {
  const recorded: ConnectorCall[] = [];
  const posted: PostedActivity[] = [];
  const failures: { operation: ConnectorOperation | undefined; failure: ConnectorFailure }[] = [];
  let next = 1;

  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const files = new Map<string, { bytes: Buffer; contentRange: string | undefined }>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    const upload = /^\/onedrive\/upload\/([^/?]+)$/.exec(req.url ?? '');
    if (upload?.[1] && req.method === 'PUT') {
      const range = req.headers['content-range'];
      files.set(decodeURIComponent(upload[1]), { bytes: raw, contentRange: typeof range === 'string' ? range : undefined });
      return answer(res, 201, { id: `file-${upload[1]}`, name: decodeURIComponent(upload[1]), size: raw.length });
    }
    const text = raw.toString('utf8');
    const match = route.exec((req.url ?? '').split('?')[0] ?? '');
    if (!match) return answer(res, 404, { error: { code: 'NotFound', message: req.url } });
    const conversationId = match[1] ? decodeURIComponent(match[1]) : '';
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const operation: ConnectorOperation | null =
      req.method === 'POST' && !match[1] ? 'create' : req.method === 'POST' ? (activityId ? 'reply' : 'send') : req.method === 'PUT' && activityId ? 'update' : req.method === 'DELETE' && activityId ? 'delete' : null;
    if (!operation) return answer(res, 405, { error: { code: 'MethodNotAllowed' } });
    const parsed: unknown = text ? JSON.parse(text) : {};
    const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    const failureIndex = failures.findIndex((f) => f.operation === undefined || f.operation === operation);
    const call: ConnectorCall = { operation, conversationId, activityId, body, status: 200, at: Date.now() };
    recorded.push(call);
    const failure = failureIndex >= 0 ? failures.splice(failureIndex, 1)[0]?.failure : undefined;
    if (failure) {
      call.status = failure.status;
      const code = failure.status === 413 ? 'MessageSizeTooBig' : failure.status === 429 ? 'Throttled' : failure.status === 412 ? 'PreconditionFailed' : 'ServiceError';
      return answer(res, failure.status, { error: { code, message: `scripted ${failure.status}` } }, failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
    }
    if (operation === 'create') {
      const id = `a:created-${next++}`;
      return answer(res, 201, { id, activityId: '' });
    }
    if (operation === 'update') {
      const existing = posted.find((p) => p.id === activityId && p.conversationId === conversationId);
      if (!existing) {
        call.status = 404;
        return answer(res, 404, { error: { code: 'ActivityNotFound' } });
      }
      existing.activity = body;
      existing.updates += 1;
      return answer(res, 200, { id: existing.id });
    }
    if (operation === 'delete') {
      const index = posted.findIndex((p) => p.id === activityId && p.conversationId === conversationId);
      if (index < 0) {
        call.status = 404;
        return answer(res, 404, { error: { code: 'ActivityNotFound' } });
      }
      posted.splice(index, 1);
      return answer(res, 200, {});
    }
    const id = `act-${next++}`;
    posted.push({ id, conversationId, replyToId: operation === 'reply' ? activityId : undefined, activity: body, updates: 0 });
    return answer(res, 201, { id });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => answer(res, 500, { error: { code: 'StandinError', message: String(err) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const attachmentsOf = (body: Record<string, unknown>): unknown[] => (Array.isArray(body.attachments) ? body.attachments : []);
  return {
    url: `http://127.0.0.1:${port}/`,
    calls: (operation) => recorded.filter((c) => !operation || c.operation === operation),
    failNext: (times, failure, operation) => {
      for (let i = 0; i < times; i++) failures.push({ operation, failure });
    },
    activities: (conversationId) => posted.filter((p) => conversationId === undefined || p.conversationId === conversationId),
    cards: () =>
      recorded
        .filter((c) => c.status < 300 && c.operation !== 'create' && c.operation !== 'delete')
        .flatMap((c) => attachmentsOf(c.body))
        .flatMap((a) => (typeof a === 'object' && a !== null && (a as { contentType?: unknown }).contentType === 'application/vnd.microsoft.card.adaptive' ? [(a as { content?: unknown }).content] : [])),
    uploadUrl: (name) => `http://127.0.0.1:${port}/onedrive/upload/${encodeURIComponent(name)}`,
    uploaded: (name) => files.get(name),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
