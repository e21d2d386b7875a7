import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { planDocumentFor } from '../app/plan-document-for.js';
import { planDocxBuffer } from '../documents/plan-docx-on-demand.js';
import { writePrivateFile } from '../store/private-file.js';
import { ConfigError } from '../config/config-error.js';
import { performHandoffAction, pmNames } from '../app/handoff-actions.js';
import { authorize, visibleOffices } from '../core/access/authorize.js';
import type { Principal } from '../core/access/principal.js';
import { checkAccess, readIntake } from '../app/access.js';
import { handoffStatuses, type HandoffAction } from '../core/handoff/handoff.js';
import { loadHandoffBrief } from '../app/load-handoff-brief.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { App } from '../main.js';
import { err, langOption, out, refuse, refuseAsUnknown, terminalPrincipal, withApp } from './common.js';

const usage = 'usage: renkei handoffs list|show|plan|claim|brushup|ask|note|reassign|close [ID] [--as PM] [--lang ja|en] [--docx [--out FILE]] …';

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
      docx: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (values.status && !(handoffStatuses as readonly string[]).includes(values.status))
    throw new ConfigError(`--status must be one of ${handoffStatuses.join(', ')}`);
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, key, params);
    const { who, principal } = await terminalPrincipal(app, values.as);
    const scope = visibleOffices(principal);
    if (scope === null) {
      const refused = await checkAccess(app.deps, principal, 'intake.list', { ownerPersonId: null, officeId: null }, { channel: 'local', ...(sub ? { detail: sub } : {}) });
      return refuse(app, locale, refused.ok ? 'access.denied' : refused.code, who);
    }
    const id = positionals[0];
    switch (sub) {
      case 'list': {
        const officeId = values.office ?? (scope === 'all' ? undefined : scope);
        if (officeId !== undefined) {
          const decision = await checkAccess(app.deps, principal, 'intake.list', { ownerPersonId: null, officeId }, { channel: 'local' });
          if (!decision.ok) return refuse(app, locale, decision.code, who);
        }
        return list(app, locale, principal, officeId, values.status);
      }
      case 'show':
        if (!id) throw new ConfigError(`${usage}\n(show needs a handoff id)`);
        return show(app, locale, principal, who, id, values.plan);
      case 'plan':
        if (!id) throw new ConfigError(`${usage}\n(plan needs a handoff id)`);
        return values.docx ? planDocx(app, locale, principal, who, id, values.out) : show(app, locale, principal, who, id, true);
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
          err(`renkei: ${t(`errors.${result.code}`, result.params)}\n`);
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

async function list(app: App, locale: Locale, principal: Principal, officeId: string | undefined, status: string | undefined): Promise<number> {
  const t = (key: string) => app.translator.t(locale, key);
  const handoffs = (
    await app.deps.handoffs.listHandoffs({ ...(officeId ? { officeId } : {}), ...(status ? { status: status as (typeof handoffStatuses)[number] } : {}) })
  ).filter((h) => authorize(principal, 'intake.read', { ownerPersonId: null, officeId: h.officeId }).ok);
  if (handoffs.length === 0) {
    out(t('brief.list_empty'));
    return 0;
  }
  for (const h of handoffs) {
    const [intake, assessment] = await Promise.all([app.deps.repo.getIntake(h.intakeId), app.deps.handoffs.getAssessment(h.intakeId)]);
    const company = intake?.state.answers['company.name'];
    const names = pmNames(app.deps.offices, h.claimedBy);
    // The company's name on a list line is a read of its intake.
    await checkAccess(app.deps, principal, 'intake.read', { ownerPersonId: intake?.personId ?? null, officeId: h.officeId }, { channel: 'local', intakeId: h.intakeId, handoffId: h.id, detail: 'list' });
    out(
      [h.id, t(`brief.statuses.${h.status}`), typeof company === 'string' ? company : '?', assessment ? `${assessment.readiness.score} ${t(`readiness.bands.${assessment.readiness.band}`)}` : '-', h.claimedBy ? (locale === 'ja' ? names.pm : names.pm_en) : '-', h.createdAt.toISOString().slice(0, 10)].join('\t'),
    );
  }
  return 0;
}

async function show(app: App, locale: Locale, principal: Principal, who: string, id: string, plan: boolean): Promise<number> {
  const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, key, params);
  const handoff = await app.deps.handoffs.getHandoff(id);
  const unknown = () => {
    err(`renkei: ${t('errors.handoff.not_found', { id })}\n`);
    return 1;
  };
  if (!handoff) return unknown();
  const access = await readIntake(app.deps, principal, handoff.intakeId, { channel: 'local', handoffId: handoff.id, detail: plan ? 'plan' : 'show' });
  if (access && !access.ok) return refuseAsUnknown(app, locale, access.code, who, unknown);
  const loaded = await loadHandoffBrief(app.deps, id, locale, await app.deps.handoffs.events(id));
  if (!loaded) throw new Error(`handoff ${id} has no assessment`);
  out(plan ? (locale === 'ja' ? loaded.assessment.planJa : loaded.assessment.planEn) : loaded.brief);
  return 0;
}

/**
 * The plan draft as a Word file: --out FILE, else beside the Markdown in the plans folder
 * (data/plans/<intake>.<lang>.docx), readable by its owner only. Prints where it went.
 */
async function planDocx(app: App, locale: Locale, principal: Principal, who: string, id: string, outFile: string | undefined): Promise<number> {
  const t = (key: string, params?: Record<string, string | number>) => app.translator.t(locale, key, params);
  const handoff = await app.deps.handoffs.getHandoff(id);
  const unknown = () => {
    err(`renkei: ${t('errors.handoff.not_found', { id })}\n`);
    return 1;
  };
  if (!handoff) return unknown();
  const access = await readIntake(app.deps, principal, handoff.intakeId, { channel: 'local', handoffId: handoff.id, detail: 'plan_docx' });
  if (access && !access.ok) return refuseAsUnknown(app, locale, access.code, who, unknown);
  const assessment = await app.deps.handoffs.getAssessment(handoff.intakeId);
  if (!assessment) throw new Error(`handoff ${id} has no assessment`);
  const path = resolve(outFile ?? join(app.config.plansDir, `${handoff.intakeId}.${locale}.docx`));
  await mkdir(dirname(path), { recursive: true });
  await writePrivateFile(path, await planDocxBuffer(planDocumentFor(app.deps, assessment.plan, locale)));
  out(path);
  return 0;
}
