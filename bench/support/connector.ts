import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A lean Bot Connector stand-in on loopback for the bench: it answers the calls botbuilder
 * makes and tells a listener about every activity posted (send or reply), keeping nothing.
 */
export interface PostedActivity {
  conversationId: string;
  /** The activity as JSON text, where a question card's prompt id can be read. */
  body: string;
  at: number;
}

export interface Connector {
  url: string;
  onPost: ((a: PostedActivity) => void) | null;
  calls: Map<string, number>;
  close(): Promise<void>;
}

const route = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startConnector(): Promise<Connector> {
  let next = 0;
  const connector: Connector = { url: '', onPost: null, calls: new Map(), close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const match = route.exec((req.url ?? '').split('?')[0] ?? '');
      const answer = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (!match) return answer(404, { error: { code: 'NotFound' } });
      const operation = req.method === 'PUT' ? 'update' : !match[1] ? 'create' : match[2] ? 'reply' : 'send';
      connector.calls.set(operation, (connector.calls.get(operation) ?? 0) + 1);
      next += 1;
      if (operation === 'create') return answer(201, { id: `a:created-${next}` });
      if (operation === 'update') return answer(200, { id: match[2] });
      connector.onPost?.({ conversationId: decodeURIComponent(match[1] ?? ''), body, at: performance.now() });
      return answer(201, { id: `act-${next}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  connector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  connector.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return connector;
}
