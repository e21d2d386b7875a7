import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { handleInbound, type HandleInboundDeps, type Reply } from '../../app/handle-inbound.js';
import { recordDelivery } from '../../app/record-delivery.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { renderText } from './render-text.js';
import { terminalSafe } from './terminal-safe.js';
import type { Inbox } from '../../ports/inbox.js';
import { isDatabaseUnavailable } from '../../store/database-errors.js';

export interface ConsoleChatOptions {
  input: Readable;
  output: Writable;
  userId: string;
  locale?: Locale;
}

/**
 * The terminal channel: one line in, one rendered reply out. Lines are handled strictly
 * in order (a pasted block of answers is a sequence of turns), and every turn is saved
 * before its reply is printed, so Ctrl-C or a crash loses nothing that was acknowledged.
 */
export async function runConsoleChat(deps: HandleInboundDeps & { inbox?: Inbox }, opts: ConsoleChatOptions): Promise<void> {
  const interactive = 'isTTY' in opts.output && opts.output.isTTY === true;
  const terminal = interactive && 'isTTY' in opts.input && opts.input.isTTY === true;
  // With a terminal, readline needs the output stream to echo what is typed (a TTY in raw mode
  // echoes nothing by itself) and to redraw the line while editing; in a pipe it must stay silent.
  const rl = createInterface(terminal ? { input: opts.input, output: opts.output, terminal: true } : { input: opts.input, terminal: false });
  // Replies carry what PMs typed (a question, a note): nothing in them may drive the person's terminal.
  const write = (text: string) => opts.output.write(`${terminalSafe(text)}\n`);
  /**
   * A reply counts as shown only once the output took it: a question whose reply could not be
   * written is not taken as seen (handle-inbound then shows it before storing anything more).
   */
  const show = (reply: Reply, text: string) =>
    new Promise<boolean>((resolve) => {
      try {
        opts.output.write(`${terminalSafe(text)}\n`, (err) => resolve(!err));
      } catch {
        resolve(false);
      }
    }).then(async (shown) => {
      if (shown) await recordDelivery(deps, reply);
      return shown;
    });
  let locale: Locale = opts.locale ?? deps.defaultLocale;
  const marker = () => deps.translator.t(locale, 'ui.prompt_marker');
  // On a terminal the marker is readline's own prompt, so editing the line (backspace, a resize)
  // redraws it instead of wiping it; elsewhere it is plain output, as before.
  const showMarker = () => {
    if (!interactive) return;
    if (terminal) {
      rl.setPrompt(marker());
      rl.prompt();
    } else opts.output.write(marker());
  };

  const first = await handleInbound(deps, {
    channel: 'local',
    userId: opts.userId,
    tracksDelivery: true,
    ...(opts.locale ? { locale: opts.locale } : {}),
    input: opts.locale ? { kind: 'start', locale: opts.locale } : { kind: 'start' },
  });
  locale = first.locale;
  await show(first, renderText(deps.translator, first));
  const personId = first.person.id;
  // Messages from the office (a PM's claim or question) wait in the inbox until the company is here.
  const deliverInbox = async () => {
    if (!deps.inbox) return;
    const notes = await deps.inbox.unread({ kind: 'person', personId });
    if (notes.length === 0) return;
    write(`\n${notes.map((n) => `✉ ${deps.translator.t(locale, n.key, n.params)}`).join('\n')}`);
    await deps.inbox.markRead(notes.map((n) => n.id), deps.clock.now());
  };
  await deliverInbox();
  showMarker();

  let stop = false;
  rl.on('SIGINT', () => rl.close());
  for await (const line of rl) {
    const reply = await handleInbound(deps, { channel: 'local', userId: opts.userId, tracksDelivery: true, input: { kind: 'text', text: line } }).catch((err: unknown) => {
      if (isDatabaseUnavailable(err)) return null;
      throw err;
    });
    if (!reply) {
      // Locked by another writer or unreachable: nothing of this line was saved; the chat stays open for it to be sent again.
      write(`\n${deps.translator.t(locale, 'availability.unavailable')}\n`);
      showMarker();
      continue;
    }
    locale = reply.locale;
    await show(reply, `\n${renderText(deps.translator, reply)}\n`);
    if (reply.events.some((e) => e.type === 'delete_requested')) {
      stop = true;
      break;
    }
    await deliverInbox();
    showMarker();
  }
  rl.close();
  if (!stop) write(`\n${deps.translator.t(locale, 'ui.goodbye')}`);
}
