import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { CloudAdapter, Request, Response, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../ports/logger.js';
import { errorCode } from '../../app/notify.js';

/** Activities are small; a larger body is not an activity, and reading it would only cost memory. */
export const MAX_BODY_BYTES = 512 * 1024;

// The adapter throws (a 500) on a body without `type`; that is the sender's mistake, a 400.
// The same for a `serviceUrl` that is not a string: the adapter builds its Connector client from it before any turn runs.
const activityBody = z.looseObject({ type: z.string().min(1), serviceUrl: z.string().optional() });

/**
 * /api/messages on node:http. botbuilder's `adapter.process` expects an Express-like request
 * with a parsed body and a response with status/header/send/end; this reads the body itself
 * (bounded), answers 400 to anything that is not a JSON object without waking the adapter,
 * and lets the adapter authenticate (401) and run the turn.
 */
export function teamsRequestListener(adapter: CloudAdapter, logic: (context: TurnContext) => Promise<void>, log: Logger, maxBodyBytes = MAX_BODY_BYTES): RequestListener {
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error('teams request failed', { code: errorCode(err) });
      if (!res.headersSent) json(res, 500, { error: 'internal_error' });
      else res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      return json(res, 405, { error: 'method_not_allowed' });
    }
    // The shared server reads and bounds the body first and hands it on as `rawBody` (Bolt's convention).
    const raw: unknown = 'rawBody' in req ? req.rawBody : undefined;
    const body = Buffer.isBuffer(raw) ? (raw.length > maxBodyBytes ? { ok: false as const } : { ok: true as const, text: raw.toString('utf8') }) : await readBody(req, maxBodyBytes);
    if (!body.ok) return json(res, 413, { error: 'body_too_large' }, { connection: 'close' });
    const parsed = parseJson(body.text);
    if (!parsed.ok) return json(res, 400, { error: 'malformed_json' });
    const activity = activityBody.safeParse(parsed.value);
    if (!activity.success) return json(res, 400, { error: 'not_an_activity' });
    const request: Request = { body: activity.data, headers: req.headers, method: 'POST' };
    await adapter.process(request, expressResponse(res), logic);
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    if (err instanceof SyntaxError) return { ok: false };
    throw err;
  }
}

function readBody(req: IncomingMessage, max: number): Promise<{ ok: true; text: string } | { ok: false }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** The slice of Express's response that CloudAdapter.process uses. */
function expressResponse(res: ServerResponse): Response {
  let status = 200;
  let payload: string | undefined;
  return {
    socket: res.socket,
    status(code: unknown) {
      if (typeof code === 'number') status = code;
      return this;
    },
    header(name: unknown, value: unknown) {
      if (typeof name === 'string') res.setHeader(name, String(value));
      return this;
    },
    send(body: unknown) {
      if (body === undefined || body === null) return this;
      if (typeof body === 'string') {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
        payload = body;
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        payload = JSON.stringify(body);
      }
      return this;
    },
    end() {
      if (res.writableEnded) return this;
      res.statusCode = status;
      res.end(payload);
      return this;
    },
  };
}
