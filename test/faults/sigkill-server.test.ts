import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportAnswers, parseAnswersFile, simulate, type AnswersFile } from '../../src/app/simulate.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';
import type { IntakeState } from '../../src/core/questionnaire/intake-state.js';
import { listeningBase, startCli, type RunningCli } from '../support/cli-process.js';
import { depsFor, sqliteForTests, translator } from '../support/harness.js';
import { SIGNING_SECRET } from '../support/slack-harness.js';
import { messageIm, send, signRequest } from '../support/slack-requests.js';
import { startSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import { messageActivity, personalConversation, type TeamsPerson } from '../support/teams-activities.js';
import { startConnectorStandin, type ConnectorStandin } from '../support/teams-connector-standin.js';
import { cardOf, dataOf, submitsOf } from '../support/teams-user.js';

/**
 * The real server (`renkei start`, Slack over HTTP and the local Teams endpoint, on SQLite)
 * killed with SIGKILL at random moments while a Slack person and a Teams person answer the
 * whole questionnaire at the same time. An answer counts as acknowledged once the bot's next
 * question for it reached the platform stand-in; after every kill each acknowledged answer
 * must already be in the database, and after the restarts both intakes complete with the
 * answers a scripted run without kills gives. The seed is printed; RENKEI_FAULT_SEED replays it.
 */

const seed = Number(process.env.RENKEI_FAULT_SEED ?? Date.now() % 1_000_000_000);
const KILLS = 3;

/** mulberry32: small, seedable, good enough to place kills. */
function prng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const file: AnswersFile = (() => {
  const parsed = parseAnswersFile(JSON.parse(readFileSync(new URL('../fixtures/answers/battery-ja.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
})();

/** What the person types for a prompt, from the same file `simulate` reads (groups by item, "another one?" by count). */
function typed(promptId: string, asked: number): string {
  const field = /^([a-z_]+)#(\d+)\.([a-z_]+)$/.exec(promptId);
  if (field?.[1] && field[3]) {
    const items = file[field[1]];
    const item = Array.isArray(items) ? items[Number(field[2]) - 1] : undefined;
    const value = item && typeof item === 'object' && !Array.isArray(item) ? item[field[3]] : undefined;
    if (typeof value === 'string') return value;
  }
  const more = /^([a-z_]+)#more$/.exec(promptId);
  if (more?.[1]) {
    const items = file[more[1]];
    return asked < (Array.isArray(items) ? items.length : 0) ? 'はい' : 'いいえ';
  }
  // The gates in front of a listed group ("any partners?") are implied by the list, as in simulate.
  if (promptId === 'partners.has_candidates' || promptId === 'academia.involved') return 'はい';
  const value = file[promptId];
  if (typeof value === 'string') return value;
  throw new Error(`the script has no answer for ${promptId}`);
}

/**
 * The stored answer at `promptId` (`partners#2.kind` reads partners[1].kind), in the finished
 * items or in the item being filled in (the state's group draft).
 */
function answerAt(state: IntakeState, promptId: string): unknown {
  const answers = exportAnswers(state.answers);
  const field = /^([a-z_]+)#(\d+)\.([a-z_]+)$/.exec(promptId);
  if (!field?.[1] || !field[3]) return answers[promptId];
  const index = Number(field[2]) - 1;
  const items = answers[field[1]];
  const item: unknown = Array.isArray(items) ? items[index] : undefined;
  if (isRecord(item)) return item[field[3]];
  return state.group?.questionId === field[1] && state.group.index === index ? state.group.draft[field[3]] : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Conversation {
  name: 'slack' | 'teams';
  externalId: string;
  /** Prompt ids of the questions that reached the stand-in, in order (a post without a question is null). */
  posts(): (string | null)[];
  say(base: string, text: string): Promise<void>;
}

const SLACK_USER = 'UKILL';
const TEAMS_PERSON: TeamsPerson = { aad: '40000000-0000-4000-8000-000000000001', name: 'Kill Test', locale: 'ja-JP' };

function slackConversation(standin: SlackStandin): Conversation {
  return {
    name: 'slack',
    externalId: SLACK_USER,
    posts: () =>
      standin
        .calls('chat.postMessage')
        .filter((c) => c.outcome === 'ok' && c.args.channel === `D${SLACK_USER}`)
        .map((c) => {
          const ids = (Array.isArray(c.args.blocks) ? c.args.blocks : []).flatMap((b: unknown) => {
            const id = typeof b === 'object' && b !== null && 'block_id' in b && typeof b.block_id === 'string' ? b.block_id : '';
            const m = /^(?:ans|multi|nav)\|(.+)$/.exec(id);
            return m?.[1] ? [m[1]] : [];
          });
          return ids[0] ?? null;
        }),
    say: async (base, text) => {
      const res = await send(`${base}/slack/events`, signRequest(messageIm({ user: SLACK_USER, text }), { signingSecret: SIGNING_SECRET }));
      expect(res.status).toBe(200);
    },
  };
}

function teamsConversation(connector: ConnectorStandin): Conversation {
  const conversation = personalConversation(TEAMS_PERSON);
  return {
    name: 'teams',
    externalId: TEAMS_PERSON.aad,
    posts: () =>
      connector
        .calls()
        .filter((c) => (c.operation === 'send' || c.operation === 'reply') && c.status < 300 && c.conversationId === conversation)
        .map((c) => {
          const ids = submitsOf(cardOf(c.body)).flatMap((a) => (dataOf(a).renkei === 'answer' && typeof dataOf(a).promptId === 'string' ? [String(dataOf(a).promptId)] : []));
          return ids[0] ?? null;
        }),
    say: async (base, text) => {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(connector.url, TEAMS_PERSON, text)) });
      await res.text();
      expect(res.status).toBe(200);
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'renkei-sigkill-server-'));
/** The running server; module-level so a timed-out test still stops it. */
const proc: { cli: RunningCli | null } = { cli: null };
afterAll(async () => {
  const s = proc.cli;
  if (s) {
    s.child.kill('SIGKILL');
    await s.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the server killed with SIGKILL during Slack and Teams conversations', () => {
  it(`keeps every acknowledged answer and completes both intakes after restarts (seed ${seed})`, async () => {
    console.log(`sigkill-server seed: ${seed} (replay with RENKEI_FAULT_SEED=${seed})`);
    const random = prng(seed);
    const slackStandin = await startSlackStandin();
    const connector = await startConnectorStandin();
    const url = `file:${join(dir, 'kill.db')}`;
    const env = {
      DATABASE_URL: url,
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-kill',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slackStandin.url,
      RENKEI_TEAMS_LOCAL: 'true',
      RENKEI_PLANS_DIR: join(dir, 'plans'),
      RENKEI_RATE_LIMIT_PER_MINUTE: '100000',
      NO_PROXY: '127.0.0.1,localhost',
    };
    const conversations = [slackConversation(slackStandin), teamsConversation(connector)];

    let base = '';
    let killed = false;
    const start = async () => {
      const cli = startCli(['start'], env);
      proc.cli = cli;
      base = await listeningBase(cli);
      killed = false;
    };
    const kill = async () => {
      const s = proc.cli;
      if (!s) return;
      killed = true;
      s.child.kill('SIGKILL');
      expect((await s.exited).signal).toBe('SIGKILL');
      proc.cli = null;
    };

    // The reader the test checks the database with; SQLite's WAL lets it read beside the server.
    const held: { reader: Database | null } = { reader: null };
    const intakeOf = async (externalId: string, channel: 'slack' | 'teams') => {
      held.reader ??= await openDatabase(url);
      const repo = new PrismaIntakeRepository(held.reader.db);
      const person = await repo.findPerson(channel, externalId);
      return person ? repo.latestIntake(person.id) : null;
    };

    /** Sends `text` and waits for the next question (or, after the last answer, the completed intake); false when the server was killed first. */
    const step = async (c: Conversation, text: string, before: string | null): Promise<boolean> => {
      const seen = c.posts().length;
      // A request cut by the kill is what Slack or Teams would see: no answer.
      const sent = c.say(base, text).then(
        () => true,
        (err: unknown) => {
          if (killed) return false;
          throw err;
        },
      );
      const deadline = Date.now() + 15_000;
      for (;;) {
        const fresh = c.posts().slice(seen);
        if (fresh.some((id) => id !== null && id !== before)) break;
        if (fresh.length > 0 && (await intakeOf(c.externalId, c.name))?.status === 'completed') break;
        if (killed) {
          await sent;
          return false;
        }
        if (Date.now() > deadline) throw new Error(`${c.name}: no reply to "${text}" (after ${before ?? 'start'})`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await sent;
      return true;
    };

    const acknowledged: Record<'slack' | 'teams', { promptId: string; text: string }[]> = { slack: [], teams: [] };
    const asked: Record<'slack' | 'teams', Record<string, number>> = { slack: {}, teams: {} };
    const current = (c: Conversation) => c.posts().filter((id): id is string => id !== null).at(-1) ?? null;

    const checkAcknowledged = async () => {
      for (const c of conversations) {
        const intake = await intakeOf(c.externalId, c.name);
        expect(intake, c.name).not.toBeNull();
        if (!intake) continue;
        for (const { promptId } of acknowledged[c.name]) {
          if (promptId.endsWith('#more')) continue; // "another one?" is navigation, not an answer
          expect(answerAt(intake.state, promptId), `${c.name} ${promptId}`).toBeDefined();
        }
      }
    };

    const killSteps = new Set<number>();
    while (killSteps.size < KILLS) killSteps.add(1 + Math.floor(random() * 40));
    const kills: { step: number; delayMs: number }[] = [];

    try {
      await start();
      for (const c of conversations) await step(c, 'こんにちは', null);
      const done = { slack: false, teams: false };
      for (let n = 1; n < 200 && !(done.slack && done.teams); n++) {
        const delayMs = killSteps.has(n) ? Math.floor(random() * 150) : null;
        const turns = conversations.map(async (c) => {
          if (done[c.name]) return;
          if ((await intakeOf(c.externalId, c.name))?.status === 'completed') {
            done[c.name] = true;
            return;
          }
          const promptId = current(c);
          if (!promptId) throw new Error(`${c.name}: no question on screen and the intake is not complete`);
          asked[c.name][promptId] = (asked[c.name][promptId] ?? 0) + 1;
          const text = typed(promptId, asked[c.name][promptId] ?? 1);
          if (await step(c, text, promptId)) acknowledged[c.name].push({ promptId, text });
          else asked[c.name][promptId] = (asked[c.name][promptId] ?? 1) - 1;
        });
        if (delayMs !== null) {
          await new Promise((r) => setTimeout(r, delayMs));
          await kill();
          kills.push({ step: n, delayMs });
        }
        await Promise.all(turns);
        if (killed) {
          await checkAcknowledged();
          await start();
          // Back after a crash, the person asks to carry on and is shown where they are.
          for (const c of conversations) {
            if ((await intakeOf(c.externalId, c.name))?.status === 'completed') continue;
            await step(c, '再開', null);
          }
        }
      }
      expect(kills.map((k) => k.step)).toEqual([...killSteps].sort((a, b) => a - b));
      await checkAcknowledged();

      // The same file through `simulate`, without kills: the answers both intakes must end with.
      const reference = await sqliteForTests();
      try {
        const expected = await simulate(depsFor(reference.repo), file, { userId: 'reference', locale: 'ja', render: (r) => renderText(translator, r) });
        expect(expected.completed).toBe(true);
        for (const c of conversations) {
          const intake = await intakeOf(c.externalId, c.name);
          expect(intake?.status, c.name).toBe('completed');
          expect(exportAnswers(intake?.state.answers ?? {}), c.name).toEqual(expected.answers);
        }
      } finally {
        await reference.close();
      }
    } finally {
      const s = proc.cli;
      if (s) {
        s.child.kill('SIGTERM');
        await s.exited;
        proc.cli = null;
      }
      await held.reader?.close();
      await slackStandin.close();
      await connector.close();
    }
  }, 120_000);
});
