import holidayData from '@holiday-jp/holiday_jp/lib/holidays.js';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import {
  businessCalendarSettingsSchema,
  createBusinessCalendar,
  type BusinessCalendar,
  type BusinessCalendarSettings,
} from '../core/calendar/business-calendar.js';
import { dateKeyOfDay, dayNumberOf, weekdayOfDay } from '../core/calendar/tokyo-time.js';

export type HolidayLocale = 'ja' | 'en';

interface Holiday {
  name: string;
  nameEn: string;
}

const holidayDataSchema = z.record(
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  z.object({ date: z.string(), name: z.string().min(1), name_en: z.string().min(1) }),
);

let cache: ReadonlyMap<string, Holiday> | undefined;

/**
 * The package's data (1970–2050, substitute holidays and 国民の休日 included), parsed once:
 * it is external data, so its shape is checked rather than trusted.
 */
function holidays(): ReadonlyMap<string, Holiday> {
  if (cache) return cache;
  const parsed = holidayDataSchema.safeParse(holidayData);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`@holiday-jp/holiday_jp holiday data: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const byDate = new Map<string, Holiday>();
  for (const [date, h] of Object.entries(parsed.data)) byDate.set(date, { name: h.name, nameEn: h.name_en });
  cache = byDate;
  return byDate;
}

/**
 * The business calendar for Japanese offices: national holidays from @holiday-jp/holiday_jp,
 * office hours, quiet hours and the year-end closure from configuration (defaults 09:00–18:00,
 * no quiet hours, closed 12-29 → 01-03). Bad settings stop the start with one clear message.
 */
export function loadBusinessCalendar(settings: BusinessCalendarSettings = {}): BusinessCalendar {
  const parsed = businessCalendarSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'settings'}: ${i.message}`);
    throw new ConfigError(`business calendar: ${problems.join('; ')}`);
  }
  try {
    return createBusinessCalendar({ ...parsed.data, holidays: new Set(holidays().keys()) });
  } catch (err) {
    if (err instanceof RangeError) throw new ConfigError(`business calendar: ${err.message}`);
    throw err;
  }
}

/**
 * The holiday's name for messages ("moved to Monday: 2026-11-23 is 勤労感謝の日"), or undefined
 * when the date is no national holiday. Two names in the data are improved:
 * - 国民の休日 is named just 休日;
 * - a substitute holiday (振替休日) is labelled after the wrong holiday in Golden Week
 *   (2026-05-06 is "こどもの日 振替休日" although it replaces 憲法記念日 on Sunday 05-03) and is
 *   plain "Holiday in lieu" in English, so the holiday it replaces is found from the dates:
 *   the law moves a holiday falling on a Sunday to the next day that is not a holiday.
 */
export function holidayName(dateKey: string, locale: HolidayLocale): string | undefined {
  const h = holidays().get(dateKey);
  if (!h) return undefined;
  if (h.name.endsWith('振替休日')) {
    const original = replacedHoliday(dateKey);
    if (original) return locale === 'ja' ? `振替休日（${original.name}）` : `Holiday in lieu (${original.nameEn})`;
  }
  if (locale === 'en') return h.nameEn;
  return h.name === '休日' && h.nameEn === "Citizen's Holiday" ? '国民の休日' : h.name;
}

/** The Sunday holiday a substitute holiday replaces: the last Sunday in the run of holidays before it. */
function replacedHoliday(dateKey: string): Holiday | undefined {
  const [y = 0, m = 0, d = 0] = dateKey.split('-').map(Number);
  const data = holidays();
  for (let day = dayNumberOf(y, m, d) - 1; ; day--) {
    const h = data.get(dateKeyOfDay(day));
    if (!h) return undefined;
    if (weekdayOfDay(day) === 0) return h;
  }
}
