import type { Server } from 'node:http';
import type { App } from './main.js';
import { createHttpServer, listen } from './http/http-server.js';
import { createSlackChannel, type SlackChannel } from './channels/slack/slack-channel.js';

export interface RunningServer {
  server: Server;
  port: number;
  slack: SlackChannel | null;
  close(): Promise<void>;
}

/** Server mode: the chat platforms whose credentials are set, behind one HTTP server. */
export async function runServer(app: App, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const slack = app.config.slack ? createSlackChannel(() => app.deps, app.config.slack) : null;
  if (slack) app.deps.messengers.push(slack.messenger);
  const server = createHttpServer({
    slack: slack?.requestListener ?? null,
    teams: null,
    ready: async () => {
      const checks: Record<string, string> = {};
      try {
        await app.database.db.$queryRawUnsafe('SELECT 1');
        checks.database = 'ok';
      } catch {
        checks.database = 'unavailable';
      }
      if (slack) checks.slack = 'configured';
      return { ok: checks.database === 'ok', checks };
    },
  });
  await slack?.start();
  const port = await listen(server, opts.port ?? app.config.port, opts.host);
  app.deps.log.info('server listening', { port, slack: slack ? (slack.requestListener ? 'http' : 'socket') : 'off' });
  return {
    server,
    port,
    slack,
    close: async () => {
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
