import type { FieldDefinition, Question, QuestionnaireDefinition } from './definition.js';
import { isGroup } from './definition.js';
import { isUnknown, type AnswerValue, type FieldValue } from './answer-value.js';
import type { Locale } from './intake-state.js';
import type { Text } from '../text.js';
import type { AnswerNote } from '../messages.js';

/** An answer as a person reads it: labels instead of ids, 3億5,000万円 instead of 350000000. */
export function formatAnswer(tr: Text, locale: Locale, def: QuestionnaireDefinition, q: Question, value: AnswerValue): string {
  if (isGroup(q)) {
    if (!Array.isArray(value) || value.length === 0) return tr.t(locale, 'ui.values.none');
    return value
      .map((item, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) return '';
        const parts = q.fields
          .filter((f) => item[f.id] !== undefined)
          .map((f) => `${tr.t(locale, `questions.${q.id}.fields.${f.id}.label`)}: ${formatField(tr, locale, f, item[f.id] as FieldValue)}`);
        return `${i + 1}) ${parts.join(' / ')}`;
      })
      .join('\n');
  }
  return formatField(tr, locale, q, value as FieldValue);
}

export function formatField(tr: Text, locale: Locale, f: FieldDefinition, value: FieldValue): string {
  if (isUnknown(value)) return tr.t(locale, 'ui.values.unknown');
  switch (f.type) {
    case 'money':
      return typeof value === 'number' ? formatYen(tr, locale, value) : String(value);
    case 'months':
      return tr.t(locale, 'ui.values.months', { count: Number(value) });
    case 'integer': {
      if (typeof value !== 'number') return String(value);
      const count = value.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US');
      return tr.has(locale, `units.${f.id}`) ? tr.t(locale, `units.${f.id}`, { count }) : count;
    }
    case 'yes_no':
      return tr.t(locale, `choices.yes_no.${String(value)}`);
    case 'choice':
      return tr.t(locale, `choices.${f.choices ?? ''}.${String(value)}`);
    case 'multi_choice':
      return (Array.isArray(value) ? value : [String(value)])
        .map((id) => tr.t(locale, `choices.${f.choices ?? ''}.${id}`))
        .join(locale === 'ja' ? '、' : ', ');
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/** Japanese readers think in 万 and 億; English readers get plain yen with separators. */
export function formatYen(tr: Text, locale: Locale, yen: number): string {
  if (locale !== 'ja') return tr.t(locale, 'ui.values.money_yen', { value: yen.toLocaleString('en-US') });
  const oku = Math.floor(yen / 1e8);
  const man = Math.floor((yen % 1e8) / 1e4);
  const rest = yen % 1e4;
  if (rest !== 0 || yen < 1e4) return tr.t(locale, 'ui.values.money_yen', { value: yen.toLocaleString('ja-JP') });
  const parts = [oku > 0 ? tr.t(locale, 'ui.values.money_oku', { value: oku.toLocaleString('ja-JP') }) : '', man > 0 ? tr.t(locale, 'ui.values.money_man', { value: man.toLocaleString('ja-JP') }) : ''];
  return tr.t(locale, 'ui.values.money_yen', { value: parts.join('') });
}

/** "約45人" for a hedged number, "30〜50人（範囲・要確認）" for a range; `format` renders one number of the answer's kind. */
export function withNote(tr: Text, locale: Locale, formatted: string, note: AnswerNote | undefined, format: (n: number) => string): string {
  if (note?.range) {
    const high = format(note.range[1]);
    // "30〜50人", not "30人〜50人": a unit both ends share is said once.
    const unit = /[^\d]*$/u.exec(high)?.[0] ?? '';
    const low = format(note.range[0]);
    return tr.t(locale, 'ui.values.range', { low: unit !== '' && low.endsWith(unit) ? low.slice(0, -unit.length) : low, high });
  }
  if (note?.approximate) return tr.t(locale, 'ui.values.approximate', { value: formatted });
  return formatted;
}
