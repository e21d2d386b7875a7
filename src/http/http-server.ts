import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';

export interface HttpRoutes {
  slack: RequestListener | null;
  teams: RequestListener | null;
  /** Readiness: the database answers and the channels are set up. */
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
}

/** One server for Slack's /slack/events, Teams' /api/messages and the health endpoints, on PORT. */
export function createHttpServer(routes: HttpRoutes): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/slack/events' && routes.slack) return routes.slack(req, res);
    if (path === '/api/messages' && routes.teams) return routes.teams(req, res);
    if (path === '/healthz' && req.method === 'GET') return json(res, 200, { status: 'ok' });
    if (path === '/readyz' && req.method === 'GET') {
      routes.ready().then(
        (r) => json(res, r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not_ready', checks: r.checks }),
        () => json(res, 503, { status: 'not_ready' }),
      );
      return;
    }
    drain(req);
    json(res, 404, { error: 'not_found' });
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const drain = (req: IncomingMessage) => req.resume();

export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
