/**
 * Wall-clock time in Asia/Tokyo, computed without Intl and without the host's zone.
 *
 * Japan has observed no daylight saving time since 1951, so Tokyo is a fixed UTC+9 and
 * shifting epoch milliseconds by nine hours gives Tokyo's calendar exactly; the UTC getters
 * of that shifted Date then read Tokyo's fields whatever TZ the server runs in.
 */

export const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface TokyoParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Epoch milliseconds of a valid Date; an Invalid Date here is a bug in the caller. */
export function epochMs(instant: Date): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date given to the Tokyo calendar');
  return ms;
}

export function tokyoParts(instant: Date): TokyoParts {
  const local = new Date(epochMs(instant) + TOKYO_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}

/**
 * The instant at a Tokyo wall-clock time. Out-of-range fields roll over (day 32 is the 1st of
 * the next month), which date arithmetic relies on; use `isValidCivilDate` to validate input.
 */
export function fromTokyo(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, 0, 0);
  return new Date(utc.getTime() - TOKYO_OFFSET_MS);
}

/** Days since 1970-01-01 in Tokyo: the unit every calendar computation steps by. */
export function tokyoDayNumber(instant: Date): number {
  return Math.floor((epochMs(instant) + TOKYO_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since Tokyo midnight. */
export function msIntoTokyoDay(instant: Date): number {
  const local = epochMs(instant) + TOKYO_OFFSET_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

export function instantAt(dayNumber: number, msIntoDay: number): Date {
  return new Date(dayNumber * DAY_MS + msIntoDay - TOKYO_OFFSET_MS);
}

export function dayNumberOf(year: number, month: number, day: number): number {
  return tokyoDayNumber(fromTokyo(year, month, day));
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function civilOfDay(dayNumber: number): CivilDate {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD', the key the holiday data uses. */
export function dateKeyOfDay(dayNumber: number): string {
  const { year, month, day } = civilOfDay(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function tokyoDateKey(instant: Date): string {
  return dateKeyOfDay(tokyoDayNumber(instant));
}

export function daysInMonth(year: number, month: number): number {
  return civilOfDay(dayNumberOf(year, month + 1, 1) - 1).day;
}

export function isValidCivilDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}
