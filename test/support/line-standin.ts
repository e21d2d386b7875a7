import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lineRequestProblems } from '../conformance/line/line-message-limits.js';

/**
 * A LINE Messaging API stand-in on loopback: the SDK's base URL points here. It answers
 * reply, push and profile as LINE documents them: a reply token works once and only for a
 * minute, a push retried under an X-Line-Retry-Key LINE already accepted gets 409, and it can
 * be told to throttle (429) or fail. Every request's messages are checked against LINE's
 * payload limits (test/conformance/line); the problems are kept for the tests to assert on.
 */

export type LineMessage = Record<string, unknown>;

export interface LineCall {
  operation: 'reply' | 'push' | 'profile';
  /** The user the messages went to (for a reply: the user the token was issued for). */
  to: string | undefined;
  messages: LineMessage[];
  status: number;
  retryKey: string | undefined;
  at: number;
}

export interface LineProfile {
  displayName: string;
  language?: string;
}

export interface LineStandin {
  /** Base URL, for the SDK's `baseURL` (LINE_API_URL). */
  readonly url: string;
  readonly accessToken: string;
  /** A new reply token for an event to `userId`, valid as LINE's: once, for a minute. */
  issueReplyToken(userId: string): string;
  /** Spends the token as if its minute had passed. */
  expireReplyToken(token: string): void;
  setProfile(userId: string, profile: LineProfile): void;
  /** The next `times` pushes fail with `status` (429: LINE's rate limit or quota). */
  failPushes(times: number, status?: number): void;
  calls(operation?: LineCall['operation']): LineCall[];
  /** Messages that reached `userId`, in the order LINE accepted them (a 409 replay is not a second delivery). */
  delivered(userId: string): LineMessage[];
  /** Payload-limit problems of every request received so far. */
  problems(): string[];
  close(): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function startLineStandin(): Promise<LineStandin> {
  const accessToken = `standin-token-${randomUUID()}`;
  const tokens = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  const profiles = new Map<string, LineProfile>();
  const acceptedKeys = new Set<string>();
  const recorded: LineCall[] = [];
  const deliveries: { to: string; message: LineMessage }[] = [];
  const problems: string[] = [];
  const pushFailures: number[] = [];

  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-line-request-id': randomUUID(), ...headers });
    res.end(JSON.stringify(body));
  };
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const raw = await read(req);
      if (req.headers.authorization !== `Bearer ${accessToken}`) return answer(res, 401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
      const profile = /^\/v2\/bot\/profile\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && profile?.[1]) {
        const userId = decodeURIComponent(profile[1]);
        const p = profiles.get(userId);
        recorded.push({ operation: 'profile', to: userId, messages: [], status: p ? 200 : 404, retryKey: undefined, at: Date.now() });
        return p ? answer(res, 200, { userId, displayName: p.displayName, ...(p.language ? { language: p.language } : {}) }) : answer(res, 404, { message: 'Not found' });
      }
      const body: unknown = raw ? JSON.parse(raw) : {};
      const messages = isObject(body) && Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
      if (req.method === 'POST' && path === '/v2/bot/message/reply') {
        const token = isObject(body) && typeof body.replyToken === 'string' ? body.replyToken : '';
        const issued = tokens.get(token);
        const valid = issued && !issued.used && Date.now() - issued.issuedAt < 60_000;
        problems.push(...lineRequestProblems(isObject(body) ? body.messages : undefined).map((p) => `reply: ${p}`));
        recorded.push({ operation: 'reply', to: issued?.userId, messages, status: valid ? 200 : 400, retryKey: undefined, at: Date.now() });
        if (!valid || !issued) return answer(res, 400, { message: 'Invalid reply token' });
        issued.used = true;
        for (const m of messages) deliveries.push({ to: issued.userId, message: m });
        return answer(res, 200, { sentMessages: messages.map(() => ({ id: randomUUID(), quoteToken: randomUUID() })) });
      }
      if (req.method === 'POST' && path === '/v2/bot/message/push') {
        const to = isObject(body) && typeof body.to === 'string' ? body.to : undefined;
        const key = typeof req.headers['x-line-retry-key'] === 'string' ? req.headers['x-line-retry-key'] : undefined;
        problems.push(...lineRequestProblems(isObject(body) ? body.messages : undefined).map((p) => `push: ${p}`));
        const call = (status: number) => recorded.push({ operation: 'push', to, messages, status, retryKey: key, at: Date.now() });
        if (key && acceptedKeys.has(key)) {
          call(409);
          return answer(res, 409, { message: 'The retry key is already accepted', sentMessages: [] });
        }
        const failing = pushFailures[0];
        if (failing !== undefined) {
          pushFailures.shift();
          call(failing);
          return answer(res, failing, { message: failing === 429 ? 'Too Many Requests' : 'Internal Server Error' });
        }
        if (!to) {
          call(400);
          return answer(res, 400, { message: 'The request body has 1 error(s)' });
        }
        if (key) acceptedKeys.add(key);
        call(200);
        for (const m of messages) deliveries.push({ to, message: m });
        return answer(res, 200, { sentMessages: messages.map(() => ({ id: randomUUID(), quoteToken: randomUUID() })) });
      }
      answer(res, 404, { message: 'Not found' });
    })().catch((err: unknown) => answer(res, 500, { message: err instanceof Error ? err.message : 'error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accessToken,
    issueReplyToken: (userId) => {
      const token = randomUUID().replace(/-/g, '');
      tokens.set(token, { userId, issuedAt: Date.now(), used: false });
      return token;
    },
    expireReplyToken: (token) => {
      const t = tokens.get(token);
      if (t) t.issuedAt = 0;
    },
    setProfile: (userId, profile) => void profiles.set(userId, profile),
    failPushes: (times, status = 429) => {
      for (let i = 0; i < times; i++) pushFailures.push(status);
    },
    calls: (operation) => recorded.filter((c) => !operation || c.operation === operation),
    delivered: (userId) => deliveries.filter((d) => d.to === userId).map((d) => d.message),
    problems: () => [...problems],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
