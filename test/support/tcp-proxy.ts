import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback between the app and a server (PostgreSQL), to take the server away
 * and bring it back while the app keeps running:
 * - `refuse`: the port stops listening and open connections are cut, as when the server is
 *   stopped (clients see ECONNREFUSED, then ECONNRESET or an unexpected end on old sockets);
 * - `reset`: connections are accepted and closed at once (a server crashing on start-up);
 * - `blackhole`: connections are accepted and nothing ever answers (a hung host), which only
 *   timeouts can end.
 * `restore()` listens again on the same port, so the app's connection string stays valid.
 */

export type CutMode = 'refuse' | 'reset' | 'blackhole';

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  cut(mode?: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, opts: { host?: string } = {}): Promise<TcpProxy> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let mode: CutMode | null = null;

  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // A peer reset is what this proxy is for; it must not crash the test process.
    s.on('error', () => s.destroy());
  };

  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      client.pause();
      return;
    }
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  };

  let server: Server = createServer(onConnection);
  const listen = (s: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => {
        s.off('error', reject);
        resolve((s.address() as AddressInfo).port);
      });
    });
  const stop = (s: Server) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()));
  const dropAll = () => {
    for (const s of sockets) s.resetAndDestroy();
    sockets.clear();
  };

  const port = await listen(server, 0);

  return {
    host,
    port,
    cut: async (how = 'refuse') => {
      mode = how;
      if (how === 'refuse') {
        const closing = stop(server);
        dropAll();
        await closing;
      } else {
        dropAll();
      }
    },
    restore: async () => {
      if (mode === null) return;
      const wasRefusing = mode === 'refuse';
      mode = null;
      // Blackholed sockets never get an answer; ending them lets their clients retry.
      dropAll();
      if (wasRefusing) {
        server = createServer(onConnection);
        await listen(server, port);
      }
    },
    close: async () => {
      mode = 'refuse';
      const closing = stop(server);
      dropAll();
      await closing;
    },
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = proxy.host;
  u.port = String(proxy.port);
  return u.toString();
}
