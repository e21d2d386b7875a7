import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, type BusinessCalendarOptions } from './business-calendar.js';
import { JP_HOLIDAYS_2025_2027 } from './jp-holidays.fixture.js';
import { dateKeyOfDay, fromTokyo, tokyoDayNumber, tokyoParts } from './tokyo-time.js';

const holidays = new Set(JP_HOLIDAYS_2025_2027);
const cal = createBusinessCalendar({ holidays });
const lunch = createBusinessCalendar({ holidays, quietHours: { start: '12:00', end: '13:00' } });

const jst = (y: number, mo: number, d: number, h = 0, mi = 0) => fromTokyo(y, mo, d, h, mi);
const pad = (n: number) => String(n).padStart(2, '0');
/** Tokyo time with its weekday, so a failing assertion reads like a calendar. */
const show = (instant: Date) => {
  const p = tokyoParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${'日月火水木金土'[p.weekday]} ${pad(p.hour)}:${pad(p.minute)}`;
};

describe('business days', () => {
  it.each([
    ['Tuesday', jst(2026, 11, 24, 10), true, null],
    ['Saturday', jst(2026, 11, 28, 10), false, 'weekend'],
    ['Sunday', jst(2026, 11, 29, 10), false, 'weekend'],
    ['勤労感謝の日 on a Monday', jst(2026, 11, 23, 10), false, 'holiday'],
    ['振替休日 for 勤労感謝の日 on Sunday 2025-11-23', jst(2025, 11, 24, 10), false, 'holiday'],
    ['振替休日 after Golden Week 2026 (憲法記念日 on Sunday)', jst(2026, 5, 6, 10), false, 'holiday'],
    ['国民の休日 between 敬老の日 and 秋分の日', jst(2026, 9, 22, 10), false, 'holiday'],
    ['the Friday inside Golden Week', jst(2026, 5, 1, 10), true, null],
    ['the day after Golden Week', jst(2026, 5, 7, 10), true, null],
    ['the last working day of the year', jst(2026, 12, 28, 10), true, null],
    ['12-29, closed for the year end', jst(2026, 12, 29, 10), false, 'year_end_closure'],
    ['12-31', jst(2026, 12, 31, 10), false, 'year_end_closure'],
    ['元日', jst(2027, 1, 1, 10), false, 'holiday'],
    ['01-03 (a Sunday in 2027)', jst(2027, 1, 3, 10), false, 'weekend'],
    ['2026-01-02, a Friday closed for the new year', jst(2026, 1, 2, 10), false, 'year_end_closure'],
    ['the first working day of 2027', jst(2027, 1, 4, 10), true, null],
  ] as const)('%s', (_label, instant, business, reason) => {
    expect(cal.isBusinessDay(instant)).toBe(business);
    expect(cal.dayOffReason(instant)).toBe(reason);
  });

  it('decides by the Tokyo date, not the UTC date', () => {
    // 2026-11-23T15:00Z is Tuesday 00:00 in Tokyo, while it is still Monday (a holiday) in UTC.
    expect(cal.isBusinessDay(new Date('2026-11-23T15:00:00Z'))).toBe(true);
    expect(cal.isBusinessDay(new Date('2026-11-23T14:59:59Z'))).toBe(false);
  });
});

describe('office hours and quiet hours', () => {
  it('are [start, end) on business days only', () => {
    expect(cal.isWithinOfficeHours(jst(2026, 11, 24, 9, 0))).toBe(true);
    expect(cal.isWithinOfficeHours(jst(2026, 11, 24, 8, 59))).toBe(false);
    expect(cal.isWithinOfficeHours(new Date(jst(2026, 11, 24, 18, 0).getTime() - 1))).toBe(true);
    expect(cal.isWithinOfficeHours(jst(2026, 11, 24, 18, 0))).toBe(false);
    expect(cal.isWithinOfficeHours(jst(2026, 11, 23, 10, 0))).toBe(false);
    expect(cal.isWithinOfficeHours(jst(2026, 11, 28, 10, 0))).toBe(false);
  });

  it('quiet hours are still office hours but not a slot to send in', () => {
    expect(lunch.isWithinOfficeHours(jst(2026, 11, 24, 12, 30))).toBe(true);
    expect(lunch.isBusinessSlot(jst(2026, 11, 24, 12, 30))).toBe(false);
    expect(lunch.isBusinessSlot(jst(2026, 11, 24, 11, 59))).toBe(true);
    expect(lunch.isBusinessSlot(jst(2026, 11, 24, 13, 0))).toBe(true);
  });
});

describe('nextBusinessSlot', () => {
  it('is the instant itself inside office hours on a business day', () => {
    const t = new Date(jst(2026, 11, 24, 15, 0).getTime() + 12_345);
    expect(cal.nextBusinessSlot(t).getTime()).toBe(t.getTime());
  });

  it.each([
    ['before opening', jst(2026, 11, 24, 7, 30), '2026-11-24 火 09:00'],
    ['after closing', jst(2026, 11, 24, 18, 0), '2026-11-25 水 09:00'],
    ['Friday evening → Monday', jst(2026, 11, 27, 19, 0), '2026-11-30 月 09:00'],
    ['Saturday', jst(2026, 11, 28, 10, 0), '2026-11-30 月 09:00'],
    ['Friday evening before a holiday Monday', jst(2026, 11, 20, 18, 30), '2026-11-24 火 09:00'],
    ['Golden Week 2026 (05-02 … 05-06 closed)', jst(2026, 5, 1, 19, 0), '2026-05-07 木 09:00'],
    ['the year end', jst(2026, 12, 28, 18, 0), '2027-01-04 月 09:00'],
    ['New Year’s Eve', jst(2026, 12, 31, 10, 0), '2027-01-04 月 09:00'],
    ['国民の休日 (Silver Week 2026)', jst(2026, 9, 19, 10, 0), '2026-09-24 木 09:00'],
    ['振替休日 2025-11-24', jst(2025, 11, 22, 10, 0), '2025-11-25 火 09:00'],
  ] as const)('%s', (_label, instant, expected) => {
    expect(show(cal.nextBusinessSlot(instant))).toBe(expected);
  });

  it('moves out of quiet hours to their end', () => {
    expect(show(lunch.nextBusinessSlot(jst(2026, 11, 24, 12, 0)))).toBe('2026-11-24 火 13:00');
    expect(show(lunch.nextBusinessSlot(jst(2026, 11, 24, 12, 59)))).toBe('2026-11-24 火 13:00');
  });

  it('handles quiet hours over midnight and at the opening', () => {
    const evening = createBusinessCalendar({ holidays, quietHours: { start: '17:00', end: '08:00' } });
    expect(show(evening.nextBusinessSlot(jst(2026, 11, 24, 17, 30)))).toBe('2026-11-25 水 09:00');
    expect(show(evening.nextBusinessSlot(jst(2026, 11, 24, 16, 59)))).toBe('2026-11-24 火 16:59');
    const lateStart = createBusinessCalendar({ holidays, quietHours: { start: '08:00', end: '09:30' } });
    expect(show(lateStart.nextBusinessSlot(jst(2026, 11, 24, 9, 0)))).toBe('2026-11-24 火 09:30');
    expect(show(lateStart.nextBusinessMorning(jst(2026, 11, 24, 9, 0)))).toBe('2026-11-25 水 09:30');
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['Tuesday + 1', jst(2026, 11, 24, 15), 1, '2026-11-25 水 15:00'],
    ['Tuesday + 3', jst(2026, 11, 24, 15), 3, '2026-11-27 金 15:00'],
    ['Friday + 1 skips the weekend', jst(2026, 11, 27, 15), 1, '2026-11-30 月 15:00'],
    ['Saturday + 1 is Monday', jst(2026, 11, 28, 15), 1, '2026-11-30 月 15:00'],
    ['Friday + 1 skips a holiday Monday', jst(2026, 11, 20, 10), 1, '2026-11-24 火 10:00'],
    ['through Golden Week', jst(2026, 4, 28, 10), 3, '2026-05-07 木 10:00'],
    ['through the year end', jst(2026, 12, 25, 10), 2, '2027-01-04 月 10:00'],
    ['0 days inside office hours', jst(2026, 11, 24, 15), 0, '2026-11-24 火 15:00'],
    ['an evening time is moved to the next morning', jst(2026, 11, 27, 20), 1, '2026-12-01 火 09:00'],
  ] as const)('%s', (_label, from, n, expected) => {
    expect(show(cal.addBusinessDays(from, n))).toBe(expected);
  });

  it('businessDaysLater keeps the time of day, even outside office hours', () => {
    expect(show(cal.businessDaysLater(jst(2026, 11, 27, 20), 1))).toBe('2026-11-30 月 20:00');
  });

  it('refuses counts that are not whole and non-negative', () => {
    expect(() => cal.addBusinessDays(jst(2026, 11, 24), -1)).toThrow(RangeError);
    expect(() => cal.addBusinessDays(jst(2026, 11, 24), 1.5)).toThrow(RangeError);
  });
});

describe('addBusinessHours', () => {
  it.each([
    ['within the day', cal, jst(2026, 11, 24, 15), 2, '2026-11-24 火 17:00'],
    ['ending exactly at closing time is the next morning', cal, jst(2026, 11, 24, 15), 3, '2026-11-25 水 09:00'],
    ['over the evening', cal, jst(2026, 11, 24, 15), 4, '2026-11-25 水 10:00'],
    ['over the weekend', cal, jst(2026, 11, 27, 17), 2, '2026-11-30 月 10:00'],
    ['from a Saturday', cal, jst(2026, 11, 28, 10), 1, '2026-11-30 月 10:00'],
    ['from before opening', cal, jst(2026, 11, 24, 7), 1, '2026-11-24 火 10:00'],
    ['from after closing', cal, jst(2026, 11, 24, 20), 1, '2026-11-25 水 10:00'],
    ['zero hours at night is the next opening', cal, jst(2026, 11, 24, 20), 0, '2026-11-25 水 09:00'],
    ['a whole office day', cal, jst(2026, 11, 24, 9), 9, '2026-11-25 水 09:00'],
    ['over Golden Week', cal, jst(2026, 5, 1, 16), 4, '2026-05-07 木 11:00'],
    ['over the year end', cal, jst(2026, 12, 28, 17), 8, '2027-01-04 月 16:00'],
    ['fractions of an hour', cal, jst(2026, 11, 24, 10), 0.5, '2026-11-24 火 10:30'],
    ['lunch counts as office time', lunch, jst(2026, 11, 24, 10), 4, '2026-11-24 火 14:00'],
    ['landing in lunch is moved to its end', lunch, jst(2026, 11, 24, 10), 2, '2026-11-24 火 13:00'],
  ] as const)('%s', (_label, c, from, hours, expected) => {
    expect(show(c.addBusinessHours(from, hours))).toBe(expected);
  });

  it('refuses a negative or non-finite count', () => {
    expect(() => cal.addBusinessHours(jst(2026, 11, 24), -1)).toThrow(RangeError);
    expect(() => cal.addBusinessHours(jst(2026, 11, 24), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('nextBusinessMorning', () => {
  it.each([
    ['a Tuesday afternoon', jst(2026, 11, 24, 15), '2026-11-25 水 09:00'],
    ['a Tuesday before opening is still the next day', jst(2026, 11, 24, 7), '2026-11-25 水 09:00'],
    ['a Friday', jst(2026, 11, 27, 10), '2026-11-30 月 09:00'],
    ['the day before a holiday Monday', jst(2026, 11, 20, 10), '2026-11-24 火 09:00'],
    ['the last working day of the year', jst(2026, 12, 28, 10), '2027-01-04 月 09:00'],
    ['the Tuesday before Golden Week 2026', jst(2026, 4, 28, 10), '2026-04-30 木 09:00'],
  ] as const)('%s', (_label, from, expected) => {
    expect(show(cal.nextBusinessMorning(from))).toBe(expected);
  });
});

describe('settings', () => {
  it('uses 09:00–18:00, no quiet hours and the 12-29 → 01-03 closure by default', () => {
    expect(cal.officeHours).toEqual({ start: '09:00', end: '18:00' });
    expect(cal.quietHours).toBeNull();
    expect(cal.yearEndClosure).toEqual({ from: '12-29', to: '01-03' });
  });

  it('takes other office hours', () => {
    const c = createBusinessCalendar({ holidays, officeHours: { start: '10:00', end: '17:30' } });
    expect(show(c.nextBusinessSlot(jst(2026, 11, 24, 9, 30)))).toBe('2026-11-24 火 10:00');
    expect(show(c.nextBusinessSlot(jst(2026, 11, 24, 17, 30)))).toBe('2026-11-25 水 10:00');
    expect(show(c.addBusinessHours(jst(2026, 11, 24, 17), 1))).toBe('2026-11-25 水 10:30');
  });

  it('can turn the year-end closure off (null) or change it', () => {
    const open = createBusinessCalendar({ holidays, yearEndClosure: null });
    expect(open.isBusinessDay(jst(2026, 12, 30, 10))).toBe(true);
    expect(open.isBusinessDay(jst(2027, 1, 1, 10))).toBe(false);
    const longer = createBusinessCalendar({ holidays, yearEndClosure: { from: '12-26', to: '01-05' } });
    expect(show(longer.nextBusinessSlot(jst(2026, 12, 25, 19)))).toBe('2027-01-06 水 09:00');
    // A closure that does not wrap around the new year works too (お盆).
    const obon = createBusinessCalendar({ holidays, yearEndClosure: { from: '08-13', to: '08-16' } });
    expect(obon.dayOffReason(jst(2026, 8, 14, 10))).toBe('year_end_closure');
    expect(obon.isBusinessDay(jst(2026, 12, 30, 10))).toBe(true);
  });

  it.each<[string, Partial<BusinessCalendarOptions>, RegExp]>([
    ['closing before opening', { officeHours: { start: '18:00', end: '09:00' } }, /officeHours/],
    ['not a time', { officeHours: { start: '9am', end: '18:00' } }, /HH:MM/],
    ['minute 60', { officeHours: { start: '09:60', end: '18:00' } }, /time of day/],
    ['hour 25', { officeHours: { start: '09:00', end: '25:00' } }, /time of day/],
    ['empty quiet hours', { quietHours: { start: '12:00', end: '12:00' } }, /quietHours/],
    ['quiet hours covering the office day', { quietHours: { start: '08:00', end: '19:00' } }, /cover all of office hours/],
    ['month 13', { yearEndClosure: { from: '13-01', to: '01-03' } }, /day of the year/],
  ])('refuses %s with a RangeError naming the setting', (_label, settings, message) => {
    expect(() => createBusinessCalendar({ holidays, ...settings })).toThrow(RangeError);
    expect(() => createBusinessCalendar({ holidays, ...settings })).toThrow(message);
  });

  it('accepts a single-digit hour and 24:00 as the end of the day', () => {
    const c = createBusinessCalendar({ holidays, officeHours: { start: '9:00', end: '24:00' } });
    expect(c.isWithinOfficeHours(jst(2026, 11, 24, 23, 59))).toBe(true);
  });

  it('keeps its own copy of the holidays', () => {
    const mine = new Set<string>();
    const c = createBusinessCalendar({ holidays: mine });
    mine.add('2026-11-24');
    expect(c.isBusinessDay(jst(2026, 11, 24, 10))).toBe(true);
  });

  it('fails loudly, not forever, on holiday data that closes every day', () => {
    const start = tokyoDayNumber(jst(2026, 1, 1));
    const everyDay = new Set(Array.from({ length: 800 }, (_, i) => dateKeyOfDay(start + i)));
    const broken = createBusinessCalendar({ holidays: everyDay });
    expect(() => broken.nextBusinessSlot(jst(2026, 1, 5, 10))).toThrow(/holiday data/);
  });

  it('exposes Tokyo time conversions', () => {
    expect(cal.tokyoParts(new Date('2026-11-24T06:00:00Z'))).toEqual({ year: 2026, month: 11, day: 24, hour: 15, minute: 0, weekday: 2 });
    expect(cal.fromTokyo(2026, 11, 24, 15, 0).toISOString()).toBe('2026-11-24T06:00:00.000Z');
  });
});
