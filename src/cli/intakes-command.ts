import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { intakeStatuses, type Intake } from '../core/intake.js';
import { isGroup } from '../core/questionnaire/definition.js';
import { reviewItems } from '../core/questionnaire/engine-commands.js';
import { exportAnswers } from '../app/simulate.js';
import { renderReview } from '../channels/console/render-text.js';
import { intakeStats } from '../core/stats/intake-stats.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { App } from '../main.js';
import { safeJson } from '../channels/console/terminal-safe.js';
import { writePrivateFileSync } from '../store/private-file.js';
import { err, langOption, out, refuse, refuseAsUnknown, terminalPrincipal, withApp } from './common.js';
import { authorize, visibleOffices } from '../core/access/authorize.js';
import type { Principal } from '../core/access/principal.js';
import { checkAccess, intakeAccessTarget, readIntake } from '../app/access.js';
import type { Handoff } from '../core/handoff/handoff.js';

/** Staff views: list, show and export intakes. */
export async function intakesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { lang: { type: 'string' }, status: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, as: { type: 'string' } },
  });
  if (values.status && !(intakeStatuses as readonly string[]).includes(values.status))
    throw new ConfigError(`--status must be one of ${intakeStatuses.join(', ')}`);
  const status = intakeStatuses.find((s) => s === values.status);
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const { who, principal } = await terminalPrincipal(app, values.as);
    if (sub !== 'show') {
      // Refusals are audited too: someone trying the staff views is worth knowing about.
      const allowed = await checkAccess(app.deps, principal, 'intake.list', { ownerPersonId: null, officeId: null }, { channel: 'local' });
      if (!allowed.ok) return refuse(app, locale, allowed.code, who);
    }
    switch (sub) {
      case 'list': {
        for (const { intake: i } of await visibleIntakes(app, principal, status, 'list')) {
          const a = await app.deps.handoffs.getAssessment(i.id);
          const name = i.state.answers['company.name'];
          out([i.id, i.status, typeof name === 'string' ? name : '-', a ? `${a.readiness.score}` : '-', a?.readiness.band ?? '-', a?.route.region ?? '-', i.lastActivityAt.toISOString().slice(0, 16)].join('\t'));
        }
        return 0;
      }
      case 'show': {
        const id = positionals[0];
        if (!id) throw new ConfigError('intakes show needs an intake id (see renkei intakes list)');
        const access = await readIntake(app.deps, principal, id, { channel: 'local', detail: 'show' });
        const unknown = () => {
          err(`renkei: ${app.translator.t(locale, 'errors.intake.not_found', { id })}\n`);
          return 1;
        };
        if (!access) return unknown();
        if (!access.ok) return refuseAsUnknown(app, locale, access.code, who, unknown);
        const { intake } = access;
        const def = app.deps.questionnaires.get(intake.questionnaireVersion) ?? app.deps.questionnaires.latest;
        out(`${intake.id} (${intake.status}, questionnaire v${intake.questionnaireVersion})`);
        out(renderReview(app.translator, locale, def, reviewItems(def, intake.state)));
        const history = await app.deps.repo.answerHistory(intake.id);
        out(`\n${history.length} answers on record; first ${history[0]?.answeredAt.toISOString() ?? '-'}, last ${history[history.length - 1]?.answeredAt.toISOString() ?? '-'}`);
        return 0;
      }
      case 'export':
        return exportIntakes(app, principal, values.format ?? 'json', values.out, status);
      default:
        throw new ConfigError('usage: renkei intakes list|show ID|export --format csv|json [--out FILE] [--status S]');
    }
  });
}

/**
 * The intakes of the offices the principal may see, each read written to the audit log. An
 * unfinished intake belongs to the office its prefecture routes to.
 */
async function visibleIntakes(app: App, principal: Principal, status: Intake['status'] | undefined, detail: string): Promise<{ intake: Intake; handoff: Handoff | null }[]> {
  const visible: { intake: Intake; handoff: Handoff | null }[] = [];
  for (const intake of await app.deps.repo.listIntakes(status ? { status } : {})) {
    const handoff = await app.deps.handoffs.handoffForIntake(intake.id);
    const target = intakeAccessTarget(app.deps.offices, intake, handoff);
    if (!authorize(principal, 'intake.read', target).ok) continue;
    await checkAccess(app.deps, principal, 'intake.read', target, { channel: 'local', intakeId: intake.id, handoffId: handoff?.id ?? null, detail });
    visible.push({ intake, handoff });
  }
  return visible;
}

async function exportIntakes(app: App, principal: Principal, format: string, file: string | undefined, status: Intake['status'] | undefined): Promise<number> {
  if (format !== 'csv' && format !== 'json') throw new ConfigError('--format must be csv or json');
  const rows = await Promise.all(
    (await visibleIntakes(app, principal, status, 'export')).map(async ({ intake: i, handoff: h }) => {
      const a = await app.deps.handoffs.getAssessment(i.id);
      return {
        id: i.id,
        status: i.status,
        questionnaireVersion: i.questionnaireVersion,
        createdAt: i.createdAt.toISOString(),
        completedAt: i.completedAt?.toISOString() ?? null,
        region: a?.route.region ?? null,
        office: a?.route.officeId ?? null,
        score: a?.readiness.score ?? null,
        band: a?.readiness.band ?? null,
        rubricVersion: a?.readiness.rubricVersion ?? null,
        handoff: h ? { id: h.id, status: h.status, outcome: h.outcome } : null,
        answers: exportAnswers(i.state.answers),
      };
    }),
  );
  let text: string;
  if (format === 'json') text = safeJson(rows);
  else {
    // Question ids are the stable contract, so they are the CSV's column names.
    const ids = app.deps.questionnaires.latest.questions.map((q) => q.id);
    const groups = new Set(app.deps.questionnaires.latest.questions.filter(isGroup).map((q) => q.id));
    const head = ['id', 'status', 'questionnaire_version', 'created_at', 'completed_at', 'region', 'office', 'score', 'band', 'rubric_version', 'handoff_status', 'outcome', ...ids];
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : Array.isArray(v) && !v.some((x) => typeof x === 'object') ? v.join(';') : JSON.stringify(v);
      // Spreadsheet programs run cells that start with = + - @ as formulas; a leading quote stops that.
      const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const lines = rows.map((r) =>
      [r.id, r.status, r.questionnaireVersion, r.createdAt, r.completedAt, r.region, r.office, r.score, r.band, r.rubricVersion, r.handoff?.status, r.handoff?.outcome, ...ids.map((id) => (groups.has(id) ? JSON.stringify(r.answers[id] ?? []) : r.answers[id]))]
        .map(cell)
        .join(','),
    );
    text = [head.join(','), ...lines].join('\r\n');
  }
  // Every office's contacts: the file is the admin's alone, like a privacy export.
  if (file) writePrivateFileSync(file, format === 'csv' ? `\uFEFF${text}\r\n` : `${text}\n`);
  else out(text);
  return 0;
}

/** `renkei stats`: counts by region, band, theme and status, and academic involvement by type × form. */
export async function statsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { json: { type: 'boolean', default: false }, chart: { type: 'string' }, lang: { type: 'string' }, as: { type: 'string' } } });
  return withApp(async (app) => {
    const locale: Locale = langOption(values.lang) ?? app.config.defaultLocale;
    const t = (key: string) => app.translator.t(locale, key);
    const { who, principal } = await terminalPrincipal(app, values.as);
    const scope = visibleOffices(principal);
    const allowed = await checkAccess(app.deps, principal, 'stats.read', { ownerPersonId: null, officeId: null }, { channel: 'local' });
    if (!allowed.ok || scope === null) return refuse(app, locale, allowed.ok ? 'access.denied' : allowed.code, who);
    // Counts only, no company's data: scoped to the office, but not a read of each intake.
    const intakes = [];
    for (const intake of await app.deps.repo.listIntakes()) {
      if (scope === 'all' || intakeAccessTarget(app.deps.offices, intake, await app.deps.handoffs.handoffForIntake(intake.id)).officeId === scope) intakes.push(intake);
    }
    const assessments = new Map((await app.deps.handoffs.listAssessments()).map((a) => [a.intakeId, a]));
    const stats = intakeStats(intakes.map((intake) => ({ intake, region: assessments.get(intake.id)?.route.region ?? null, band: assessments.get(intake.id)?.readiness.band ?? null })));
    if (values.chart) {
      // Counts only, no company's data: an ordinary file staff can share. Vega loads only here.
      const { statsChartSvg } = await import('../documents/stats-chart.js');
      const file = resolve(values.chart);
      writeFileSync(file, await statsChartSvg(app.translator, locale, stats), 'utf8');
      if (!values.json) out(app.translator.t(locale, 'stats.chart.written', { file }));
    }
    if (values.json) {
      out(safeJson(stats));
      return 0;
    }
    if (values.chart) return 0;
    const section = (title: string, m: Record<string, number>, label: (k: string) => string) => {
      out(`\n${title}`);
      for (const [k, v] of Object.entries(m).sort((a, b) => b[1] - a[1])) out(`  ${label(k)}\t${v}`);
    };
    out(`${t('stats.total')}: ${stats.total}`);
    section(t('stats.by_status'), stats.byStatus, (k) => t(`stats.statuses.${k}`));
    section(t('stats.by_region'), stats.byRegion, (k) => (k === 'unknown' ? t('stats.unknown') : t(`regions.${k}`)));
    section(t('stats.by_band'), stats.byBand, (k) => (k === 'not_assessed' ? t('stats.not_assessed') : t(`readiness.bands.${k}`)));
    section(t('stats.by_theme'), stats.byTheme, (k) => (k === 'unknown' ? t('stats.unknown') : t(`choices.theme_category.${k}`)));
    out(`\n${t('stats.academia')}`);
    out(`  \t${t('choices.academic_form.formal')}\t${t('choices.academic_form.cooperative')}\t${t('choices.academic_form.undecided')}\t${t('stats.total')}`);
    for (const [type, r] of Object.entries(stats.academia)) out(`  ${t(`choices.institution_type.${type}`)}\t${r.formal}\t${r.cooperative}\t${r.undecided}\t${r.total}`);
    const tot = stats.academiaTotals;
    out(`  ${t('stats.total')}\t${tot.formal}\t${tot.cooperative}\t${tot.undecided}\t${tot.total}`);
    return 0;
  });
}
