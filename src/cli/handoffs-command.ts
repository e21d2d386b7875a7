import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { performHandoffAction, pmNames } from '../app/handoff-actions.js';
import { findPm } from '../core/routing/find-pm.js';
import { handoffStatuses, type HandoffAction } from '../core/handoff/handoff.js';
import { loadHandoffBrief } from '../app/load-handoff-brief.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { App } from '../main.js';
import { langOption, localIdentity, out, withApp } from './common.js';

const usage = 'usage: renkei handoffs list|show|claim|brushup|ask|note|reassign|close [ID] [--as PM] [--lang ja|en] …';

/** The PM side in local mode: the office inbox and every handoff action, as the PM named by --as. */
export async function handoffsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      as: { type: 'string' },
      lang: { type: 'string' },
      office: { type: 'string' },
      status: { type: 'string' },
      to: { type: 'string' },
      outcome: { type: 'string' },
      plan: { type: 'boolean', default: false },
    },
  });
  if (values.status && !(handoffStatuses as readonly string[]).includes(values.status))
    throw new ConfigError(`--status must be one of ${handoffStatuses.join(', ')}`);
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, key, params);
    const who = localIdentity(values.as);
    const me = findPm(app.deps.offices, 'local', who);
    if (!me) {
      process.stderr.write(`renkei: ${t('errors.handoff.not_a_pm')} (${who}; set --as to a PM's "local" id in offices.json)\n`);
      return 2;
    }
    const id = positionals[0];
    switch (sub) {
      case 'list':
        return list(app, locale, values.office ?? me.office.id, values.status);
      case 'show':
        if (!id) throw new ConfigError(`${usage}\n(show needs a handoff id)`);
        return show(app, locale, me.office.id, id, values.plan);
      case 'claim':
      case 'brushup':
      case 'ask':
      case 'note':
      case 'reassign':
      case 'close': {
        if (!id) throw new ConfigError(`${sub} needs a handoff id`);
        const action = toAction(sub, positionals.slice(1).join(' '), values.to, values.outcome);
        const result = await performHandoffAction(app.deps, { channel: 'local', externalId: who }, id, action);
        if (!result.ok) {
          process.stderr.write(`renkei: ${t(`errors.${result.code}`, result.params)}\n`);
          return 1;
        }
        out(`${result.handoff.id}: ${t(`brief.done.${result.event}`)} (${t(`brief.statuses.${result.handoff.status}`)})`);
        return 0;
      }
      default:
        throw new ConfigError(usage);
    }
  });
}

function toAction(sub: string, text: string, to: string | undefined, outcome: string | undefined): HandoffAction {
  switch (sub) {
    case 'claim':
      return { kind: 'claim' };
    case 'brushup':
      return { kind: 'start_brushup' };
    case 'ask':
    case 'note':
      if (!text.trim()) throw new ConfigError(`${sub} needs a text, e.g. renkei handoffs ${sub} ho_… "…"`);
      return { kind: sub, text };
    case 'reassign':
      if (!to) throw new ConfigError('reassign needs --to PM_ID');
      return { kind: 'reassign', to };
    default:
      if (!outcome) throw new ConfigError('close needs --outcome applied|certified|commercialized|withdrawn|not_eligible');
      return { kind: 'close', outcome };
  }
}

async function list(app: App, locale: Locale, officeId: string, status: string | undefined): Promise<number> {
  const t = (key: string) => app.translator.t(locale, key);
  const handoffs = await app.deps.handoffs.listHandoffs({ officeId, ...(status ? { status: status as (typeof handoffStatuses)[number] } : {}) });
  if (handoffs.length === 0) {
    out(t('brief.list_empty'));
    return 0;
  }
  for (const h of handoffs) {
    const [intake, assessment] = await Promise.all([app.deps.repo.getIntake(h.intakeId), app.deps.handoffs.getAssessment(h.intakeId)]);
    const company = intake?.state.answers['company.name'];
    const names = pmNames(app.deps.offices, h.claimedBy);
    out(
      [h.id, t(`brief.statuses.${h.status}`), typeof company === 'string' ? company : '?', assessment ? `${assessment.readiness.score} ${t(`readiness.bands.${assessment.readiness.band}`)}` : '-', h.claimedBy ? (locale === 'ja' ? names.pm : names.pm_en) : '-', h.createdAt.toISOString().slice(0, 10)].join('\t'),
    );
  }
  return 0;
}

async function show(app: App, locale: Locale, officeId: string, id: string, plan: boolean): Promise<number> {
  const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, key, params);
  const handoff = await app.deps.handoffs.getHandoff(id);
  if (!handoff) {
    process.stderr.write(`renkei: ${t('errors.handoff.not_found', { id })}\n`);
    return 1;
  }
  if (handoff.officeId !== officeId) {
    process.stderr.write(`renkei: ${t('errors.handoff.not_your_office')}\n`);
    return 1;
  }
  const loaded = await loadHandoffBrief(app.deps, id, locale, await app.deps.handoffs.events(id));
  if (!loaded) throw new Error(`handoff ${id} has no assessment`);
  out(plan ? (locale === 'ja' ? loaded.assessment.planJa : loaded.assessment.planEn) : loaded.brief);
  return 0;
}
