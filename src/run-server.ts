import type { Server } from 'node:http';
import type { App } from './main.js';
import { createHttpServer, listen, stopAccepting } from './http/http-server.js';
import type { SlackChannel } from './channels/slack/slack-channel.js';
import type { TeamsChannel } from './channels/teams/teams-channel.js';
import type { LineChannel } from './channels/line/line-channel.js';
import { Dispatcher } from './scheduler/dispatcher.js';
import { PrismaStatusCounts } from './store/prisma-status-counts.js';
import { errorCode } from './app/notify.js';
import type { ChannelId } from './core/intake.js';
import { WriteProbe } from './store/write-probe.js';
import { isDatabaseUnavailable } from './store/database-errors.js';

export interface RunningServer {
  server: Server;
  port: number;
  slack: SlackChannel | null;
  teams: TeamsChannel | null;
  line: LineChannel | null;
  /**
   * Stops accepting requests, answers those in progress, then waits for the work the
   * platforms were already told about (Slack's early acks, Teams' per-conversation queue).
   */
  close(): Promise<void>;
}

/** Server mode: the chat platforms whose credentials are set, behind one HTTP server. */
export async function runServer(app: App, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  // Each platform's SDK is loaded only when configured: Bolt, botbuilder and LINE's SDK each add
  // tenths of a second and megabytes to a server that does not use them.
  const slack = app.config.slack ? (await import('./channels/slack/slack-channel.js')).createSlackChannel(() => app.deps, app.config.slack) : null;
  if (slack) app.deps.messengers.push(slack.messenger);
  const teams = app.config.teams
    ? (await import('./channels/teams/teams-channel.js')).createTeamsChannel(() => app.deps, app.config.teams, { maxBodyBytes: app.config.limits.maxBodyBytes })
    : null;
  if (teams) app.deps.messengers.push(teams.messenger);
  const line = app.config.line
    ? (await import('./channels/line/line-channel.js')).createLineChannel(() => app.deps, app.config.line, { maxBodyBytes: app.config.limits.maxBodyBytes })
    : null;
  if (line) app.deps.messengers.push(line.messenger);
  // Loaded only in server mode: prom-client takes about 0.15 s to load.
  const [{ createMetrics }, { watchEventLoop }] = await Promise.all([import('./metrics/metrics.js'), import('./metrics/event-loop-watch.js')]);
  const channels: ChannelId[] = [...(slack ? ['slack' as const] : []), ...(teams ? ['teams' as const] : []), ...(line ? ['line' as const] : [])];
  const metrics = createMetrics({ counts: new PrismaStatusCounts(app.database.db), channels });
  app.deps.turns = metrics.turns;
  const writes = new WriteProbe(app.database, app.config.readinessProbeMs);
  const eventLoop = watchEventLoop({ log: app.deps.log, registry: metrics.registry });
  const server = createHttpServer({
    slack: slack?.requestListener ?? null,
    teams: teams?.requestListener ?? null,
    line: line?.requestListener ?? null,
    ready: async () => {
      const checks: Record<string, string> = {};
      // Bounded (2 s): while PostgreSQL hangs, the probe still gets its 503 before the driver's own
      // timeouts. A write, not a read: a read-only file or a held lock must make the bot unready.
      // The read on every probe (an outage shows at once), the write at most every few seconds.
      const probe = await app.database.ping(2_000).then(
        () => writes.check(),
        (error: unknown) => ({ ok: false, error }),
      );
      if (probe.ok) checks.database = 'ok';
      else {
        app.deps.log.warn('readiness: database cannot be written', { code: errorCode(probe.error) });
        checks.database = 'unavailable';
      }
      if (slack) checks.slack = 'configured';
      if (teams) checks.teams = teams.authenticated ? 'configured' : 'unauthenticated';
      if (line) checks.line = 'configured';
      return { ok: checks.database === 'ok', checks };
    },
    metrics: { render: metrics.render, token: app.config.metricsToken },
    maxBodyBytes: app.config.limits.maxBodyBytes,
    log: app.deps.log,
  });
  await slack?.start();
  await teams?.start();
  const port = await listen(server, opts.port ?? app.config.port, opts.host);
  app.deps.log.info('server listening', { port, slack: slack ? (slack.requestListener ? 'http' : 'socket') : 'off', teams: teams ? (teams.authenticated ? 'authenticated' : 'unauthenticated') : 'off', line: line ? 'on' : 'off' });
  return {
    server,
    port,
    slack,
    teams,
    line,
    close: async () => {
      await stopAccepting(server);
      eventLoop.stop();
      // Every request has been answered, so everything the platforms were told about is queued or running.
      await slack?.stop();
      await teams?.stop();
      await line?.stop();
    },
  };
}

export interface ServeOptions {
  /** Where SIGTERM and SIGINT come from (the process). */
  signals?: NodeJS.EventEmitter;
  /** Ends the process when the graceful stop is cut short (process.exit). */
  exit?: (code: number) => void;
}

/**
 * `renkei start` in server mode: the server and the reminder dispatcher until SIGTERM or
 * SIGINT, then a graceful stop: no new requests; the turns in flight finish (their answers
 * saved, their replies posted); the dispatcher finishes its round and hands back its leases;
 * the database closes last. A second signal, or RENKEI_SHUTDOWN_GRACE_MS passing, ends the
 * process at once with exit code 1: what was saved is safe, a reply not yet posted is lost,
 * and a reminder lease left behind expires and another replica sends it.
 */
export async function serveUntilSignal(app: App, opts: ServeOptions = {}): Promise<number> {
  const signals = opts.signals ?? process;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const log = app.deps.log;
  // One listener for the whole run, in place before the server listens: between "server listening"
  // and the second signal there is no moment without one, when a signal would kill the process outright.
  let heard = 0;
  let first: (signal: string) => void = () => undefined;
  let second: () => void = () => undefined;
  const firstSignal = new Promise<string>((resolve) => (first = resolve));
  const secondSignal = new Promise<string>((resolve) => (second = () => resolve('second_signal')));
  const onSignal = (name: unknown) => {
    heard += 1;
    if (heard === 1) first(typeof name === 'string' ? name : 'signal');
    else second();
  };
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);
  let running: RunningServer;
  try {
    running = await runServer(app);
  } catch (err) {
    signals.off('SIGTERM', onSignal);
    signals.off('SIGINT', onSignal);
    await app.close();
    throw err;
  }
  const dispatcher = new Dispatcher(() => app.deps);
  dispatcher.start();

  const signal = await firstSignal;
  const graceMs = app.config.shutdownGraceMs;
  log.info('shutting down', { signal, graceMs });

  let timer: NodeJS.Timeout | undefined;
  const forced = Promise.race([secondSignal, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('grace_elapsed'), graceMs)))]);
  // A database that is away (read-only, locked, unreachable) does not make the stop fail: what
  // was saved is safe, and the work drained has told each person so. Only a bug exits 1.
  const step = (what: string, work: () => Promise<void>) =>
    work().then(
      () => null,
      (err: unknown) => {
        if (!isDatabaseUnavailable(err)) throw err;
        log.warn('shutdown: database unavailable', { step: what, code: errorCode(err) });
        return null;
      },
    );
  const graceful = (async () => {
    await Promise.all([step('server', () => running.close()), step('dispatcher', () => dispatcher.stop())]);
    await step('database', () => app.close());
  })().then(
    () => null,
    (err: unknown) => {
      log.error('shutdown failed', { code: errorCode(err) });
      return 'failed';
    },
  );
  const cutShort = await Promise.race([graceful, forced]);
  clearTimeout(timer);
  if (cutShort) {
    if (cutShort !== 'failed') log.error('shutdown forced', { reason: cutShort, graceMs });
    exit(1);
    return 1;
  }
  signals.off('SIGTERM', onSignal);
  signals.off('SIGINT', onSignal);
  log.info('stopped');
  // Our work is done; an SDK still retrying a call nobody waits for (Slack unreachable) must not keep the process up.
  setTimeout(() => exit(0), 1000).unref();
  return 0;
}
