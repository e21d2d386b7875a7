import { EventEmitter } from 'node:events';
import { composeApp } from '../src/main.js';
import { serveUntilSignal } from '../src/run-server.js';
import { handleInbound } from '../src/app/handle-inbound.js';
import { renderText } from '../src/channels/console/render-text.js';
import { buildEngineContext } from '../src/app/engine-context.js';
import { advance, type EngineInput } from '../src/core/questionnaire/advance.js';
import { initialIntakeState } from '../src/core/questionnaire/intake-state.js';
import type { Outbound } from '../src/core/messages.js';
import { Conversation, HELLO } from './support/script.js';

/**
 * The bot as `npm start` runs it in server mode (src/cli.ts `start`: composeApp, then
 * serveUntilSignal, which serves and runs the dispatcher), in a process of its own, on the
 * PORT the bench chose, plus what only a bench needs, over the IPC channel:
 * a forced garbage collection with a memory reading, and turns driven in-process: through the
 * use case every channel calls (handleInbound, rendered as the terminal renders it), or
 * through the engine alone.
 */

export type ChildRequest =
  | { type: 'memory' }
  | { type: 'drive'; turns: number; concurrency: number; prefix: string }
  | { type: 'drive-engine'; turns: number }
  | { type: 'stop' };
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}
export type ChildReply =
  | { type: 'ready'; port: number; pid: number }
  | { type: 'memory'; before: MemoryReading; after: MemoryReading }
  | { type: 'drive'; turns: number; completed: number; ms: number; cpuMs: number }
  | { type: 'error'; message: string };

if (!process.send) throw new Error('bench/app-child.ts is started by the bench (it needs an IPC channel)');
const send = (m: ChildReply) => process.send?.(m);

const app = await composeApp();
// The bench stops the bot the way an operator does, with a signal, but through its own emitter.
const signals = new EventEmitter();
const served = serveUntilSignal(app, { signals, exit: (code) => process.exit(code) });
const port = app.config.port;
for (let i = 0; ; i++) {
  const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  if (healthy) break;
  if (i > 600) throw new Error(`the bot did not answer on port ${port}`);
  await new Promise((r) => setTimeout(r, 50));
}

const reading = (): MemoryReading => {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
};

const promptOf = (reply: { outbound: Outbound[] }): string | null => {
  const p = [...reply.outbound].reverse().find((o) => o.kind === 'prompt');
  return p?.kind === 'prompt' ? p.prompt.promptId : null;
};

/**
 * Turns through the engine alone, as handleInbound runs it (context, state advanced, reply
 * rendered as the terminal renders it) but without the database, cheap enough for a long
 * leak check.
 */
async function driveEngine(turns: number): Promise<{ turns: number; completed: number }> {
  const definition = app.deps.questionnaires.latest;
  let done = 0;
  let completed = 0;
  while (done < turns) {
    const script = new Conversation();
    let state = initialIntakeState('ja');
    let input: EngineInput = { kind: 'start' };
    while (done < turns) {
      const t = advance(definition, state, input, buildEngineContext(definition, app.translator));
      renderText(app.translator, { definition, locale: t.state.locale, outbound: t.outbound });
      state = t.state;
      done += 1;
      const prompt = promptOf(t);
      if (!prompt) {
        completed += 1;
        break;
      }
      input = { kind: 'text', text: script.next(prompt) };
    }
    // Between conversations, let the server's timers and sockets have their turn.
    await new Promise((r) => setImmediate(r));
  }
  return { turns: done, completed };
}

/** `turns` turns by companies that each run the scripted intake to the end, `concurrency` at a time. */
async function drive(turns: number, concurrency: number, prefix: string): Promise<{ turns: number; completed: number }> {
  let started = 0;
  let done = 0;
  let completed = 0;
  let nextUser = 0;
  const worker = async () => {
    while (started < turns) {
      const userId = `${prefix}-${nextUser++}`;
      const script = new Conversation();
      let text = HELLO;
      while (started < turns) {
        started += 1;
        const reply = await handleInbound(app.deps, { channel: 'local', userId, input: { kind: 'text', text } });
        renderText(app.translator, reply);
        done += 1;
        const prompt = promptOf(reply);
        if (!prompt) {
          completed += 1;
          break;
        }
        text = script.next(prompt);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { turns: done, completed };
}

process.on('message', (m: ChildRequest) => {
  void (async () => {
    try {
      if (m.type === 'memory') {
        const before = reading();
        // Twice: the first pass only queues finalizers that free more on the second.
        globalThis.gc?.();
        globalThis.gc?.();
        send({ type: 'memory', before, after: reading() });
      } else if (m.type === 'drive') {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const r = await drive(m.turns, m.concurrency, m.prefix);
        const used = process.cpuUsage(cpu);
        send({ type: 'drive', ...r, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
      } else if (m.type === 'drive-engine') {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const r = await driveEngine(m.turns);
        const used = process.cpuUsage(cpu);
        send({ type: 'drive', ...r, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
      } else if (m.type === 'stop') {
        signals.emit('SIGTERM');
        process.exit(await served);
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  })();
});

send({ type: 'ready', port, pid: process.pid });
