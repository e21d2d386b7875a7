import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../src/channels/slack/slack-channel.js';
import { createHttpServer, listen } from '../../src/http/http-server.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { sqliteServices, type ServicesForTests } from '../support/services.js';
import { KANTO_CHANNEL, SIGNING_SECRET, slackOffices, type SlackHarness } from '../support/slack-harness.js';
import { send, signRequest } from '../support/slack-requests.js';
import { startSlackStandin, type ScriptedFailure } from '../support/slack-standin.js';
import { slackUser } from '../support/slack-user.js';
import { KANTO_TEAMS_CHANNEL, startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { cardOf, dataOf, submitsOf, teamsUser } from '../support/teams-user.js';
import type { ConnectorFailure } from '../support/teams-connector-standin.js';
import type { TeamsPerson } from '../support/teams-activities.js';

/**
 * Storms of 429s and 5xx from the Slack Web API and the Teams Connector in the middle of a
 * complete intake: every question reaches the person exactly once (no loss, no duplicate,
 * counted per prompt at the stand-in), each handoff card is posted once, and the stored
 * intake is complete: the same for two people answering the same script at the same time.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The Slack harness with the Web API client's real retry logic on a short clock (Retry-After is still honoured in full). */
async function slackHarnessWithFastRetries(): Promise<SlackHarness> {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  const env: ServicesForTests = await sqliteServices();
  env.services.offices = slackOffices();
  const standin = await startSlackStandin();
  const slack = createSlackChannel(
    () => env.services,
    { botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, appToken: null, apiUrl: standin.url },
    { retryConfig: { retries: 10, factor: 1.5, minTimeout: 20, maxTimeout: 200, randomize: true } },
  );
  env.services.messengers.push(slack.messenger);
  const server: Server = createHttpServer({ slack: slack.requestListener, teams: null, ready: async () => ({ ok: true, checks: {} }) });
  await slack.start();
  const port = await listen(server, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/slack/events`;
  const close = async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await slack.stop();
    await standin.close();
    await env.close();
  };
  return { env, standin, slack, url, post: (payload, sign = {}) => send(url, signRequest(payload, { signingSecret: SIGNING_SECRET, ...sign })), close };
}

/** Which answer the script gives to the `nth` showing of a prompt (a repeated "add another partner?" is answered no). */
function scripted(promptId: string, seen: string[]): string | string[] {
  const repeated = promptId.endsWith('#more') && seen.filter((p) => p === promptId).length > 1;
  const value = repeated ? 'no' : (batteryByPrompt[promptId] ?? (promptId.endsWith('#more') ? 'no' : undefined));
  if (value === undefined) throw new Error(`no answer for ${promptId}`);
  return value;
}

const countBy = (ids: string[]) => ids.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});

async function intakeOf(env: ServicesForTests, channel: 'slack' | 'teams', externalId: string) {
  const person = await env.services.repo.findPerson(channel, externalId);
  const intake = await env.services.repo.latestIntake(person?.id ?? '');
  return { status: intake?.status, answers: intake?.state.answers, history: (await env.services.repo.answerHistory(intake?.id ?? '')).map((h) => [h.questionId, h.raw]) };
}

describe('Slack Web API storms', () => {
  it('429s (Retry-After honoured) and 500/502/503 on chat.postMessage and chat.update: every question posted exactly once, nothing lost, the same stored intake for two people answering at once', async () => {
    const h = await slackHarnessWithFastRetries();
    cleanups.push(() => h.close());
    const rl = (): ScriptedFailure => ({ kind: 'ratelimited', retryAfterSeconds: 1 });
    const http = (status: number): ScriptedFailure => ({ kind: 'http', status });
    const storms: Record<number, [string, ScriptedFailure[]][]> = {
      1: [['chat.postMessage', [rl(), http(503)]]],
      5: [['chat.postMessage', [http(500), http(502), http(503), http(500)]]],
      12: [['chat.update', [http(503), rl()]], ['chat.postMessage', [http(500), http(500), http(502)]]],
      25: [['chat.postMessage', [rl(), http(503), http(500)]]],
    };
    let scriptedFailures = 0;

    const run = async (user: string, withStorms: boolean) => {
      const u = slackUser(h, user);
      await u.say('こんにちは');
      const seen: string[] = [];
      for (let i = 0; i < 80; i++) {
        const { promptId } = u.controls();
        if (!promptId || seen[seen.length - 1] === promptId) break;
        seen.push(promptId);
        const value = scripted(promptId, seen);
        const last = promptId === 'consent.share_with_office';
        // The last answer's storm hits the summary, the handoff card and the plan thread.
        const storm = withStorms ? (last ? [['chat.postMessage', [http(503), http(502), http(500)]] as [string, ScriptedFailure[]]] : (storms[i] ?? [])) : [];
        for (const [method, failures] of storm) {
          for (const f of failures) h.standin.failNext(method, 1, f);
          scriptedFailures += failures.length;
        }
        await u.answer(value);
        // A post retried after a Retry-After can land after settle() stopped waiting; the script reads the next prompt only once it is there.
        for (let w = 0; w < 250 && !last && u.controls().promptId === promptId; w++) await new Promise((r) => setTimeout(r, 20));
      }
      return { u, seen };
    };

    // A second person answers the same script at the same time; the storm hits whichever calls come next.
    const [stormy, calm] = await Promise.all([run('USTORM', true), run('UCALM', false)]);
    const failed = h.standin.calls().filter((c) => c.outcome !== 'ok');
    expect(failed).toHaveLength(scriptedFailures);
    expect(new Set(failed.map((c) => c.status))).toEqual(new Set([429, 500, 502, 503]));

    // Posts per prompt at the stand-in: exactly as many as the prompt was asked.
    const promptPosts = (channel: string) =>
      h.standin
      .calls('chat.postMessage')
      .filter((c) => c.outcome === 'ok' && c.args.channel === channel)
      .flatMap((c) => {
        const blocks = Array.isArray(c.args.blocks) ? c.args.blocks : [];
        const ids = blocks.flatMap((b: unknown) => {
          const id = typeof b === 'object' && b !== null && 'block_id' in b && typeof b.block_id === 'string' ? b.block_id : '';
          const m = /^(?:ans|multi|nav)\|(.+)$/.exec(id);
          return m?.[1] ? [m[1]] : [];
        });
        return [...new Set(ids)];
      });
    expect(countBy(promptPosts(stormy.u.channel))).toEqual(countBy(stormy.seen));
    expect(countBy(promptPosts(calm.u.channel))).toEqual(countBy(calm.seen));
    expect(stormy.seen.at(-1)).toBe('consent.share_with_office');
    expect(calm.seen).toEqual(stormy.seen);
    for (const { u } of [stormy, calm]) expect(u.lastText()).toContain('申請に向けた磨き上げの段階');
    // One handoff card per company in the office channel, whatever the storm did to their posting.
    expect(h.standin.messages(KANTO_CHANNEL).filter((m) => !m.threadTs)).toHaveLength(2);

    const [withStorm, without] = [await intakeOf(h.env, 'slack', 'USTORM'), await intakeOf(h.env, 'slack', 'UCALM')];
    expect(withStorm.status).toBe('completed');
    expect(withStorm).toEqual(without);
  }, 60_000);
});

describe('Teams Connector storms', () => {
  it('429s and 500/502/503/504 on sends and card updates: every question card sent exactly once, nothing lost, the same stored intake for two people answering at once', async () => {
    const h: TeamsHarness = await startTeamsHarness();
    cleanups.push(() => h.close());
    const f = (status: ConnectorFailure['status'], retryAfter?: number): ConnectorFailure => ({ status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
    // At most four in a row: the harness's policy has five attempts per call.
    const storms: Record<number, [ConnectorFailure[], 'send' | 'update' | undefined][]> = {
      1: [[[f(429, 1), f(503)], 'send']],
      5: [[[f(500), f(502), f(503), f(504)], 'send']],
      12: [[[f(503), f(429, 1)], 'update'], [[f(500), f(500)], 'send']],
      25: [[[f(429, 1), f(503), f(500), f(429, 1)], undefined]],
    };
    let scriptedFailures = 0;
    const person = (n: number): TeamsPerson => ({ aad: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Storm ${n}`, locale: 'ja-JP' });

    const run = async (p: TeamsPerson, withStorms: boolean) => {
      const u = teamsUser(h, p);
      await u.say('こんにちは');
      const seen: string[] = [];
      for (let i = 0; i < 80; i++) {
        const { promptId } = u.current();
        if (!promptId || seen[seen.length - 1] === promptId) break;
        seen.push(promptId);
        const last = promptId === 'consent.share_with_office';
        const storm = withStorms ? (last ? [[[f(503), f(429, 1), f(502)], 'send'] as [ConnectorFailure[], 'send']] : (storms[i] ?? [])) : [];
        for (const [failures, operation] of storm) {
          for (const failure of failures) h.standin.failNext(1, failure, operation);
          scriptedFailures += failures.length;
        }
        await u.answer(scripted(promptId, seen));
      }
      return { u, seen };
    };

    const [stormy, calm] = await Promise.all([run(person(1), true), run(person(2), false)]);
    const failed = h.standin.calls().filter((c) => c.status >= 400);
    expect(failed).toHaveLength(scriptedFailures);
    expect(new Set(failed.map((c) => c.status))).toEqual(new Set([429, 500, 502, 503, 504]));
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);

    const promptSends = (conversation: string) =>
      h.standin
      .calls()
      .filter((c) => (c.operation === 'send' || c.operation === 'reply') && c.status < 300 && c.conversationId === conversation)
      .flatMap((c) => {
        const ids = submitsOf(cardOf(c.body)).flatMap((a) => (dataOf(a).renkei === 'answer' && typeof dataOf(a).promptId === 'string' ? [String(dataOf(a).promptId)] : []));
        return [...new Set(ids)];
      });
    expect(countBy(promptSends(stormy.u.conversation))).toEqual(countBy(stormy.seen));
    expect(countBy(promptSends(calm.u.conversation))).toEqual(countBy(calm.seen));
    expect(stormy.seen.at(-1)).toBe('consent.share_with_office');
    expect(calm.seen).toEqual(stormy.seen);
    for (const { u } of [stormy, calm]) expect(u.lastText()).toContain('申請に向けた磨き上げの段階');
    expect(h.standin.activities(KANTO_TEAMS_CHANNEL).filter((a) => !a.replyToId)).toHaveLength(2);

    const [withStorm, without] = [await intakeOf(h.env, 'teams', person(1).aad), await intakeOf(h.env, 'teams', person(2).aad)];
    expect(withStorm.status).toBe('completed');
    expect(withStorm).toEqual(without);
  }, 60_000);
});
