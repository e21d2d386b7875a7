import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { handleInbound, type HandleInboundDeps } from '../../app/handle-inbound.js';
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
  const rl = createInterface({ input: opts.input, terminal: interactive && 'isTTY' in opts.input && opts.input.isTTY === true });
  // Replies carry what PMs typed (a question, a note): nothing in them may drive the person's terminal.
  const write = (text: string) => opts.output.write(`${terminalSafe(text)}\n`);
  let locale: Locale = opts.locale ?? deps.defaultLocale;
  const marker = () => deps.translator.t(locale, 'ui.prompt_marker');

  const first = await handleInbound(deps, {
    channel: 'local',
    userId: opts.userId,
    ...(opts.locale ? { locale: opts.locale } : {}),
    input: opts.locale ? { kind: 'start', locale: opts.locale } : { kind: 'start' },
  });
  locale = first.locale;
  write(renderText(deps.translator, first));
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
  if (interactive) opts.output.write(marker());

  let stop = false;
  rl.on('SIGINT', () => rl.close());
  for await (const line of rl) {
    const reply = await handleInbound(deps, { channel: 'local', userId: opts.userId, input: { kind: 'text', text: line } }).catch((err: unknown) => {
      if (isDatabaseUnavailable(err)) return null;
      throw err;
    });
    if (!reply) {
      // Locked by another writer or unreachable: nothing of this line was saved; the chat stays open for it to be sent again.
      write(`\n${deps.translator.t(locale, 'availability.unavailable')}\n`);
      if (interactive) opts.output.write(marker());
      continue;
    }
    locale = reply.locale;
    write(`\n${renderText(deps.translator, reply)}\n`);
    if (reply.events.some((e) => e.type === 'delete_requested')) {
      stop = true;
      break;
    }
    await deliverInbox();
    if (interactive) opts.output.write(marker());
  }
  rl.close();
  if (!stop) write(`\n${deps.translator.t(locale, 'ui.goodbye')}`);
}
