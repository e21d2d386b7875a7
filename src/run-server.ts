import type { Server } from 'node:http';
import type { App } from './main.js';
import { createHttpServer, listen } from './http/http-server.js';
import { createSlackChannel, type SlackChannel } from './channels/slack/slack-channel.js';
import type { TeamsChannel } from './channels/teams/teams-channel.js';

export interface RunningServer {
  server: Server;
  port: number;
  slack: SlackChannel | null;
  teams: TeamsChannel | null;
  close(): Promise<void>;
}

/** Server mode: the chat platforms whose credentials are set, behind one HTTP server. */
export async function runServer(app: App, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const slack = app.config.slack ? createSlackChannel(() => app.deps, app.config.slack) : null;
  if (slack) app.deps.messengers.push(slack.messenger);
  // Loaded only when configured: botbuilder adds about half a second to every `renkei` command's start.
  const teams = app.config.teams ? (await import('./channels/teams/teams-channel.js')).createTeamsChannel(() => app.deps, app.config.teams) : null;
  if (teams) app.deps.messengers.push(teams.messenger);
  const server = createHttpServer({
    slack: slack?.requestListener ?? null,
    teams: teams?.requestListener ?? null,
    ready: async () => {
      const checks: Record<string, string> = {};
      try {
        await app.database.db.$queryRawUnsafe('SELECT 1');
        checks.database = 'ok';
      } catch {
        checks.database = 'unavailable';
      }
      if (slack) checks.slack = 'configured';
      if (teams) checks.teams = teams.authenticated ? 'configured' : 'unauthenticated';
      return { ok: checks.database === 'ok', checks };
    },
  });
  await slack?.start();
  await teams?.start();
  const port = await listen(server, opts.port ?? app.config.port, opts.host);
  app.deps.log.info('server listening', { port, slack: slack ? (slack.requestListener ? 'http' : 'socket') : 'off', teams: teams ? (teams.authenticated ? 'authenticated' : 'unauthenticated') : 'off' });
  return {
    server,
    port,
    slack,
    teams,
    close: async () => {
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Work Teams was already told about finishes before the database closes.
      await teams?.stop();
    },
  };
}
