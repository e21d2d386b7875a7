import type { PlanDraft, PlanValue } from './plan-draft.js';
import { isGroup, type FieldDefinition, type QuestionnaireDefinition } from '../questionnaire/definition.js';
import type { Locale } from '../questionnaire/intake-state.js';
import { findQuestion } from '../questionnaire/navigation.js';
import { formatField, withNote } from '../questionnaire/format-answer.js';
import type { Text } from '../text.js';

/**
 * 事業計画（案） as Markdown in one language: labels in that language, the company's own
 * words quoted as typed. Table cells are escaped so an answer cannot break the layout.
 */
export function renderPlanMarkdown(tr: Text, locale: Locale, def: QuestionnaireDefinition, plan: PlanDraft, programNames: Record<string, string>): string {
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const field = (questionId: string, fieldId?: string): FieldDefinition | undefined => {
    const q = findQuestion(def, questionId);
    if (!q) return undefined;
    if (fieldId) return isGroup(q) ? q.fields.find((f) => f.id === fieldId) : undefined;
    return isGroup(q) ? undefined : q;
  };
  const fmt = (v: PlanValue, questionId: string, fieldId?: string): string => {
    if (v === null) return t('plan.not_answered');
    const f = field(questionId, fieldId);
    if (!f) return String(v);
    // A PM must see that 約8,000万円 was an estimate and 5,000万〜1億 a range, not a figure.
    const note = fieldId === undefined ? plan.notes?.[questionId] : undefined;
    return withNote(tr, locale, formatField(tr, locale, f, v), note, (n) => formatField(tr, locale, f, n));
  };
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const quote = (v: PlanValue, questionId: string) =>
    typeof v === 'string' && field(questionId)?.type !== 'choice' ? v.split(/\r?\n/).map((l) => `> ${l}`).join('\n') : fmt(v, questionId);
  const functions = (list: string[]) => (list.length ? list.map((f) => t(`choices.business_function.${f}`)).join(locale === 'ja' ? '、' : ', ') : t('plan.none'));

  const lines: string[] = [];
  const title = typeof plan.theme.title === 'string' ? plan.theme.title : t('plan.untitled');
  lines.push(`# ${t('plan.title')}: ${title}`, '', `_${t('plan.disclaimer')}_`, '');

  lines.push(`## 1. ${t('plan.sections.overview')}`);
  lines.push(`- ${t('questions.company.name.label')}: ${fmt(plan.company.name, 'company.name')}`);
  const region = plan.company.region ? t('plan.in_region', { region: t(`regions.${plan.company.region}`) }) : '';
  lines.push(`- ${t('questions.company.prefecture.label')}: ${fmt(plan.company.prefecture, 'company.prefecture')}${region}`);
  lines.push(`- ${t('questions.company.industry.label')}: ${fmt(plan.company.industry, 'company.industry')}`);
  lines.push(`- ${t('questions.company.capital_yen.label')}: ${fmt(plan.company.capitalYen, 'company.capital_yen')}`);
  lines.push(`- ${t('questions.company.employees.label')}: ${fmt(plan.company.employees, 'company.employees')}`);
  lines.push(`- ${t('plan.eligibility')}: ${t(`plan.eligibility_status.${plan.company.eligibility}`)}`);
  lines.push(`- ${t('plan.readiness')}: ${t('plan.readiness_value', { score: plan.readiness.score, band: t(`readiness.bands.${plan.readiness.band}`) })}`, '');

  lines.push(`## 2. ${t('plan.sections.theme')}`);
  lines.push(`- ${t('questions.theme.category.label')}: ${fmt(plan.theme.category, 'theme.category')}`);
  lines.push(`- ${t('questions.theme.novelty.label')}: ${fmt(plan.theme.novelty, 'theme.novelty')}`, '');
  for (const [label, v, id] of [
    ['questions.theme.description.label', plan.theme.description, 'theme.description'],
    ['questions.theme.novelty_detail.label', plan.theme.noveltyDetail, 'theme.novelty_detail'],
    ['questions.theme.market.label', plan.theme.market, 'theme.market'],
    ['questions.strengths.summary.label', plan.strengths.summary, 'strengths.summary'],
    ['questions.strengths.track_record.label', plan.strengths.trackRecord, 'strengths.track_record'],
  ] as const) {
    if (v === null) continue;
    lines.push(`**${t(label)}**`, '', quote(v, id), '');
  }
  lines.push(`- ${t('questions.strengths.ip.label')}: ${fmt(plan.strengths.ip, 'strengths.ip')}`, '');

  lines.push(`## 3. ${t('plan.sections.partnership')}`);
  lines.push(`- ${t('questions.missing.functions.label')}: ${functions(plan.missingFunctions)}`, '');
  const head = ['role', 'name', 'functions', 'kind', 'prefecture', 'relationship', 'status'].map((c) => t(`plan.table.${c}`));
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const m of plan.members) {
    const row =
      m.role === 'core'
        ? [t('plan.core_company'), fmt(m.name, 'company.name'), t('plan.core_strength'), t('choices.partner_kind.sme'), fmt(m.prefecture, 'company.prefecture'), '—', '—']
        : [
            t('plan.member'),
            fmt(m.name, 'partners', 'name'),
            functions(m.functions),
            fmt(m.kind, 'partners', 'kind'),
            fmt(m.prefecture, 'partners', 'prefecture'),
            fmt(m.relationship, 'partners', 'relationship'),
            fmt(m.status, 'partners', 'status'),
          ];
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  if (plan.members.length === 1) lines.push('', t('plan.no_members'));
  lines.push('');

  lines.push(`## 4. ${t('plan.sections.academia')}`);
  if (plan.academia.length === 0) lines.push(t('plan.no_academia'));
  else {
    const ah = ['institution', 'type', 'role_academia', 'form'].map((c) => t(`plan.table.${c}`));
    lines.push(`| ${ah.join(' | ')} |`, `|${ah.map(() => '---').join('|')}|`);
    for (const i of plan.academia)
      lines.push(`| ${[fmt(i.name, 'academia', 'name'), fmt(i.type, 'academia', 'type'), fmt(i.role, 'academia', 'role'), fmt(i.form, 'academia', 'form')].map(cell).join(' | ')} |`);
  }
  lines.push('');

  lines.push(`## 5. ${t('plan.sections.agreement')}`);
  lines.push(`- ${t('questions.agreement.status.label')}: ${fmt(plan.agreement.status, 'agreement.status')}`);
  lines.push(`- ${t('questions.agreement.nda.label')}: ${fmt(plan.agreement.nda, 'agreement.nda')}`, '');

  lines.push(`## 6. ${t('plan.sections.funding')}`);
  lines.push(`- ${t('questions.funding.total_yen.label')}: ${fmt(plan.funding.totalYen, 'funding.total_yen')}`);
  lines.push(`- ${t('questions.funding.own_yen.label')}: ${fmt(plan.funding.ownYen, 'funding.own_yen')}`);
  lines.push(`- ${t('questions.funding.sources.label')}: ${plan.funding.sources.length ? fmt(plan.funding.sources, 'funding.sources') : t('plan.not_answered')}`);
  lines.push(`- ${t('questions.funding.bank_involved.label')}: ${fmt(plan.funding.bankInvolved, 'funding.bank_involved')}`, '');

  lines.push(`## 7. ${t('plan.sections.schedule')}`);
  lines.push(`- ${t('questions.commercialization.months_to_first_sales.label')}: ${fmt(plan.schedule.monthsToFirstSales, 'commercialization.months_to_first_sales')}`);
  lines.push(`- ${t('questions.commercialization.plan_years.label')}: ${fmt(plan.schedule.planYears, 'commercialization.plan_years')}`);
  lines.push(`- ${t('questions.commercialization.channel.label')}: ${cell(fmt(plan.schedule.channel, 'commercialization.channel'))}`, '');

  lines.push(`## 8. ${t('plan.sections.open_points')}`);
  if (plan.openPoints.length === 0) lines.push(t('plan.no_open_points'));
  else for (const id of plan.openPoints) lines.push(`- ${t(`questions.${id}.label`)}`);
  lines.push('');

  lines.push(`## 9. ${t('plan.sections.programs')}`);
  if (plan.programs.length === 0) lines.push(t('plan.no_programs'));
  else for (const id of plan.programs) lines.push(`- ${programNames[id] ?? id}`);
  lines.push('', `_${t('plan.footer', { questionnaire: plan.questionnaireVersion, rubric: plan.rubricVersion })}_`, '');
  return lines.join('\n');
}
