import type { Locale } from '../core/questionnaire/intake-state.js';
import { parseWhen } from '../core/calendar/parse-when.js';
import type { BusinessCalendar } from '../core/calendar/business-calendar.js';

/**
 * `<target> <when> <message>` as people type it: the when may be several words ("明日 10時",
 * "Dec 1 10:00"), so the longest leading run of words that reads as a time is the when.
 */
export function splitRemindArgs(text: string, now: Date, cal: BusinessCalendar, locale: Locale): { target: string; when: string; message: string } | null {
  const words = text.normalize('NFKC').trim().split(/\s+/).filter((w) => w.length > 0);
  const [target, ...rest] = words;
  if (!target || rest.length < 2) return null;
  for (let k = Math.min(5, rest.length - 1); k >= 1; k--) {
    const when = rest.slice(0, k).join(' ');
    const parsed = parseWhen(when, now, cal, locale);
    // A refusal other than "unparseable" (in the past, too far) still names the when the person meant.
    if (parsed.ok || parsed.code !== 'when.unparseable') return { target, when, message: rest.slice(k).join(' ') };
  }
  return { target, when: rest[0] ?? '', message: rest.slice(1).join(' ') };
}
