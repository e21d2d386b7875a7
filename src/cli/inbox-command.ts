import { parseArgs } from 'node:util';
import { findPm } from '../core/routing/find-pm.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import { err, langOption, localIdentity, out, withApp } from './common.js';

/** The local office inbox: new handoffs for the office, answers and assignments for the PM. */
export async function inboxCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { as: { type: 'string' }, lang: { type: 'string' }, all: { type: 'boolean', default: false } } });
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const who = localIdentity(values.as);
    const me = findPm(app.deps.offices, 'local', who);
    if (!me) {
      err(`renkei: ${app.translator.t(locale, 'errors.handoff.not_a_pm')} (${who})\n`);
      return 2;
    }
    const boxes = [{ kind: 'pm' as const, pmId: me.pm.id }, { kind: 'office' as const, officeId: me.office.id }];
    const notes = (await Promise.all(boxes.map((b) => (values.all ? app.deps.inbox.list(b) : app.deps.inbox.unread(b))))).flat().sort((a, b) => a.id.localeCompare(b.id));
    for (const n of notes) out(`${n.createdAt.toISOString().slice(0, 16).replace('T', ' ')}  ${app.translator.t(locale, n.key, n.params)}`);
    if (notes.length === 0) out(app.translator.t(locale, 'brief.list_empty'));
    await app.deps.inbox.markRead(notes.filter((n) => n.readAt === null).map((n) => n.id), app.deps.clock.now());
    return 0;
  });
}
