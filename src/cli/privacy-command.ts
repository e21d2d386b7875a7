import { parseArgs } from 'node:util';
import { LogLevel, WebClient } from '@slack/web-api';
import { ConfigError } from '../config/config-error.js';
import type { Person } from '../core/intake.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import { requestDeletion, type DeletionTarget } from '../app/delete-person-data.js';
import { exportPersonData } from '../app/export-person-data.js';
import { purgeAbandonedIntakes } from '../app/purge-abandoned-intakes.js';
import { checkAccess } from '../app/access.js';
import { SlackMessenger } from '../channels/slack/slack-messenger.js';
import type { App } from '../main.js';
import { safeJson } from '../channels/console/terminal-safe.js';
import { writePrivateFileSync } from '../store/private-file.js';
import { err, langOption, out, terminalPrincipal, withApp } from './common.js';

const usage = `usage: renkei privacy delete --intake ID | --person ID [--as ADMIN]
       renkei privacy export --person ID [--out FILE] [--as ADMIN]
       renkei privacy purge [--as ADMIN]`;

const channels: Person['channel'][] = ['slack', 'teams', 'line', 'local', 'simulate'];

/**
 * The admin's privacy tools: delete a person or an intake, export everything held about a
 * person, purge abandoned intakes now. Exit codes: 0 done, 1 nothing found, 2 usage or refused.
 */
export async function privacyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { as: { type: 'string' }, lang: { type: 'string' }, intake: { type: 'string' }, person: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length > 0) throw new ConfigError(`unexpected "${positionals.join(' ')}"\n${usage}`);
  if (sub === 'delete' && (values.intake === undefined) === (values.person === undefined)) throw new ConfigError(`delete needs exactly one of --intake ID and --person ID\n${usage}`);
  if (sub === 'export' && !values.person) throw new ConfigError(`export needs --person ID\n${usage}`);
  if (sub !== 'delete' && sub !== 'export' && sub !== 'purge') throw new ConfigError(usage);
  const lang = langOption(values.lang);
  return withApp(async (app) => {
    const locale: Locale = lang ?? app.config.defaultLocale;
    const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, `privacy.cli.${key}`, params);
    const { who, principal } = await terminalPrincipal(app, values.as);
    const fail = (code: number, key: string, params?: Record<string, string | number>) => {
      err(`renkei: ${t(key, params)}\n`);
      return code;
    };
    const refused = () => fail(2, 'refused', { who });

    if (sub === 'purge') {
      if (!(await checkAccess(app.deps, principal, 'privacy.purge', { ownerPersonId: null, officeId: null }, { channel: 'local' })).ok) return refused();
      if (app.deps.retentionDays <= 0) {
        out(t('purge_off'));
        return 0;
      }
      await attachMessengers(app);
      const result = await purgeAbandonedIntakes(app.deps, 'local');
      out(t('purged', { count: result.purged.length, cutoff: result.cutoff?.toISOString() ?? '-', days: app.deps.retentionDays }));
      for (const f of result.failed) err(`renkei: ${t('purge_failed', { intake: f.intakeId, code: f.code })}\n`);
      return result.failed.length > 0 ? 1 : 0;
    }

    const permission = sub === 'delete' ? 'privacy.delete' : 'privacy.export';
    // Office staff are refused before anything is looked up; a company may act on its own data (the policy decides on the target).
    const refuseUnknown = async () => {
      await checkAccess(app.deps, principal, permission, { ownerPersonId: null, officeId: null }, { channel: 'local' });
      return refused();
    };
    if (principal.role === 'pm' || principal.role === 'staff') return refuseUnknown();
    const admin = principal.role === 'admin';
    let target: DeletionTarget;
    if (values.intake) target = { intakeId: values.intake };
    else {
      const found = await findPerson(app, values.person ?? '');
      // Only an admin learns whether an id exists.
      if (found.kind !== 'one' && !admin) return refuseUnknown();
      if (found.kind === 'none') return fail(1, 'not_found', { target: values.person ?? '' });
      if (found.kind === 'many') return fail(2, 'ambiguous', { target: values.person ?? '', people: found.ids.join(', ') });
      target = { personId: found.id };
    }

    if (sub === 'export') {
      const personId = 'personId' in target ? target.personId : '';
      const result = await exportPersonData(app.deps, principal, personId, 'local');
      if (!result) return admin ? fail(1, 'not_found', { target: personId }) : refuseUnknown();
      if (!result.ok) return refused();
      const json = `${safeJson(result.export)}\n`;
      if (values.out) {
        writePrivateFileSync(values.out, json);
        out(t('exported', { person: personId, intakes: result.export.intakes.length, file: values.out }));
      } else process.stdout.write(json);
      return 0;
    }

    await attachMessengers(app);
    const result = await requestDeletion(app.deps, principal, target, 'local');
    if (!result) return admin ? fail(1, 'not_found', { target: values.intake ?? values.person ?? '' }) : refuseUnknown();
    if (!result.ok) return refused();
    const { report } = result;
    const counts = { handoffs: report.handoffIds.length, intakes: report.intakeIds.length, intake: values.intake ?? '', person: report.personId ?? '' };
    out(t(!values.intake ? 'deleted_person' : report.personId ? 'deleted_intake_and_person' : 'deleted_intake', counts));
    return 0;
  });
}

/** A `pe_` id, or someone's id on a chat platform (Slack user id, Entra object id, local user name). */
async function findPerson(app: App, id: string): Promise<{ kind: 'one'; id: string } | { kind: 'none' } | { kind: 'many'; ids: string[] }> {
  const direct = await app.deps.repo.getPerson(id);
  if (direct) return { kind: 'one', id: direct.id };
  const matches = (await Promise.all(channels.map((c) => app.deps.repo.findPerson(c, id)))).filter((p): p is Person => p !== null);
  const [only] = matches;
  if (!only) return { kind: 'none' };
  return matches.length === 1 ? { kind: 'one', id: only.id } : { kind: 'many', ids: matches.map((p) => p.id) };
}

/**
 * A deletion rewrites the handoff cards already posted in Slack and Teams, so the command
 * talks to the platforms configured for the bot. Only their outgoing clients are built: no
 * receiver, nothing listening.
 */
async function attachMessengers(app: App): Promise<void> {
  const slack = app.config.slack;
  if (slack) {
    // A command waits minutes at most for a Slack that is down, not the client's default half hour.
    const retryConfig = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 30_000 };
    const client = new WebClient(slack.botToken, { ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}), retryConfig, logLevel: LogLevel.ERROR });
    app.deps.messengers.push(new SlackMessenger(() => app.deps, client, app.deps.defaultLocale));
  }
  const teams = app.config.teams;
  // Loaded only when configured: botbuilder adds about half a second to the command's start.
  if (teams) app.deps.messengers.push((await import('../channels/teams/teams-channel.js')).createTeamsChannel(() => app.deps, teams).messenger);
}
