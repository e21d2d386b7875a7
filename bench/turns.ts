import { randomUUID } from 'node:crypto';
import { messageIm, signRequest } from '../test/support/slack-requests.js';
import { messageActivity, personalConversation } from '../test/support/teams-activities.js';
import type { Connector } from './support/connector.js';
import { Conversation, HELLO } from './support/script.js';
import type { SlackApi } from './support/slack-api.js';
import { summarize, type Summary } from './support/stats.js';

/**
 * Closed-loop conversations against a chat endpoint: each of `concurrency` companies sends
 * its next answer as soon as the bot's reply to the last one has reached the platform
 * stand-in. A turn's latency runs from sending the request to the first message of the reply
 * arriving at the stand-in (Slack: `chat.postMessage`; Teams: an activity posted to the
 * Connector); its next question is read from the reply.
 */

export interface Arrival {
  /** The prompt id of the question the reply asks, if it asks one. */
  prompt: string | null;
  at: number;
}

export interface Company {
  /** Where the bot's replies to this company arrive: its DM channel or conversation id. */
  key: string;
  send(text: string): Promise<void>;
}

export interface Platform {
  mailboxes: Mailboxes;
  newCompany(): Company;
}

export interface LoadOptions {
  concurrency: number;
  /** Conversations each slot runs, one after another. */
  conversationsPerSlot: number;
  /** Turns whose figures are left out while the processes warm up. */
  warmupTurns: number;
  /** Replay these texts instead of answering the prompts (for the echo baselines, which ask nothing). */
  replay?: string[];
  /** The server's CPU time so far, in ms, for the CPU cost per turn. */
  serverCpuMs?: () => number;
}

export interface LoadResult {
  turns: number;
  seconds: number;
  perSecond: number;
  /** Every turn but the one that completes the intake. */
  latency: Summary;
  /** The turn that completes the intake: assessment, plan drafts, handoff card. */
  completion: Summary;
  /** The texts of one whole conversation, for the baseline to replay. */
  script: string[];
  /** Turns over the whole run, warm-up included, and the server's CPU time per turn over it. */
  allTurns: number;
  cpuMsPerTurn: number | null;
  /** The bench process's own CPU per turn (driver and stand-ins): if near the wall time per turn, the driver, not the server, set the pace. */
  driverCpuMsPerTurn: number;
}

/** Routes each arrival at a stand-in to the company waiting on that conversation. */
class Mailboxes {
  private readonly boxes = new Map<string, { items: Arrival[]; wake: (() => void) | null }>();
  open(key: string) {
    this.boxes.set(key, { items: [], wake: null });
  }
  close(key: string) {
    this.boxes.delete(key);
  }
  deliver(key: string, a: Arrival) {
    const box = this.boxes.get(key);
    if (!box) return;
    box.items.push(a);
    box.wake?.();
  }
  async next(key: string, timeoutMs = 30_000): Promise<Arrival> {
    const box = this.boxes.get(key);
    if (!box) throw new Error(`no mailbox ${key}`);
    const deadline = performance.now() + timeoutMs;
    while (box.items.length === 0) {
      if (performance.now() > deadline) throw new Error(`no reply in ${key} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        box.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      box.wake = null;
    }
    const a = box.items.shift();
    if (!a) throw new Error('empty mailbox');
    return a;
  }
  drain(key: string) {
    const box = this.boxes.get(key);
    if (box) box.items.length = 0;
  }
}

export function slackPlatform(api: SlackApi, eventsUrl: string, signingSecret: string): Platform {
  const mailboxes = new Mailboxes();
  api.onPost = (m) => mailboxes.deliver(m.channel, { prompt: /"block_id":"(?:ans|multi|nav)\|([^"]+)"/.exec(m.blocks)?.[1] ?? null, at: m.at });
  let n = 0;
  return {
    mailboxes,
    newCompany() {
      const user = `UB${(n++).toString(36).toUpperCase().padStart(6, '0')}${randomUUID().slice(0, 4).toUpperCase()}`;
      const channel = `D${user}`;
      mailboxes.open(channel);
      return {
        key: channel,
        send: async (text) => {
          const signed = signRequest(messageIm({ user, text, channel }), { signingSecret });
          const res = await fetch(eventsUrl, { method: 'POST', headers: signed.headers, body: signed.body });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`Slack endpoint answered ${res.status}`);
        },
      };
    },
  };
}

export function teamsPlatform(connector: Connector, messagesUrl: string): Platform {
  const mailboxes = new Mailboxes();
  connector.onPost = (a) => mailboxes.deliver(a.conversationId, { prompt: /"renkei":"answer","promptId":"([^"]+)"/.exec(a.body)?.[1] ?? null, at: a.at });
  return {
    mailboxes,
    newCompany() {
      const person = { aad: randomUUID(), name: 'ベンチ株式会社', locale: 'ja-JP' };
      const conversation = personalConversation(person);
      mailboxes.open(conversation);
      return {
        key: conversation,
        send: async (text) => {
          const res = await fetch(messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(connector.url, person, text)) });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`Teams endpoint answered ${res.status}`);
        },
      };
    },
  };
}

interface TurnRecord {
  start: number;
  end: number;
  completion: boolean;
}

export async function runLoad(platform: Platform, opts: LoadOptions): Promise<LoadResult> {
  const { mailboxes } = platform;
  const records: TurnRecord[] = [];
  let script: string[] = [];
  let firstSlotDone = Number.POSITIVE_INFINITY;

  const conversation = async () => {
    const company = platform.newCompany();
    const talk = new Conversation();
    const replay = opts.replay ?? null;
    const said: string[] = [];
    let text = replay?.[0] ?? HELLO;
    let completing = false;
    for (let turn = 0; ; turn++) {
      if (replay) completing = turn === replay.length - 1;
      const start = performance.now();
      said.push(text);
      await company.send(text);
      const first = await mailboxes.next(company.key);
      records.push({ start, end: first.at, completion: completing });
      if (completing) break;
      if (replay) {
        text = replay[turn + 1] ?? HELLO;
        continue;
      }
      let prompt = first.prompt;
      // A long reply can come as several messages; the question is in the last one.
      while (!prompt) prompt = (await mailboxes.next(company.key, 10_000)).prompt;
      completing = Conversation.isLast(prompt);
      text = talk.next(prompt);
    }
    mailboxes.close(company.key);
    if (script.length === 0) script = said;
  };

  const cpuBefore = opts.serverCpuMs?.() ?? null;
  const driverBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      for (let i = 0; i < opts.conversationsPerSlot; i++) await conversation();
      firstSlotDone = Math.min(firstSlotDone, performance.now());
    }),
  );
  // The steady state: after the warm-up turns, until the first company slot ran out of work.
  const ends = records.map((r) => r.end).sort((a, b) => a - b);
  const windowStart = ends[Math.min(opts.warmupTurns, ends.length - 1)] ?? started;
  const windowEnd = Math.max(windowStart + 1, firstSlotDone);
  const inWindow = records.filter((r) => r.start >= windowStart && r.end <= windowEnd);
  const seconds = (windowEnd - windowStart) / 1000;
  return {
    turns: inWindow.length,
    seconds,
    perSecond: inWindow.length / seconds,
    latency: summarize(inWindow.filter((r) => !r.completion).map((r) => r.end - r.start)),
    completion: summarize(records.filter((r) => r.completion).map((r) => r.end - r.start)),
    script,
    allTurns: records.length,
    cpuMsPerTurn: cpuBefore === null || !opts.serverCpuMs ? null : (opts.serverCpuMs() - cpuBefore) / records.length,
    driverCpuMsPerTurn: ((u) => (u.user + u.system) / 1000 / records.length)(process.cpuUsage(driverBefore)),
  };
}
