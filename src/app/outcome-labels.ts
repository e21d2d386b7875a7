import { handoffOutcomes } from '../core/handoff/handoff.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Text } from '../core/text.js';

/** The outcomes a PM can close a handoff with, as the close form names them, for "choose one of: …". */
export function outcomeLabels(text: Text, locale: Locale): string {
  return handoffOutcomes.map((o) => text.t(locale, `brief.outcomes.${o}`)).join(locale === 'ja' ? '、' : ', ');
}
