import { connect } from 'node:net';

/**
 * HTTP/1.1 over a bare socket, so that a fuzz test can send what no well-behaved client
 * would: odd methods, header values with control bytes or non-ASCII, a Content-Length that
 * lies, binary bodies. Every request asks for `Connection: close`; the answer is read until
 * the server closes the socket or the time runs out.
 */

export interface RawRequest {
  method: string;
  path: string;
  /** Header lines as sent, in order; values are written as latin1 bytes unless given as Buffers. */
  headers: Array<[string, string | Buffer]>;
  body: Buffer;
  /** The Content-Length to declare: the real length by default, a number to lie, null for none. */
  contentLength?: number | null;
}

export interface RawResponse {
  /** The status of every response on the connection, in order (several when a lie split the body into requests). */
  statuses: number[];
  /** The body of the first response, as text. */
  body: string;
  /** No complete answer before the deadline (the server may be waiting for bytes it was promised). */
  timedOut: boolean;
}

export function encodeRequest(r: RawRequest): Buffer {
  const lines: Buffer[] = [Buffer.from(`${r.method} ${r.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`, 'latin1')];
  for (const [name, value] of r.headers) {
    lines.push(Buffer.concat([Buffer.from(`${name}: `, 'latin1'), typeof value === 'string' ? Buffer.from(value, 'latin1') : value, Buffer.from('\r\n', 'latin1')]));
  }
  const length = r.contentLength === undefined ? r.body.length : r.contentLength;
  if (length !== null) lines.push(Buffer.from(`Content-Length: ${length}\r\n`, 'latin1'));
  lines.push(Buffer.from('\r\n', 'latin1'), r.body);
  return Buffer.concat(lines);
}

export function sendRaw(port: number, request: RawRequest | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  const bytes = Buffer.isBuffer(request) ? request : encodeRequest(request);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      const headerEnd = text.indexOf('\r\n\r\n');
      resolve({ statuses, body: headerEnd >= 0 ? Buffer.from(text.slice(headerEnd + 4), 'latin1').toString('utf8') : '', timedOut: timedOut && statuses.length === 0 });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish(false));
    socket.on('close', () => finish(false));
    // A server that answers early (413) and closes may reset the socket while the body is still going out.
    socket.on('error', () => finish(false));
    socket.write(bytes);
  });
}

/** GET /healthz: the server is still alive and answering. */
export async function healthy(port: number): Promise<boolean> {
  const r = await sendRaw(port, { method: 'GET', path: '/healthz', headers: [], body: Buffer.alloc(0), contentLength: null }, 3000);
  return r.statuses[0] === 200;
}
