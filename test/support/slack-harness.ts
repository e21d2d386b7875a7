import type { Server } from 'node:http';
import { createSlackChannel, type SlackChannel } from '../../src/channels/slack/slack-channel.js';
import { createHttpServer, listen } from '../../src/http/http-server.js';
import type { OfficesConfig } from '../../src/core/routing/offices-schema.js';
import { validateOffices } from '../../src/core/routing/validate-offices.js';
import { officesWithTeam, sqliteServices, type ServicesForTests } from './services.js';
import { startSlackStandin, type SlackStandin } from './slack-standin.js';
import { recordedCallProblems } from '../conformance/slack/slack-payload-check.js';
import { blockActions, messageIm, send, signRequest, slashCommand, useResponseUrlBase, viewSubmission, type SlackPayload, type SlackResponse, type SignOptions } from './slack-requests.js';

export const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
export const KANTO_CHANNEL = 'CKANTO';

/** Kanto's office posts handoffs to #kanto and its PMs are Slack users UPMA, UPMB; Kinki's PM is UKINKI. */
export function slackOffices(): OfficesConfig {
  const base = officesWithTeam();
  const offices = base.offices.map((o) =>
    o.id === 'kanto'
      ? {
          ...o,
          channels: { ...o.channels, slack: { channel: KANTO_CHANNEL } },
          pms: o.pms.map((p) => (p.id === 'pm-kanto' ? { ...p, slack: 'UPMA' } : p.id === 'pm-kanto-2' ? { ...p, slack: 'UPMB' } : p)),
        }
      : o.id === 'kinki'
        ? { ...o, pms: o.pms.map((p) => (p.id === 'pm-kinki' ? { ...p, slack: 'UKINKI' } : p)) }
        : o,
  );
  const check = validateOffices({ ...base, offices });
  if (!check.ok) throw new Error(check.problems.join('; '));
  return check.config;
}

export interface SlackHarness {
  env: ServicesForTests;
  standin: SlackStandin;
  slack: SlackChannel;
  url: string;
  post(payload: SlackPayload, sign?: Partial<SignOptions>): Promise<SlackResponse>;
  close(): Promise<void>;
}

/** The real Bolt receiver on loopback, the real use cases on SQLite, and a Web API stand-in. */
export async function startSlackHarness(): Promise<SlackHarness> {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  const env = await sqliteServices();
  env.services.offices = slackOffices();
  const standin = await startSlackStandin();
  useResponseUrlBase(standin.responseUrl);
  const slack = createSlackChannel(() => env.services, { botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, appToken: null, apiUrl: standin.url });
  env.services.messengers.push(slack.messenger);
  const server: Server = createHttpServer({ slack: slack.requestListener, teams: null, ready: async () => ({ ok: true, checks: {} }) });
  await slack.start();
  const port = await listen(server, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/slack/events`;
  return {
    env,
    standin,
    slack,
    url,
    post: (payload, sign = {}) => send(url, signRequest(payload, { signingSecret: SIGNING_SECRET, ...sign })),
    // Every payload the file's tests made the bot send is held to the conformance check (test/conformance/slack).
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      const problems = recordedCallProblems(standin.calls());
      await standin.close();
      await env.close();
      if (problems.length > 0) throw new Error(`Slack conformance: ${problems.length} problem(s)\n${problems.slice(0, 20).join('\n')}`);
    },
  };
}

export { blockActions, messageIm, slashCommand, viewSubmission };
