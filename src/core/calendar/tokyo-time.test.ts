import { describe, expect, it } from 'vitest';
import {
  dateKeyOfDay,
  daysInMonth,
  fromTokyo,
  isValidCivilDate,
  msIntoTokyoDay,
  tokyoDateKey,
  tokyoDayNumber,
  tokyoParts,
  weekdayOfDay,
} from './tokyo-time.js';

describe('Tokyo wall-clock time (fixed UTC+9)', () => {
  it('reads Tokyo fields from an instant, across the UTC date line', () => {
    // 2026-11-24T20:30Z is already Wednesday 05:30 in Tokyo.
    expect(tokyoParts(new Date('2026-11-24T20:30:00Z'))).toEqual({ year: 2026, month: 11, day: 25, hour: 5, minute: 30, weekday: 3 });
    expect(tokyoParts(new Date('2026-12-31T15:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 0, weekday: 5 });
    expect(tokyoParts(new Date('2026-12-31T14:59:59.999Z'))).toMatchObject({ year: 2026, month: 12, day: 31, hour: 23, minute: 59 });
  });

  it('builds an instant from a Tokyo time', () => {
    expect(fromTokyo(2026, 11, 24, 15, 0).toISOString()).toBe('2026-11-24T06:00:00.000Z');
    expect(fromTokyo(2027, 1, 1).toISOString()).toBe('2026-12-31T15:00:00.000Z');
    // Fields roll over, which date arithmetic relies on.
    expect(fromTokyo(2026, 11, 31, 9, 0).toISOString()).toBe(fromTokyo(2026, 12, 1, 9, 0).toISOString());
    expect(fromTokyo(2026, 13, 1).toISOString()).toBe(fromTokyo(2027, 1, 1).toISOString());
  });

  it('does not map years below 100 to the 1900s as Date.UTC would', () => {
    expect(tokyoParts(fromTokyo(50, 6, 1, 12, 0)).year).toBe(50);
  });

  it('round-trips every hour of a year', () => {
    for (let h = 0; h < 366 * 24; h += 7) {
      const instant = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);
      const p = tokyoParts(instant);
      expect(fromTokyo(p.year, p.month, p.day, p.hour, p.minute).getTime()).toBe(instant.getTime());
    }
  });

  it('numbers Tokyo days and knows their weekday', () => {
    const tue = fromTokyo(2026, 11, 24, 0, 0);
    expect(weekdayOfDay(tokyoDayNumber(tue))).toBe(2);
    expect(tokyoDayNumber(fromTokyo(2026, 11, 24, 23, 59))).toBe(tokyoDayNumber(tue));
    expect(tokyoDayNumber(fromTokyo(2026, 11, 25, 0, 0))).toBe(tokyoDayNumber(tue) + 1);
    expect(msIntoTokyoDay(fromTokyo(2026, 11, 24, 15, 30))).toBe((15 * 60 + 30) * 60_000);
    expect(dateKeyOfDay(tokyoDayNumber(tue))).toBe('2026-11-24');
    expect(tokyoDateKey(new Date('2026-11-24T15:00:00Z'))).toBe('2026-11-25');
    expect(weekdayOfDay(0)).toBe(4); // 1970-01-01 was a Thursday
    expect(weekdayOfDay(-1)).toBe(3);
  });

  it('validates calendar dates', () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 11)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(isValidCivilDate(2026, 2, 30)).toBe(false);
    expect(isValidCivilDate(2028, 2, 29)).toBe(true);
    expect(isValidCivilDate(2026, 13, 1)).toBe(false);
    expect(isValidCivilDate(2026, 0, 1)).toBe(false);
    expect(isValidCivilDate(2026, 4, 31)).toBe(false);
  });

  it('refuses an Invalid Date loudly: it is a bug, not input', () => {
    expect(() => tokyoParts(new Date(Number.NaN))).toThrow(RangeError);
  });
});
