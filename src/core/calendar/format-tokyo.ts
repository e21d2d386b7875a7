import type { Locale } from '../questionnaire/intake-state.js';

/** A time as office staff read it, always in Tokyo time whatever the server's zone. */
export function formatTokyo(instant: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: locale === 'ja' ? 'numeric' : 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}
