import { fail, ok, type ParseResult } from '../result.js';
import type { BusinessCalendar } from './business-calendar.js';
import {
  civilOfDay,
  DAY_MS,
  dayNumberOf,
  daysInMonth,
  epochMs,
  HOUR_MS,
  instantAt,
  isValidCivilDate,
  MINUTE_MS,
  msIntoTokyoDay,
  tokyoDayNumber,
  weekdayOfDay,
} from './tokyo-time.js';

export interface ParsedWhen {
  /** When the reminder will be sent: `requested`, moved into the next business slot. */
  at: Date;
  /** True when `at` differs from `requested`; the sender is then told. */
  adjusted: boolean;
  /** What the sender asked for, in Tokyo time. */
  requested: Date;
}

export type WhenLocale = 'ja' | 'en';

/** The part of the business calendar parsing needs, so that a test double stays small. */
export type WhenCalendar = Pick<BusinessCalendar, 'nextBusinessSlot' | 'businessDaysLater' | 'addBusinessHours'>;

/** "More than a year ahead" is refused; 366 so that "the same day next year" fits in a leap year. */
export const WHEN_MAX_DAYS_AHEAD = 366;

/** Error codes (i18n keys under `errors.`). */
export const WHEN_ERRORS = {
  unparseable: 'when.unparseable',
  invalidDate: 'when.invalid_date',
  invalidTime: 'when.invalid_time',
  weekdayMismatch: 'when.weekday_mismatch',
  inPast: 'when.in_past',
  tooFar: 'when.too_far',
} as const;

/** Longer than any way of writing a date; a pasted paragraph is refused before any matching. */
const MAX_INPUT_LENGTH = 100;

/**
 * A date given without a time means 10:00 Tokyo: a reasonable office default, shortly after
 * offices open and well before lunch, so the reminder is read the same morning.
 */
const DEFAULT_TIME_MS = 10 * HOUR_MS;

type WeekRef = 'next_occurrence' | 'this_or_next' | 'this_week' | 'next_week' | 'week_after_next';
type LaterUnit = 'day' | 'business_day' | 'week' | 'month';

type Piece =
  | { kind: 'after'; ms: number }
  | { kind: 'after_business_hours'; hours: number }
  | { kind: 'later'; unit: LaterUnit; n: number }
  | { kind: 'day_offset'; days: number }
  | { kind: 'weekday'; weekday: number; week: WeekRef }
  | { kind: 'weekday_note'; weekday: number }
  | { kind: 'date'; year: number | null; month: number; day: number }
  | { kind: 'day_of_month'; day: number; monthOffset: number | null }
  | { kind: 'time'; hour: number; minute: number; valid: boolean };

type Match = RegExpExecArray;

interface Matcher {
  re: RegExp;
  /** null: the words matched but do not make sense ("in 1.5 days"). */
  build: (m: Match) => Piece | null;
}

const num = (s: string | undefined): number => Number(s ?? '');

const JA_WEEKDAYS = '日月火水木金土';
const EN_WEEKDAY = '(sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?)';
const EN_WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const EN_MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const EN_MONTH_KEYS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MERIDIEM = '(am|pm|a\\.m\\.|p\\.m\\.)';
const EN_COUNT = '(\\d+(?:\\.\\d+)?|an?|one)';
const EN_UNIT = '(business days?|working days?|business hours?|working hours?|days?|weeks?|months?|hours?|hrs?|minutes?|mins?)';

const enWeekday = (word: string | undefined) => EN_WEEKDAY_KEYS.indexOf((word ?? '').slice(0, 3));
const enMonth = (word: string | undefined) => EN_MONTH_KEYS.indexOf((word ?? '').slice(0, 3)) + 1;

/**
 * 12-hour clocks follow the English convention for 12 (12pm / 午後12時 is noon, 12am / 午前12時
 * midnight); 午後0時 is noon too. An hour that no clock shows becomes an invalid time.
 */
function clock(hourText: string | undefined, minute: number, meridiem: string | undefined): Piece {
  const h = num(hourText);
  const pm = meridiem === '午後' || meridiem === '夜' || meridiem === '夕方' || meridiem?.startsWith('p') === true;
  const am = meridiem === '午前' || meridiem === '朝' || meridiem?.startsWith('a') === true;
  const validMinute = Number.isInteger(minute) && minute >= 0 && minute <= 59;
  if (pm || am) {
    const valid = validMinute && h >= 0 && h <= 12;
    return { kind: 'time', hour: pm ? (h % 12) + 12 : h % 12, minute, valid };
  }
  return { kind: 'time', hour: h, minute, valid: validMinute && h >= 0 && h <= 23 };
}

function enDuration(countText: string | undefined, unitText: string | undefined): Piece | null {
  const n = countText === 'a' || countText === 'an' || countText === 'one' ? 1 : num(countText);
  const unit = unitText ?? '';
  if (unit.startsWith('business hour') || unit.startsWith('working hour')) return { kind: 'after_business_hours', hours: n };
  if (unit.startsWith('h')) return { kind: 'after', ms: n * HOUR_MS };
  if (unit.startsWith('min')) return Number.isInteger(n) ? { kind: 'after', ms: n * MINUTE_MS } : null;
  if (!Number.isInteger(n)) return null;
  if (unit.startsWith('business') || unit.startsWith('working')) return { kind: 'later', unit: 'business_day', n };
  if (unit.startsWith('day')) return { kind: 'later', unit: 'day', n };
  if (unit.startsWith('week')) return { kind: 'later', unit: 'week', n };
  return { kind: 'later', unit: 'month', n };
}

/**
 * Tried in order at each position; the first that matches wins, so longer forms come before
 * their prefixes ("3日後" before "3日", "明後日" before "明日").
 */
const MATCHERS: Matcher[] = [
  // Durations: 1時間後, 1時間半後, 1時間30分後, 30分後, 3営業時間後
  {
    re: /(\d+(?:\.\d+)?)時間(?:(半)|(\d+)分)?後/y,
    build: (m) => ({ kind: 'after', ms: num(m[1]) * HOUR_MS + (m[2] ? 30 : num(m[3] ?? '0')) * MINUTE_MS }),
  },
  { re: /(\d+)分後/y, build: (m) => ({ kind: 'after', ms: num(m[1]) * MINUTE_MS }) },
  { re: /(\d+(?:\.\d+)?)営業時間後/y, build: (m) => ({ kind: 'after_business_hours', hours: num(m[1]) }) },
  {
    re: /(\d+)(営業日|日|週間|週|か月|ヶ月|ヵ月|カ月|ケ月|箇月)後/y,
    build: (m) => {
      const unit: LaterUnit = m[2] === '営業日' ? 'business_day' : m[2] === '日' ? 'day' : m[2]?.startsWith('週') ? 'week' : 'month';
      return { kind: 'later', unit, n: num(m[1]) };
    },
  },
  // in 3 days, in an hour, in 3 business days, 3 days later, 2 hours from now, after 3 days
  { re: new RegExp(`in ${EN_COUNT} ${EN_UNIT}(?![a-z])`, 'y'), build: (m) => enDuration(m[1], m[2]) },
  { re: new RegExp(`after ${EN_COUNT} ${EN_UNIT}(?![a-z])`, 'y'), build: (m) => enDuration(m[1], m[2]) },
  { re: new RegExp(`${EN_COUNT} ${EN_UNIT} (?:later|from now)(?![a-z])`, 'y'), build: (m) => enDuration(m[1], m[2]) },
  { re: /in half an hour(?![a-z])/y, build: () => ({ kind: 'after', ms: 30 * MINUTE_MS }) },

  // Days named relative to today
  {
    re: /(今日|本日|きょう|明々後日|明明後日|しあさって|明後日|あさって|明日|あした|あす)/y,
    build: (m) => {
      const w = m[1] ?? '';
      const days = /今日|本日|きょう/.test(w) ? 0 : /明々後日|明明後日|しあさって/.test(w) ? 3 : /明後日|あさって/.test(w) ? 2 : 1;
      return { kind: 'day_offset', days };
    },
  },
  { re: /(?:the )?day after tomorrow(?![a-z])/y, build: () => ({ kind: 'day_offset', days: 2 }) },
  { re: /(today|tomorrow|tmrw|tmr)(?![a-z])/y, build: (m) => ({ kind: 'day_offset', days: m[1] === 'today' ? 0 : 1 }) },

  // Calendar dates: 2026-12-01, 2026/12/1, 2026年12月1日, 12月1日, 来月1日, 12/1, Dec 1, 1 December
  {
    re: /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/y,
    build: (m) => ({ kind: 'date', year: num(m[1]), month: num(m[2]), day: num(m[3]) }),
  },
  {
    re: /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?![後間])/y,
    build: (m) => ({ kind: 'date', year: m[1] ? num(m[1]) : null, month: num(m[2]), day: num(m[3]) }),
  },
  {
    re: /(今月|来月|再来月)の?(\d{1,2})日(?![後間])/y,
    build: (m) => ({ kind: 'day_of_month', day: num(m[2]), monthOffset: m[1] === '今月' ? 0 : m[1] === '来月' ? 1 : 2 }),
  },
  // Month/day, as written in Japan, for both languages: 12/1 is the 1st of December.
  { re: /(\d{1,2})\/(\d{1,2})(?![\d/])/y, build: (m) => ({ kind: 'date', year: null, month: num(m[1]), day: num(m[2]) }) },
  {
    re: new RegExp(`${EN_MONTH}\\.? ?(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:a-z])(?:,? (\\d{4})(?![\\d:]))?`, 'y'),
    build: (m) => ({ kind: 'date', year: m[3] ? num(m[3]) : null, month: enMonth(m[1]), day: num(m[2]) }),
  },
  {
    re: new RegExp(`(\\d{1,2})(?:st|nd|rd|th)? ?(?:of )?${EN_MONTH}\\.?(?![a-z])(?:,? (\\d{4})(?![\\d:]))?`, 'y'),
    build: (m) => ({ kind: 'date', year: m[3] ? num(m[3]) : null, month: enMonth(m[2]), day: num(m[1]) }),
  },
  { re: /(\d{1,2})日(?![後間])/y, build: (m) => ({ kind: 'day_of_month', day: num(m[1]), monthOffset: null }) },

  // Weekdays: 月曜, 来週の月曜日, 再来週金曜, next Monday, this friday; 12月1日(火) checks the date
  {
    re: /(今週|来週|再来週)?の?([日月火水木金土])曜日?/y,
    build: (m) => ({
      kind: 'weekday',
      weekday: JA_WEEKDAYS.indexOf(m[2] ?? ''),
      week: m[1] === '今週' ? 'this_week' : m[1] === '来週' ? 'next_week' : m[1] === '再来週' ? 'week_after_next' : 'next_occurrence',
    }),
  },
  { re: /\(([日月火水木金土])(?:曜日?)?\)/y, build: (m) => ({ kind: 'weekday_note', weekday: JA_WEEKDAYS.indexOf(m[1] ?? '') }) },
  {
    re: new RegExp(`\\(${EN_WEEKDAY}\\.?\\)`, 'y'),
    build: (m) => ({ kind: 'weekday_note', weekday: enWeekday(m[1]) }),
  },
  {
    re: new RegExp(`(?:(next|this coming|coming|this) )?${EN_WEEKDAY}\\.?(?![a-z])`, 'y'),
    build: (m) => ({
      kind: 'weekday',
      weekday: enWeekday(m[2]),
      week: m[1] === 'next' ? 'next_week' : m[1] === 'this' ? 'this_or_next' : 'next_occurrence',
    }),
  },

  // Times of day: 10時, 午後3時半, 朝9時, 10時30分, 10:30, 正午, 9am, 3:30 pm, at 14:30, at 10
  { re: /(?:at ?)?(正午|noon|midday)(?![a-z])/y, build: () => ({ kind: 'time', hour: 12, minute: 0, valid: true }) },
  {
    re: /(午前|午後|朝|夕方|夜)?(\d{1,2})時(?!間)(?:(半)|(\d{1,2})分)?/y,
    build: (m) => clock(m[2], m[3] ? 30 : num(m[4] ?? '0'), m[1]),
  },
  {
    re: new RegExp(`(?:at ?)?(午前|午後)?(\\d{1,2}):(\\d{2})(?!\\d)(?: ?${MERIDIEM}(?![a-z]))?`, 'y'),
    build: (m) => clock(m[2], num(m[3]), m[1] ?? m[4]),
  },
  { re: new RegExp(`(?:at ?)?(\\d{1,2}) ?${MERIDIEM}(?![a-z])`, 'y'), build: (m) => clock(m[1], 0, m[2]) },
  { re: /at ?(\d{1,2})(?![\d:a-z])/y, build: (m) => clock(m[1], 0, undefined) },
];

/** Particles and punctuation between the parts: 明日の10時に, tomorrow, at 9am, on Monday. */
const SEPARATOR = /(?: |の|に|頃|ごろ|,|、|。|\.|on(?![a-z]))+/y;

function normalize(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      // NFKC leaves the Unicode dash family alone; people paste them into ISO dates.
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function tokenize(s: string): Piece[] | null {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < s.length) {
    SEPARATOR.lastIndex = i;
    const sep = SEPARATOR.exec(s);
    if (sep) i += sep[0].length;
    if (i >= s.length) break;
    let found: Piece | null = null;
    for (const { re, build } of MATCHERS) {
      re.lastIndex = i;
      const m = re.exec(s);
      if (m && m[0].length > 0) {
        found = build(m);
        if (found === null) return null;
        i += m[0].length;
        break;
      }
    }
    if (found === null) return null;
    pieces.push(found);
  }
  return pieces;
}

type DayOrError = { day: number } | { code: string };

/**
 * Parses when a staff reminder should be sent, as staff write it in Japanese or English
 * ("明日10時", "来週の月曜日 9:30", "in 3 business days", "Dec 1 10:00"). Both languages are
 * accepted whatever `locale` is, because staff mix them ("tomorrow 10時"); the locale is part
 * of the contract so that a locale-specific reading can be added without changing callers.
 * Never throws on any text; `now` must be a valid Date.
 */
export function parseWhen(text: string, now: Date, cal: WhenCalendar, locale: WhenLocale): ParseResult<ParsedWhen> {
  const nowMs = epochMs(now);
  if (typeof text !== 'string' || text.length > MAX_INPUT_LENGTH * 4) return fail(WHEN_ERRORS.unparseable);
  const s = normalize(text);
  if (s.length === 0 || s.length > MAX_INPUT_LENGTH) return fail(WHEN_ERRORS.unparseable);
  const pieces = tokenize(s);
  if (pieces === null || pieces.length === 0) return fail(WHEN_ERRORS.unparseable);

  const durations = pieces.filter((p) => p.kind === 'after' || p.kind === 'after_business_hours');
  const times = pieces.filter((p) => p.kind === 'time');
  const notes = pieces.filter((p) => p.kind === 'weekday_note');
  let dates = pieces.filter((p) => p.kind !== 'after' && p.kind !== 'after_business_hours' && p.kind !== 'time' && p.kind !== 'weekday_note');

  if (durations.length > 0 && pieces.length > 1) return fail(WHEN_ERRORS.unparseable);
  if (times.length > 1 || notes.length > 1) return fail(WHEN_ERRORS.unparseable);

  // "Tuesday, Dec 1" and 「12月1日 火曜日」: a plain weekday next to a date only checks it.
  let weekdayCheck: number | null = notes[0]?.kind === 'weekday_note' ? notes[0].weekday : null;
  if (dates.length === 2) {
    const plain = dates.find((p) => p.kind === 'weekday' && p.week === 'next_occurrence');
    const other = dates.find((p) => p !== plain);
    if (!plain || plain.kind !== 'weekday' || !other || other.kind === 'weekday' || weekdayCheck !== null) return fail(WHEN_ERRORS.unparseable);
    weekdayCheck = plain.weekday;
    dates = [other];
  }
  if (dates.length > 1) return fail(WHEN_ERRORS.unparseable);
  const date = dates[0];
  const time = times[0]?.kind === 'time' ? times[0] : undefined;
  if (weekdayCheck !== null && (date === undefined || date.kind === 'later' || date.kind === 'weekday')) return fail(WHEN_ERRORS.unparseable);
  if (time && !time.valid) return fail(WHEN_ERRORS.invalidTime);

  const maxAheadMs = WHEN_MAX_DAYS_AHEAD * DAY_MS;
  let requestedMs: number;
  const duration = durations[0];
  if (duration?.kind === 'after') {
    requestedMs = nowMs + duration.ms;
  } else if (duration?.kind === 'after_business_hours') {
    if (duration.hours > WHEN_MAX_DAYS_AHEAD * 24) return fail(WHEN_ERRORS.tooFar, { maxDays: WHEN_MAX_DAYS_AHEAD });
    requestedMs = cal.addBusinessHours(now, duration.hours).getTime();
  } else if (date) {
    const resolved = resolveDay(date, now, cal);
    if ('code' in resolved) return resolved.code === WHEN_ERRORS.tooFar ? fail(resolved.code, { maxDays: WHEN_MAX_DAYS_AHEAD }) : fail(resolved.code);
    if (weekdayCheck !== null && weekdayOfDay(resolved.day) !== weekdayCheck) return fail(WHEN_ERRORS.weekdayMismatch);
    // "3日後" keeps the time of day it was said at; a named date without a time means 10:00.
    const timeMs = time ? time.hour * HOUR_MS + time.minute * MINUTE_MS : date.kind === 'later' ? msIntoTokyoDay(now) : DEFAULT_TIME_MS;
    requestedMs = instantAt(resolved.day, timeMs).getTime();
  } else if (time) {
    // A time alone is its next occurrence: "10時" said at 15:00 is tomorrow morning.
    const timeMs = time.hour * HOUR_MS + time.minute * MINUTE_MS;
    const today = tokyoDayNumber(now);
    const sameDay = instantAt(today, timeMs).getTime();
    requestedMs = sameDay > nowMs ? sameDay : instantAt(today + 1, timeMs).getTime();
  } else {
    return fail(WHEN_ERRORS.unparseable);
  }

  if (!Number.isFinite(requestedMs)) return fail(WHEN_ERRORS.tooFar, { maxDays: WHEN_MAX_DAYS_AHEAD });
  if (requestedMs <= nowMs) return fail(WHEN_ERRORS.inPast);
  if (requestedMs - nowMs > maxAheadMs) return fail(WHEN_ERRORS.tooFar, { maxDays: WHEN_MAX_DAYS_AHEAD });

  const requested = new Date(requestedMs);
  const at = cal.nextBusinessSlot(requested);
  return ok({ at, requested, adjusted: at.getTime() !== requestedMs });
}

function resolveDay(piece: Piece, now: Date, cal: WhenCalendar): DayOrError {
  const today = tokyoDayNumber(now);
  const { year, month, day: dom } = civilOfDay(today);
  switch (piece.kind) {
    case 'day_offset':
      return { day: today + piece.days };
    case 'later': {
      const { n, unit } = piece;
      // Checked before any arithmetic so that "99999999日後" is too far, not an Invalid Date.
      const atLeastDays = unit === 'week' ? n * 7 : unit === 'month' ? n * 28 : n;
      if (atLeastDays > WHEN_MAX_DAYS_AHEAD) return { code: WHEN_ERRORS.tooFar };
      if (unit === 'day') return { day: today + n };
      if (unit === 'week') return { day: today + 7 * n };
      if (unit === 'business_day') return { day: tokyoDayNumber(cal.businessDaysLater(now, n)) };
      // A month later is the same day of the month, or the month's last day (1/31 → 2/28).
      const target = month + n;
      return { day: dayNumberOf(year, target, Math.min(dom, daysInMonth(year, target))) };
    }
    case 'weekday': {
      const todayWeekday = weekdayOfDay(today);
      const ahead = (piece.weekday - todayWeekday + 7) % 7;
      if (piece.week === 'next_occurrence') return { day: today + (ahead === 0 ? 7 : ahead) };
      if (piece.week === 'this_or_next') return { day: today + ahead };
      // 今週・来週 count in Monday-to-Sunday weeks, the business week.
      const monday = today - ((todayWeekday + 6) % 7);
      const offset = (piece.weekday + 6) % 7;
      const weeks = piece.week === 'this_week' ? 0 : piece.week === 'next_week' ? 1 : 2;
      return { day: monday + 7 * weeks + offset };
    }
    case 'date': {
      if (piece.month < 1 || piece.month > 12 || piece.day < 1 || piece.day > 31) return { code: WHEN_ERRORS.invalidDate };
      // A date without a year is its next occurrence; today still counts as this year's.
      const y = piece.year ?? (piece.month * 100 + piece.day >= month * 100 + dom ? year : year + 1);
      if (!isValidCivilDate(y, piece.month, piece.day)) return { code: WHEN_ERRORS.invalidDate };
      return { day: dayNumberOf(y, piece.month, piece.day) };
    }
    case 'day_of_month': {
      if (piece.day < 1 || piece.day > 31) return { code: WHEN_ERRORS.invalidDate };
      if (piece.monthOffset !== null) {
        const target = month + piece.monthOffset;
        if (piece.day > daysInMonth(year, target)) return { code: WHEN_ERRORS.invalidDate };
        return { day: dayNumberOf(year, target, piece.day) };
      }
      // 「31日」 said in a 30-day month means the next month that has a 31st.
      for (let offset = piece.day >= dom ? 0 : 1; offset <= 3; offset++) {
        if (piece.day <= daysInMonth(year, month + offset)) return { day: dayNumberOf(year, month + offset, piece.day) };
      }
      return { code: WHEN_ERRORS.invalidDate };
    }
    default:
      return { code: WHEN_ERRORS.unparseable };
  }
}
