import type { PlanDraft, PlanValue } from './plan-draft.js';
import { isGroup, type FieldDefinition, type QuestionnaireDefinition } from '../questionnaire/definition.js';
import type { Locale } from '../questionnaire/intake-state.js';
import { findQuestion } from '../questionnaire/navigation.js';
import { formatField, withNote } from '../questionnaire/format-answer.js';
import type { Text } from '../text.js';

/** One piece of a plan section, in words of one language; each file format lays it out its own way. */
export type PlanBlock =
  /** Label–value lines. `oneLine`: a free text shown inline, kept to one line. */
  | { kind: 'facts'; items: { label: string; value: string; oneLine?: boolean }[] }
  /** A longer answer under its label; `typed` when it is the company's own words (quoted as typed). */
  | { kind: 'answer'; label: string; text: string; typed: boolean }
  /** `role`: the role matrix of the partnership (core company and members). */
  | { kind: 'table'; role: 'members' | 'academia'; head: string[]; rows: string[][] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] };

export interface PlanSection {
  /** 1-based, as the plan numbers its sections. */
  number: number;
  id: 'overview' | 'theme' | 'partnership' | 'academia' | 'agreement' | 'funding' | 'schedule' | 'open_points' | 'programs';
  heading: string;
  blocks: PlanBlock[];
}

/** 事業計画（案） in one language, as headings and blocks: the Markdown and the Word file are both laid out from it. */
export interface PlanDocument {
  locale: Locale;
  title: string;
  disclaimer: string;
  sections: PlanSection[];
  footer: string;
}

/**
 * The plan draft in words of one language: labels in that language, the company's own words
 * as typed, values formatted as the questionnaire formats them.
 */
export function buildPlanDocument(tr: Text, locale: Locale, def: QuestionnaireDefinition, plan: PlanDraft, programNames: Record<string, string>): PlanDocument {
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
  const fact = (questionId: string, v: PlanValue) => ({ label: t(`questions.${questionId}.label`), value: fmt(v, questionId) });
  const functions = (list: string[]) => (list.length ? list.map((f) => t(`choices.business_function.${f}`)).join(locale === 'ja' ? '、' : ', ') : t('plan.none'));
  const section = (number: number, id: PlanSection['id'], blocks: PlanBlock[]): PlanSection => ({ number, id, heading: t(`plan.sections.${id}`), blocks });

  const region = plan.company.region ? t('plan.in_region', { region: t(`regions.${plan.company.region}`) }) : '';
  const overview = section(1, 'overview', [
    {
      kind: 'facts',
      items: [
        fact('company.name', plan.company.name),
        { ...fact('company.prefecture', plan.company.prefecture), value: `${fmt(plan.company.prefecture, 'company.prefecture')}${region}` },
        fact('company.industry', plan.company.industry),
        fact('company.capital_yen', plan.company.capitalYen),
        fact('company.employees', plan.company.employees),
        { label: t('plan.eligibility'), value: t(`plan.eligibility_status.${plan.company.eligibility}`) },
        { label: t('plan.readiness'), value: t('plan.readiness_value', { score: plan.readiness.score, band: t(`readiness.bands.${plan.readiness.band}`) }) },
      ],
    },
  ]);

  const answers: PlanBlock[] = [];
  for (const [id, v] of [
    ['theme.description', plan.theme.description],
    ['theme.novelty_detail', plan.theme.noveltyDetail],
    ['theme.market', plan.theme.market],
    ['strengths.summary', plan.strengths.summary],
    ['strengths.track_record', plan.strengths.trackRecord],
  ] as const) {
    if (v === null) continue;
    const typed = typeof v === 'string' && field(id)?.type !== 'choice';
    answers.push({ kind: 'answer', label: t(`questions.${id}.label`), text: typed ? v : fmt(v, id), typed });
  }
  const theme = section(2, 'theme', [
    { kind: 'facts', items: [fact('theme.category', plan.theme.category), fact('theme.novelty', plan.theme.novelty)] },
    ...answers,
    { kind: 'facts', items: [fact('strengths.ip', plan.strengths.ip)] },
  ]);

  const memberRows = plan.members.map((m) =>
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
        ],
  );
  const partnership = section(3, 'partnership', [
    { kind: 'facts', items: [{ label: t('questions.missing.functions.label'), value: functions(plan.missingFunctions) }] },
    { kind: 'table', role: 'members', head: ['role', 'name', 'functions', 'kind', 'prefecture', 'relationship', 'status'].map((c) => t(`plan.table.${c}`)), rows: memberRows },
    ...(plan.members.length === 1 ? [{ kind: 'paragraph' as const, text: t('plan.no_members') }] : []),
  ]);

  const academia = section(
    4,
    'academia',
    plan.academia.length === 0
      ? [{ kind: 'paragraph', text: t('plan.no_academia') }]
      : [
          {
            kind: 'table',
            role: 'academia',
            head: ['institution', 'type', 'role_academia', 'form'].map((c) => t(`plan.table.${c}`)),
            rows: plan.academia.map((i) => [fmt(i.name, 'academia', 'name'), fmt(i.type, 'academia', 'type'), fmt(i.role, 'academia', 'role'), fmt(i.form, 'academia', 'form')]),
          },
        ],
  );

  const agreement = section(5, 'agreement', [{ kind: 'facts', items: [fact('agreement.status', plan.agreement.status), fact('agreement.nda', plan.agreement.nda)] }]);
  const funding = section(6, 'funding', [
    {
      kind: 'facts',
      items: [
        fact('funding.total_yen', plan.funding.totalYen),
        fact('funding.own_yen', plan.funding.ownYen),
        { label: t('questions.funding.sources.label'), value: plan.funding.sources.length ? fmt(plan.funding.sources, 'funding.sources') : t('plan.not_answered') },
        fact('funding.bank_involved', plan.funding.bankInvolved),
      ],
    },
  ]);
  const schedule = section(7, 'schedule', [
    {
      kind: 'facts',
      items: [
        fact('commercialization.months_to_first_sales', plan.schedule.monthsToFirstSales),
        fact('commercialization.plan_years', plan.schedule.planYears),
        { ...fact('commercialization.channel', plan.schedule.channel), oneLine: true },
      ],
    },
  ]);
  const openPoints = section(8, 'open_points', [
    plan.openPoints.length === 0 ? { kind: 'paragraph', text: t('plan.no_open_points') } : { kind: 'list', items: plan.openPoints.map((id) => t(`questions.${id}.label`)) },
  ]);
  const programs = section(9, 'programs', [
    plan.programs.length === 0 ? { kind: 'paragraph', text: t('plan.no_programs') } : { kind: 'list', items: plan.programs.map((id) => programNames[id] ?? id) },
  ]);

  const themeTitle = typeof plan.theme.title === 'string' ? plan.theme.title : t('plan.untitled');
  return {
    locale,
    title: `${t('plan.title')}: ${themeTitle}`,
    disclaimer: t('plan.disclaimer'),
    sections: [overview, theme, partnership, academia, agreement, funding, schedule, openPoints, programs],
    footer: t('plan.footer', { questionnaire: plan.questionnaireVersion, rubric: plan.rubricVersion }),
  };
}
