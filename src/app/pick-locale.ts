import type { Locale } from '../core/questionnaire/intake-state.js';

/** A client's language tag (`ja-JP`, `en-US`) as one of ours, or the fallback. */
export function pickLocale(clientLocale: string | undefined, fallback: Locale): Locale {
  if (!clientLocale) return fallback;
  return clientLocale.toLowerCase().startsWith('ja') ? 'ja' : clientLocale.toLowerCase().startsWith('en') ? 'en' : fallback;
}
