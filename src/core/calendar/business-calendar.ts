import { z } from 'zod';
import {
  civilOfDay,
  dateKeyOfDay,
  DAY_MS,
  epochMs,
  fromTokyo,
  HOUR_MS,
  instantAt,
  MINUTE_MS,
  msIntoTokyoDay,
  tokyoDayNumber,
  tokyoParts,
  weekdayOfDay,
  type TokyoParts,
} from './tokyo-time.js';

const clockTime = z
  .string()
  .regex(/^\d{1,2}:\d{2}$/, 'expected a time as HH:MM')
  .refine((s) => minutesOf(s) <= 24 * 60 && Number(s.slice(-2)) < 60, 'not a time of day (00:00–24:00)');

const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'expected a date as MM-DD')
  .refine((s) => {
    const [m = 0, d = 0] = s.split('-').map(Number);
    // 2000 is a leap year, so 02-29 is accepted as a closure boundary.
    return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(2000, m, 0)).getUTCDate();
  }, 'not a day of the year');

const timeRange = z.object({ start: clockTime, end: clockTime });

/**
 * The configurable part of a business calendar. `null` and absence differ for the year-end
 * closure: absent means the usual 12-29 → 01-03, null means the office stays open.
 */
export const businessCalendarSettingsSchema = z
  .object({
    officeHours: timeRange.optional(),
    quietHours: timeRange.nullable().optional(),
    yearEndClosure: z.object({ from: monthDay, to: monthDay }).nullable().optional(),
  })
  .superRefine((s, ctx) => {
    if (s.officeHours && minutesOf(s.officeHours.start) >= minutesOf(s.officeHours.end))
      ctx.addIssue({ code: 'custom', path: ['officeHours'], message: 'office hours must start before they end (no overnight offices)' });
    if (s.quietHours && minutesOf(s.quietHours.start) === minutesOf(s.quietHours.end))
      ctx.addIssue({ code: 'custom', path: ['quietHours'], message: 'quiet hours must not start and end at the same time' });
  });

export type BusinessCalendarSettings = z.input<typeof businessCalendarSettingsSchema>;

export interface BusinessCalendarOptions extends BusinessCalendarSettings {
  /** Tokyo dates 'YYYY-MM-DD' on which offices are closed (national holidays). */
  holidays: ReadonlySet<string>;
}

export interface TimeRange {
  start: string;
  end: string;
}

export type DayOffReason = 'weekend' | 'holiday' | 'year_end_closure';

export const DEFAULT_OFFICE_HOURS: TimeRange = { start: '09:00', end: '18:00' };
/** Japanese offices close over the year end although only 01-01 is a national holiday. */
export const DEFAULT_YEAR_END_CLOSURE = { from: '12-29', to: '01-03' } as const;

/**
 * A bound on day-by-day searches: even a holiday set that closed every day cannot make a
 * search loop forever; it fails loudly instead, because that is broken data.
 */
const MAX_CLOSED_RUN_DAYS = 366;

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** [start, end) in ms since Tokyo midnight. */
type Span = readonly [number, number];

function subtract(spans: readonly Span[], cut: Span): Span[] {
  return spans.flatMap(([s, e]): Span[] => {
    if (cut[1] <= s || cut[0] >= e) return [[s, e]];
    const kept: Span[] = [];
    if (cut[0] > s) kept.push([s, cut[0]]);
    if (cut[1] < e) kept.push([cut[1], e]);
    return kept;
  });
}

/**
 * Japanese business days and hours in Asia/Tokyo, whatever the server's zone: weekends,
 * the holidays given (substitute holidays and 国民の休日 are in the data), the year-end
 * closure, office hours and quiet hours. Pure: every answer is computed from the instant given.
 */
export interface BusinessCalendar {
  readonly officeHours: TimeRange;
  readonly quietHours: TimeRange | null;
  readonly yearEndClosure: { from: string; to: string } | null;
  /** Why the instant's Tokyo date is not a business day, or null when it is one. */
  dayOffReason(instant: Date): DayOffReason | null;
  isBusinessDay(instant: Date): boolean;
  /** On a business day between the start and the end of office hours; quiet hours still count. */
  isWithinOfficeHours(instant: Date): boolean;
  /** Whether something may be sent at this instant: office hours on a business day, not quiet. */
  isBusinessSlot(instant: Date): boolean;
  /** The instant itself when something may be sent then, else the next moment it may. */
  nextBusinessSlot(instant: Date): Date;
  /**
   * The same Tokyo time of day `n` business days later, not yet moved into a slot: what a
   * sender asked for with "in 3 business days". Counting starts on the day after the
   * instant's date, so one business day after a Saturday is Monday.
   */
  businessDaysLater(instant: Date, n: number): Date;
  /** `businessDaysLater`, then moved into the next slot if that time is not one. */
  addBusinessDays(instant: Date, n: number): Date;
  /**
   * `hours` of office time later, counting only office hours on business days, then moved
   * out of quiet hours if it lands in them.
   */
  addBusinessHours(instant: Date, hours: number): Date;
  /** The first slot of the next business day after the instant's Tokyo date. */
  nextBusinessMorning(instant: Date): Date;
  tokyoParts(instant: Date): TokyoParts;
  fromTokyo(year: number, month: number, day: number, hour?: number, minute?: number): Date;
}

/** Throws a RangeError naming every problem when the settings are invalid (a configuration bug). */
export function createBusinessCalendar(options: BusinessCalendarOptions): BusinessCalendar {
  return new TokyoBusinessCalendar(options);
}

class TokyoBusinessCalendar implements BusinessCalendar {
  readonly officeHours: TimeRange;
  readonly quietHours: TimeRange | null;
  readonly yearEndClosure: { from: string; to: string } | null;
  private readonly holidays: ReadonlySet<string>;
  private readonly officeStartMs: number;
  private readonly officeEndMs: number;
  /** Office hours minus quiet hours: when something may be sent on a business day. */
  private readonly openSpans: readonly Span[];
  private readonly closure: { from: number; to: number } | null;

  constructor(options: BusinessCalendarOptions) {
    const parsed = businessCalendarSettingsSchema.safeParse({
      officeHours: options.officeHours,
      quietHours: options.quietHours,
      yearEndClosure: options.yearEndClosure,
    });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'settings'}: ${i.message}`);
      throw new RangeError(`invalid business calendar settings: ${problems.join('; ')}`);
    }
    const settings = parsed.data;
    // Copied so that a caller mutating its Set later cannot change this calendar.
    this.holidays = new Set(options.holidays);
    this.officeHours = { ...(settings.officeHours ?? DEFAULT_OFFICE_HOURS) };
    this.quietHours = settings.quietHours ? { ...settings.quietHours } : null;
    this.yearEndClosure = settings.yearEndClosure === null ? null : { ...(settings.yearEndClosure ?? DEFAULT_YEAR_END_CLOSURE) };
    this.officeStartMs = minutesOf(this.officeHours.start) * MINUTE_MS;
    this.officeEndMs = minutesOf(this.officeHours.end) * MINUTE_MS;

    let spans: Span[] = [[this.officeStartMs, this.officeEndMs]];
    if (this.quietHours) {
      const qs = minutesOf(this.quietHours.start) * MINUTE_MS;
      const qe = minutesOf(this.quietHours.end) * MINUTE_MS;
      // Quiet hours may run over midnight (22:00–07:00).
      const cuts: Span[] = qs < qe ? [[qs, qe]] : [[qs, DAY_MS], [0, qe]];
      for (const cut of cuts) spans = subtract(spans, cut);
    }
    if (spans.length === 0) throw new RangeError('invalid business calendar settings: quiet hours cover all of office hours');
    this.openSpans = spans;

    const md = (s: string) => Number(s.slice(0, 2)) * 100 + Number(s.slice(3, 5));
    this.closure = this.yearEndClosure ? { from: md(this.yearEndClosure.from), to: md(this.yearEndClosure.to) } : null;
  }

  dayOffReason(instant: Date): DayOffReason | null {
    return this.dayOffReasonOf(tokyoDayNumber(instant));
  }

  isBusinessDay(instant: Date): boolean {
    return this.dayOffReason(instant) === null;
  }

  isWithinOfficeHours(instant: Date): boolean {
    const ms = msIntoTokyoDay(instant);
    return this.isBusinessDay(instant) && ms >= this.officeStartMs && ms < this.officeEndMs;
  }

  isBusinessSlot(instant: Date): boolean {
    return this.nextBusinessSlot(instant).getTime() === epochMs(instant);
  }

  nextBusinessSlot(instant: Date): Date {
    const today = tokyoDayNumber(instant);
    const ms = msIntoTokyoDay(instant);
    if (this.dayOffReasonOf(today) === null) {
      for (const [start, end] of this.openSpans) {
        if (ms < start) return instantAt(today, start);
        if (ms < end) return new Date(epochMs(instant));
      }
    }
    return instantAt(this.nextBusinessDayAfter(today), this.firstOpenMs());
  }

  businessDaysLater(instant: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, got ${n}`);
    let day = tokyoDayNumber(instant);
    for (let left = n; left > 0; left--) day = this.nextBusinessDayAfter(day);
    return instantAt(day, msIntoTokyoDay(instant));
  }

  addBusinessDays(instant: Date, n: number): Date {
    return this.nextBusinessSlot(this.businessDaysLater(instant, n));
  }

  // Lunch-time quiet hours count as office time: "four business hours" means office time.
  // Outside office hours counting starts at the next opening; a count ending exactly at
  // closing time is the next morning, since closing time itself is not a slot.
  addBusinessHours(instant: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`business hours must be a number ≥ 0, got ${hours}`);
    let remaining = Math.round(hours * HOUR_MS);
    let day = tokyoDayNumber(instant);
    let ms = msIntoTokyoDay(instant);
    if (this.dayOffReasonOf(day) !== null || ms >= this.officeEndMs) {
      day = this.nextBusinessDayAfter(day);
      ms = this.officeStartMs;
    } else if (ms < this.officeStartMs) ms = this.officeStartMs;
    for (;;) {
      const available = this.officeEndMs - ms;
      if (remaining < available) return this.nextBusinessSlot(instantAt(day, ms + remaining));
      remaining -= available;
      day = this.nextBusinessDayAfter(day);
      ms = this.officeStartMs;
    }
  }

  nextBusinessMorning(instant: Date): Date {
    return instantAt(this.nextBusinessDayAfter(tokyoDayNumber(instant)), this.firstOpenMs());
  }

  tokyoParts(instant: Date): TokyoParts {
    return tokyoParts(instant);
  }

  fromTokyo(year: number, month: number, day: number, hour = 0, minute = 0): Date {
    return fromTokyo(year, month, day, hour, minute);
  }

  private firstOpenMs(): number {
    // The constructor guarantees at least one span.
    return this.openSpans[0]?.[0] ?? this.officeStartMs;
  }

  private dayOffReasonOf(day: number): DayOffReason | null {
    const weekday = weekdayOfDay(day);
    if (weekday === 0 || weekday === 6) return 'weekend';
    if (this.holidays.has(dateKeyOfDay(day))) return 'holiday';
    if (this.closure) {
      const { month, day: dom } = civilOfDay(day);
      const md = month * 100 + dom;
      const { from, to } = this.closure;
      // A closure over the new year (12-29 → 01-03) wraps around the end of the year.
      if (from <= to ? md >= from && md <= to : md >= from || md <= to) return 'year_end_closure';
    }
    return null;
  }

  private nextBusinessDayAfter(day: number): number {
    for (let next = day + 1; next <= day + MAX_CLOSED_RUN_DAYS; next++) if (this.dayOffReasonOf(next) === null) return next;
    throw new Error(`no business day within ${MAX_CLOSED_RUN_DAYS} days after ${dateKeyOfDay(day)}: the holiday data is broken`);
  }
}
