import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import { checkAccess } from '../app/access.js';
import { langOption, out, refuse, terminalPrincipal, withApp } from './common.js';
import { safeJson } from '../channels/console/terminal-safe.js';

const usage = 'usage: renkei audit list [--intake ID] [--actor pm:ID|admin:ID|sme:ID|system] [--since YYYY-MM-DD] [--limit N] [--json] [--as ADMIN]';

/** `renkei audit list`: who read or changed which intake, newest first; admins only. */
export async function auditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new ConfigError(usage);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      intake: { type: 'string' },
      actor: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      as: { type: 'string' },
      lang: { type: 'string' },
    },
  });
  const limit = values.limit === undefined ? 200 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new ConfigError(`--limit must be a whole number from 1 to 100000, not "${values.limit}"`);
  const since = values.since === undefined ? undefined : new Date(values.since);
  if (since && Number.isNaN(since.getTime())) throw new ConfigError(`--since must be a date such as 2026-11-01, not "${values.since}"`);
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const { who, principal } = await terminalPrincipal(app, values.as);
    const decision = await checkAccess(app.deps, principal, 'audit.read', { ownerPersonId: null, officeId: null }, { channel: 'local' });
    if (!decision.ok) return refuse(app, locale, decision.code, who);
    const entries = await app.deps.audit.list({
      ...(values.intake ? { intakeId: values.intake } : {}),
      ...(values.actor ? { actor: values.actor } : {}),
      ...(since ? { since } : {}),
      limit,
    });
    if (values.json) {
      out(safeJson(entries.map((e) => ({ ...e, at: e.at.toISOString() }))));
      return 0;
    }
    if (entries.length === 0) out(app.translator.t(locale, 'brief.list_empty'));
    for (const e of entries)
      out([e.at.toISOString(), e.outcome === 'denied' ? 'DENIED' : 'ok', e.actor, e.action, e.channel, e.intakeId ?? '-', e.handoffId ?? '-', e.detail ?? ''].join('\t'));
    return 0;
  });
}
