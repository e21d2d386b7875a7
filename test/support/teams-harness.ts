import { expect } from 'vitest';
import { allCardProblems } from './teams-card-check.js';
import type { Server } from 'node:http';
import { recordingLogger, type LogLine } from './recording-logger.js';
import { createTeamsChannel, type TeamsChannel } from '../../src/channels/teams/teams-channel.js';
import type { RetryPolicy } from '../../src/channels/retry-policy.js';
import { createHttpServer, listen } from '../../src/http/http-server.js';
import type { OfficesConfig } from '../../src/core/routing/offices-schema.js';
import { validateOffices } from '../../src/core/routing/validate-offices.js';
import { officesWithTeam, sqliteServices, type ServicesForTests } from './services.js';
import { startConnectorStandin, type ConnectorStandin } from './teams-connector-standin.js';
import { TENANT, type TeamsPerson } from './teams-activities.js';
import { allTeamsCardProblems } from '../conformance/teams/adaptive-card-conformance.js';

export const KANTO_TEAMS_CHANNEL = '19:kanto-office@thread.tacv2';
export const PM_A: TeamsPerson = { aad: '00000000-0000-4000-8000-00000000000a', name: 'Kanto PM', locale: 'ja-JP' };
export const PM_B: TeamsPerson = { aad: '00000000-0000-4000-8000-000000000002', name: 'Kanto PM 2', locale: 'ja-JP' };

/** Kanto's office posts handoffs to a Teams channel; its PMs are the Entra users PM_A and PM_B. */
export function teamsOffices(serviceUrl: string): OfficesConfig {
  const base = officesWithTeam();
  const offices = base.offices.map((o) =>
    o.id === 'kanto'
      ? {
          ...o,
          channels: { ...o.channels, teams: { conversationId: KANTO_TEAMS_CHANNEL, serviceUrl, tenantId: TENANT } },
          pms: o.pms.map((p) => (p.id === 'pm-kanto' ? { ...p, teams: PM_A.aad } : p.id === 'pm-kanto-2' ? { ...p, teams: PM_B.aad } : p)),
        }
      : o,
  );
  const check = validateOffices({ ...base, offices });
  if (!check.ok) throw new Error(check.problems.join('; '));
  return check.config;
}

/** Fast retries: the behaviour of the real policy, without the waiting. */
export const testRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 300 };

export interface TeamsHarness {
  env: ServicesForTests;
  standin: ConnectorStandin;
  teams: TeamsChannel;
  url: string;
  logs: LogLine[];
  /** Posts a body to /api/messages and waits until the work it queued is done. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; json: unknown }>;
  close(): Promise<void>;
}

/** The real /api/messages endpoint on loopback (auth disabled unless an app id is given), the real use cases on SQLite, a Connector stand-in. */
/**
 * Closes the harness and holds every card the bot sent through it to Microsoft's renderer
 * library at Adaptive Cards 1.5 (the file's afterAll).
 */
export async function closeCheckingCards(h: TeamsHarness): Promise<void> {
  const cards = h.standin.cards();
  await h.close();
  expect(allCardProblems(cards)).toEqual([]);
}

export async function startTeamsHarness(opts: { appId?: string; appPassword?: string } = {}): Promise<TeamsHarness> {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  process.env.no_proxy = '127.0.0.1,localhost';
  const env = await sqliteServices();
  const standin = await startConnectorStandin();
  env.services.offices = teamsOffices(standin.url);
  const { logs, logger } = recordingLogger();
  env.services.log = logger;
  const teams = createTeamsChannel(
    () => env.services,
    { appId: opts.appId ?? null, appPassword: opts.appPassword ?? null, appType: 'MultiTenant', tenantId: null },
    { retry: testRetryPolicy },
  );
  env.services.messengers.push(teams.messenger);
  const server: Server = createHttpServer({ slack: null, teams: teams.requestListener, ready: async () => ({ ok: true, checks: {} }) });
  await teams.start();
  const port = await listen(server, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/api/messages`;
  return {
    env,
    standin,
    teams,
    url,
    logs,
    post: async (body, headers = {}) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      await teams.idle();
      let json: unknown = null;
      if (text && (res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(text);
      return { status: res.status, text, json };
    },
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await teams.stop();
      // Every card any Teams test made the bot send, against Adaptive Cards 1.5 and Teams' limits.
      const problems = allTeamsCardProblems(standin.cards());
      await standin.close();
      await env.close();
      if (problems.length > 0) throw new Error(`cards Teams would not take as sent:\n${problems.slice(0, 20).join('\n')}`);
    },
  };
}
