import type { Outbound, Prompt, ReviewItem } from '../../core/messages.js';
import type { QuestionnaireDefinition } from '../../core/questionnaire/definition.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { findQuestion } from '../../core/questionnaire/navigation.js';
import { formatAnswer, withNote } from '../../core/questionnaire/format-answer.js';
import type { Translator } from '../../i18n/translator.js';

export interface TextView {
  definition: QuestionnaireDefinition;
  locale: Locale;
  outbound: Outbound[];
}

/** Plain-text rendering for the terminal and for transcripts: numbered choices, progress, hints. */
export function renderText(tr: Translator, view: TextView): string {
  const { locale, definition } = view;
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const lastPrompt = [...view.outbound].reverse().find((o) => o.kind === 'prompt');
  const blocks = view.outbound.map((o): string => {
    switch (o.kind) {
      case 'notice':
        return t(o.key, o.params);
      case 'invalid': {
        const params = { ...o.params };
        const set = lastPrompt?.kind === 'prompt' ? lastPrompt.prompt.choiceSet : undefined;
        if (typeof params.choice === 'string' && set) params.choice = t(`choices.${set}.${params.choice}`);
        return `⚠ ${t(`errors.${o.code}`, params)}`;
      }
      case 'prompt':
        return renderPrompt(tr, locale, definition, o.prompt);
      case 'recorded':
        return renderRecorded(tr, locale, definition, o);
      case 'review':
        return renderReview(tr, locale, definition, o.items);
      case 'help':
        return [t('ui.help.title'), ...tr.list(locale, 'ui.help.lines').map((l) => `  ${l}`)].join('\n');
      case 'completed':
        return t('ui.completed');
      case 'summary':
        return renderSummary(tr, locale, o);
      case 'relayed':
        return `✉ ${t(o.key, o.params)}`;
    }
  });
  return blocks.filter((b) => b.length > 0).join('\n\n');
}

export function renderPrompt(tr: Translator, locale: Locale, def: QuestionnaireDefinition, p: Prompt): string {
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const lines: string[] = [];
  if (p.purpose !== 'confirm') lines.push(t('ui.progress', progressParams(tr, locale, p)));
  const item = p.purpose === 'group_field' && p.itemIndex !== undefined ? `${t('ui.item', { number: p.itemIndex })} ` : '';
  if (p.purpose === 'group_more' && p.items && p.items.length > 0) {
    const q = findQuestion(def, p.questionId);
    if (q) lines.push(`${t('ui.items_so_far')}\n${formatAnswer(tr, locale, def, q, p.items)}`);
  }
  lines.push(`${item}${t(p.key, p.suggested && p.choiceSet ? { choice: p.suggested.map((id) => t(`choices.${p.choiceSet ?? ''}.${id}`)).join(locale === 'ja' ? '、' : ', ') } : undefined)}`);
  const choices = p.type === 'yes_no' ? ['yes', 'no'] : (p.choices ?? []);
  const set = p.type === 'yes_no' ? 'yes_no' : p.choiceSet;
  if (set && (p.type === 'choice' || p.type === 'multi_choice' || p.type === 'yes_no'))
    lines.push(choices.map((c, i) => `  ${i + 1}. ${t(`choices.${set}.${c}`)}`).join('\n'));
  const example = t(`ui.examples.${p.type}`);
  if (example) lines.push(example);
  if (p.allowUnknown) lines.push(t('ui.hint_unknown'));
  if (p.optional) lines.push(t('ui.hint_optional'));
  if (p.purpose === 'group_more' && p.items && p.items.length > 0) lines.push(t('ui.hint_remove'));
  if (p.current !== undefined) {
    const q = findQuestion(def, p.questionId);
    const field = q && q.type === 'group' ? q.fields.find((f) => f.id === p.fieldId) : q;
    if (q && field) lines.push(t('ui.hint_current', { value: formatAnswer(tr, locale, def, field.id === q.id ? q : { ...field, section: q.section }, p.current) }));
  }
  return lines.join('\n');
}

/** The parameters of `ui.progress` and `ui.progress_line`, for every channel's prompt. */
export function progressParams(tr: Translator, locale: Locale, p: Prompt): Record<string, string | number> {
  const { answered, total, percent, section } = p.progress;
  return { section: tr.t(locale, `sections.${section}`), answered, total, percent };
}

type Recorded = Extract<Outbound, { kind: 'recorded' }>;

/** One line saying what was understood, so a misreading (2千万 as 2,000円) is seen at once: "資本金: 2,000万円 として記録しました". */
export function renderRecorded(tr: Translator, locale: Locale, def: QuestionnaireDefinition, r: Recorded): string {
  const q = findQuestion(def, r.questionId);
  if (!q) return '';
  const field = q.type === 'group' ? q.fields.find((f) => f.id === r.fieldId) : q;
  if (!field) return '';
  const label = tr.t(locale, r.fieldId ? `questions.${q.id}.fields.${r.fieldId}.label` : `questions.${q.id}.label`);
  const value = withNote(tr, locale, formatAnswer(tr, locale, def, field.id === q.id ? q : { ...field, section: q.section }, r.value), r.note, (n) =>
    formatAnswer(tr, locale, def, field.id === q.id ? q : { ...field, section: q.section }, n),
  );
  return tr.t(locale, 'ui.recorded', { label, value });
}

export function renderReview(tr: Translator, locale: Locale, def: QuestionnaireDefinition, items: ReviewItem[]): string {
  const t = (key: string) => tr.t(locale, key);
  if (items.length === 0) return t('ui.review_empty');
  const lines = [t('ui.review_title')];
  let section = '';
  for (const it of items) {
    if (it.section !== section) {
      section = it.section;
      lines.push(`■ ${t(`sections.${section}`)}`);
    }
    const q = findQuestion(def, it.questionId);
    const label = t(`questions.${it.questionId}.label`);
    const value = it.value === undefined || !q ? t('ui.values.skipped') : withNote(tr, locale, formatAnswer(tr, locale, def, q, it.value), it.note, (n) => formatAnswer(tr, locale, def, q, n));
    lines.push(value.includes('\n') ? `${it.number}. ${label}:\n${indent(value)}` : `${it.number}. ${label}: ${value}`);
  }
  lines.push(t('ui.review_edit'));
  return lines.join('\n');
}

const indent = (s: string) => s.split('\n').map((l) => `   ${l}`).join('\n');

type Summary = Extract<Outbound, { kind: 'summary' }>;

/** The end of a consultation as the company reads it: band, score, three next steps, what would raise the score. */
export function renderSummary(tr: Translator, locale: Locale, s: Summary): string {
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const gapText = (g: Summary['nextSteps'][number]) =>
    // A gap whose list is "not decided yet" (不足機能: 未定) says so instead of an empty list.
    t(`readiness.gaps.${g.code}`, { list: g.list ? g.list.ids.map((id) => t(`choices.${g.list?.choiceSet}.${id}`)).join(locale === 'ja' ? '、' : ', ') : g.toConfirm ? t('readiness.status.unknown') : '' });
  const lines = [`■ ${t('readiness.summary.title')}`, `${t(`readiness.bands.${s.band}`)} — ${t('readiness.summary.score', { score: s.score })}`, t(`readiness.band_explain.${s.band}`)];
  if (s.nextSteps.length > 0) {
    lines.push('', t('readiness.summary.next_steps'));
    s.nextSteps.forEach((g, i) => lines.push(`  ${i + 1}. ${t(`readiness.actions.${g.code}`)}`));
    lines.push('', t('readiness.summary.raise'));
    for (const g of s.nextSteps) lines.push(`  ・${t('readiness.summary.raise_item', { gap: gapText(g), points: g.potential })}`);
  }
  if (s.toConfirm.length > 0) lines.push('', t('readiness.summary.to_confirm', { list: s.toConfirm.map((id) => t(`questions.${id}.label`)).join(locale === 'ja' ? '、' : ', ') }));
  lines.push('', s.shared && s.office ? t('readiness.summary.handed_off', { office: s.office.name[locale] }) : t('readiness.summary.not_shared'));
  lines.push(t('readiness.summary.no_promise'));
  return lines.join('\n');
}
