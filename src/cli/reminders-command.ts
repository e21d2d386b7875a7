import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { createStaffReminder } from '../app/create-staff-reminder.js';
import { splitRemindArgs } from '../app/split-remind-args.js';
import { reminderStatuses } from '../core/reminders/reminder.js';
import { Dispatcher } from '../scheduler/dispatcher.js';
import { formatTokyo } from '../core/calendar/format-tokyo.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import { err, langOption, localIdentity, out, refuse, terminalPrincipal, withApp } from './common.js';
import { checkAccess } from '../app/access.js';
import { cancelReminder } from '../app/cancel-reminder.js';
import { listVisibleReminders } from '../app/reminder-access.js';

/** `renkei remind <intake | person> <when> <message> [--as PM]` */
export async function remindCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { as: { type: 'string' }, lang: { type: 'string' } } });
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, key, params);
    const split = splitRemindArgs(positionals.join(' '), app.deps.clock.now(), app.deps.calendar, locale);
    if (!split) {
      err(`renkei: ${t('reminders.usage')}\n`);
      return 2;
    }
    const result = await createStaffReminder(app.deps, { channel: 'local', externalId: localIdentity(values.as) }, split, locale);
    if (!result.ok) {
      err(`renkei: ${t(`errors.${result.code}`, result.params)}${result.code === 'when.unparseable' ? ` ${t('reminders.examples')}` : ''}\n`);
      return 1;
    }
    const at = formatTokyo(result.at, locale);
    out(t('reminders.created', { id: result.reminder.id, at }));
    if (result.adjusted) out(t('reminders.moved', { at }));
    return 0;
  });
}

/** `renkei reminders list [--failed] [--status S] [--intake ID]` and `renkei reminders cancel ID` */
export async function remindersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { failed: { type: 'boolean', default: false }, status: { type: 'string' }, intake: { type: 'string' }, as: { type: 'string' }, lang: { type: 'string' } },
  });
  const status = values.failed ? 'failed' : reminderStatuses.find((s) => s === values.status);
  if (values.status && !status) throw new ConfigError(`--status must be one of ${reminderStatuses.join(', ')}`);
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, key, params);
    const { who, principal } = await terminalPrincipal(app, values.as);
    if (sub === 'list') {
      const allowed = await checkAccess(app.deps, principal, 'reminder.manage', { ownerPersonId: null, officeId: null }, { channel: 'local' });
      if (!allowed.ok) return refuse(app, locale, allowed.code, who);
      const rows = await listVisibleReminders(app.deps, principal, { ...(status ? { status } : {}), ...(values.intake ? { intakeId: values.intake } : {}) });
      if (rows.length === 0) out(t('reminders.list_empty'));
      for (const r of rows)
        out([r.id, r.status, r.kind, formatTokyo(r.dueAt, locale), r.recipient, r.intakeId ?? '-', `attempts=${r.attempts}`, r.lastError ?? ''].join('\t'));
      return 0;
    }
    if (sub === 'cancel') {
      const id = positionals[0];
      if (!id) throw new ConfigError('usage: renkei reminders cancel ID');
      const result = await cancelReminder(app.deps, { channel: 'local', externalId: who }, id);
      if (!result.ok) {
        if (result.code.startsWith('access.')) return refuse(app, locale, result.code, who);
        err(`renkei: ${t(`errors.${result.code}`, result.params)}\n`);
        return 1;
      }
      out(t('reminders.cancelled', { id }));
      return 0;
    }
    throw new ConfigError('usage: renkei reminders list [--failed|--status S] [--intake ID] | renkei reminders cancel ID');
  });
}

/** `renkei dispatcher`: the reminder sweep and dispatcher alone, until Ctrl-C or SIGTERM. */
export async function dispatcherCommand(): Promise<number> {
  return withApp(async (app) => {
    const dispatcher = new Dispatcher(() => app.deps);
    dispatcher.start();
    app.deps.log.info('dispatcher running', { owner: dispatcher.owner });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await dispatcher.stop();
    return 0;
  });
}
