import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../ports/logger.js';

/** The default cap on a platform request's body (RENKEI_MAX_BODY_BYTES). */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

export interface MetricsRoute {
  /** The Prometheus text exposition, collected now. */
  render(): Promise<{ contentType: string; body: string }>;
  /** When set, a scrape needs `Authorization: Bearer <token>`. */
  token: string | null;
}

export interface HttpRoutes {
  slack: RequestListener | null;
  teams: RequestListener | null;
  /** LINE's /line/webhook (absent when LINE is not configured). */
  line?: RequestListener | null;
  /** Readiness: the database answers and the channels are set up. */
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
  metrics?: MetricsRoute | null;
  maxBodyBytes?: number;
  log?: Logger;
}

/**
 * One server for Slack's /slack/events, Teams' /api/messages, LINE's /line/webhook, the health endpoints and
 * /metrics, on PORT. A platform request's body is read here first, within the cap, and
 * handed on as `rawBody` (the property Bolt's receiver takes instead of reading the stream
 * itself, and verifies the signature against): a body over the cap is refused with 413
 * before any SDK parses or buffers it.
 */
export function createHttpServer(routes: HttpRoutes): Server {
  const maxBodyBytes = routes.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const platform = (listener: RequestListener, req: IncomingMessage, res: ServerResponse) => {
    readBounded(req, maxBodyBytes)
      .then(
        (body) => {
          if (body === 'too_large') return tooLarge(res, maxBodyBytes);
          Object.assign(req, { rawBody: body });
          return listener(req, res);
        },
        // The client went away mid-body: there is no one left to answer.
        () => void req.destroy(),
      )
      .catch((err: unknown) => {
        routes.log?.error('http request failed', { path: req.url?.split('?')[0], code: codeOf(err) });
        if (!res.headersSent) json(res, 500, { error: 'internal_error' });
        else res.destroy();
      });
  };
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/slack/events' && routes.slack) return platform(routes.slack, req, res);
    if (path === '/api/messages' && routes.teams) return platform(routes.teams, req, res);
    if (path === '/line/webhook' && routes.line) return platform(routes.line, req, res);
    if (path === '/healthz' && req.method === 'GET') return json(res, 200, { status: 'ok' });
    if (path === '/readyz' && req.method === 'GET') {
      routes.ready().then(
        (r) => json(res, r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not_ready', checks: r.checks }),
        () => json(res, 503, { status: 'not_ready' }),
      );
      return;
    }
    if (path === '/metrics' && req.method === 'GET' && routes.metrics) return metrics(routes.metrics, req, res);
    drain(req);
    json(res, 404, { error: 'not_found' });
  });
}

function metrics(route: MetricsRoute, req: IncomingMessage, res: ServerResponse): void {
  drain(req);
  if (route.token !== null && !bearerMatches(req.headers.authorization, route.token)) {
    res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' });
    res.end(JSON.stringify({ error: 'unauthorized' }));
    return;
  }
  route.render().then(
    (m) => {
      res.writeHead(200, { 'content-type': m.contentType });
      res.end(m.body);
    },
    // A failed collection (the database is down) is a failed scrape; Prometheus records it as such.
    () => json(res, 503, { error: 'metrics_unavailable' }),
  );
}

/** Compared in constant time, so the token cannot be guessed byte by byte from response times. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The body, or 'too_large' as soon as the declared length or the bytes received pass `max`
 * (chunked bodies declare no length). The rest of a refused body is discarded and the
 * connection closed after the 413, so a client still sending cannot hold it open.
 */
function readBounded(req: IncomingMessage, max: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    drain(req);
    return Promise.resolve('too_large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      chunks.length = 0;
      drain(req);
      resolve('too_large');
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

function tooLarge(res: ServerResponse, max: number): void {
  json(res, 413, { error: 'body_too_large', maxBytes: max }, { connection: 'close' });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

const drain = (req: IncomingMessage) => req.resume();

const codeOf = (err: unknown) => (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown');

export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Stops accepting connections and resolves once every request in progress has been answered.
 * Keep-alive connections are closed as soon as they fall idle, so a platform holding one open
 * does not hold up the shutdown.
 */
export function stopAccepting(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.close((err) => {
      clearInterval(idle);
      if (err) reject(err);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
