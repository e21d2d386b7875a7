import type { Locale } from './questionnaire/intake-state.js';

/**
 * What core needs of the translations: texts by key and the labels of a key in every
 * language. i18next implements it outside core (src/i18n/translator.ts), so renderers of
 * plans and answers can live here without importing it.
 */
export interface Text {
  t(locale: Locale, key: string, params?: Record<string, string | number>): string;
  has(locale: Locale, key: string): boolean;
  /** The text of `key` in every language: used to accept answers typed in either language. */
  labels(key: string): string[];
  list(locale: Locale, key: string): string[];
}
