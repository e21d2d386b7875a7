import holidayData from '@holiday-jp/holiday_jp/lib/holidays.js';
import { describe, expect, it } from 'vitest';
import { holidayName, loadBusinessCalendar } from '../../src/config/load-business-calendar.js';
import { ConfigError } from '../../src/config/config-error.js';
import { JP_HOLIDAYS_2025_2027 } from '../../src/core/calendar/jp-holidays.fixture.js';
import { parseWhen } from '../../src/core/calendar/parse-when.js';
import { fromTokyo, tokyoParts } from '../../src/core/calendar/tokyo-time.js';

const cal = loadBusinessCalendar();
const jst = (y: number, mo: number, d: number, h = 10, mi = 0) => fromTokyo(y, mo, d, h, mi);
const pad = (n: number) => String(n).padStart(2, '0');
const show = (instant: Date) => {
  const p = tokyoParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${'日月火水木金土'[p.weekday]} ${pad(p.hour)}:${pad(p.minute)}`;
};

describe('loadBusinessCalendar: the real holiday data', () => {
  it('covers 1970–2050', () => {
    const keys = Object.keys(holidayData).sort();
    expect(keys[0]).toBe('1970-01-01');
    expect(keys.at(-1)?.startsWith('2050-')).toBe(true);
    expect(cal.isBusinessDay(jst(1970, 1, 1))).toBe(false);
    expect(cal.dayOffReason(jst(2050, 11, 23))).toBe('holiday');
  });

  it('matches the copy the core tests use', () => {
    const fromData = Object.keys(holidayData).filter((k) => k >= '2025' && k < '2028');
    expect([...JP_HOLIDAYS_2025_2027].sort()).toEqual(fromData.sort());
  });

  it.each([
    ['勤労感謝の日 on Sunday 2025-11-23 → 振替休日 on Monday 11-24', jst(2025, 11, 24)],
    ['憲法記念日 on Sunday 2026-05-03 → 振替休日 on Wednesday 05-06', jst(2026, 5, 6)],
    ['みどりの日 on Sunday 2025-05-04 → 振替休日 on Tuesday 05-06', jst(2025, 5, 6)],
    ['春分の日 on Sunday 2027-03-21 → 振替休日 on Monday 03-22', jst(2027, 3, 22)],
    ['国民の休日 2026-09-22 between 敬老の日 and 秋分の日', jst(2026, 9, 22)],
    ['昭和の日 2026-04-29', jst(2026, 4, 29)],
    ['天皇誕生日 2026-02-23', jst(2026, 2, 23)],
    ['the enthronement holiday 2019-05-01', jst(2019, 5, 1)],
    ['the Olympic スポーツの日 moved to 2021-07-23', jst(2021, 7, 23)],
  ])('%s is a holiday', (_label, instant) => {
    expect(cal.dayOffReason(instant)).toBe('holiday');
  });

  it('closes Golden Week 2026 from Wednesday 04-29 and 05-02 … 05-06, open 04-30, 05-01 and 05-07', () => {
    const open = [4, 30, 5, 1, 5, 7];
    for (let i = 0; i < open.length; i += 2) expect(cal.isBusinessDay(jst(2026, open[i] ?? 0, open[i + 1] ?? 0))).toBe(true);
    for (const [m, d] of [[4, 29], [5, 2], [5, 3], [5, 4], [5, 5], [5, 6]] as const) expect(cal.isBusinessDay(jst(2026, m, d))).toBe(false);
    expect(show(cal.nextBusinessSlot(jst(2026, 5, 1, 18, 0)))).toBe('2026-05-07 木 09:00');
    expect(show(cal.addBusinessDays(jst(2026, 4, 30, 11, 0), 2))).toBe('2026-05-07 木 11:00');
  });

  it('closes the year end 12-29 … 01-03 on top of 元日', () => {
    for (let d = 29; d <= 31; d++) expect(cal.dayOffReason(jst(2025, 12, d))).not.toBeNull();
    expect(cal.dayOffReason(jst(2026, 1, 2))).toBe('year_end_closure');
    expect(cal.dayOffReason(jst(2026, 1, 1))).toBe('holiday');
    expect(cal.isBusinessDay(jst(2025, 12, 26))).toBe(true);
    expect(show(cal.nextBusinessMorning(jst(2025, 12, 26, 15)))).toBe('2026-01-05 月 09:00');
  });

  it('takes office hours, quiet hours and the year-end closure from configuration', () => {
    const custom = loadBusinessCalendar({
      officeHours: { start: '08:30', end: '17:15' },
      quietHours: { start: '12:00', end: '13:00' },
      yearEndClosure: null,
    });
    expect(custom.officeHours).toEqual({ start: '08:30', end: '17:15' });
    expect(show(custom.nextBusinessSlot(jst(2026, 12, 30, 12, 10)))).toBe('2026-12-30 水 13:00');
    expect(show(custom.nextBusinessSlot(jst(2026, 12, 30, 17, 15)))).toBe('2026-12-31 木 08:30');
    // As config/reminders.json writes "no quiet hours".
    expect(loadBusinessCalendar({ quietHours: null }).quietHours).toBeNull();
  });

  it('stops the start with one ConfigError naming every bad setting', () => {
    const load = () => loadBusinessCalendar({ officeHours: { start: '18:00', end: '9:00' }, quietHours: { start: '12', end: '13:00' } });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^business calendar: .*quietHours\.start: expected a time as HH:MM/);
    expect(load).toThrow(/officeHours: office hours must start before they end/);
    expect(() => loadBusinessCalendar({ quietHours: { start: '00:00', end: '23:59' } })).toThrow(/cover all of office hours/);
  });

  it('parses <when> against the real calendar', () => {
    const now = fromTokyo(2026, 11, 20, 15, 0); // Friday before 勤労感謝の日 (Monday 11-23)
    const r = parseWhen('月曜 10時', now, cal, 'ja');
    expect(r.ok && [show(r.value.requested), show(r.value.at), r.value.adjusted]).toEqual(['2026-11-23 月 10:00', '2026-11-24 火 09:00', true]);
    const e = parseWhen('in 1 business day', now, cal, 'en');
    expect(e.ok && show(e.value.at)).toBe('2026-11-24 火 15:00');
  });
});

describe('holidayName', () => {
  it.each([
    ['2026-11-23', '勤労感謝の日', 'Labor Thanksgiving Day'],
    ['2026-01-01', '元日', "New Year's Day"],
    ['2026-09-22', '国民の休日', "Citizen's Holiday"],
    ['2025-11-24', '振替休日（勤労感謝の日）', 'Holiday in lieu (Labor Thanksgiving Day)'],
    // The data labels these こどもの日 振替休日; they replace the Sunday holiday of their year.
    ['2026-05-06', '振替休日（憲法記念日）', 'Holiday in lieu (Constitution Memorial Day)'],
    ['2025-05-06', '振替休日（みどりの日）', 'Holiday in lieu (Greenery Day)'],
    ['2024-05-06', '振替休日（こどもの日）', "Holiday in lieu (Children's Day)"],
    ['2019-05-01', '休日（祝日扱い）', 'Holiday'],
  ])('%s', (key, ja, en) => {
    expect(holidayName(key, 'ja')).toBe(ja);
    expect(holidayName(key, 'en')).toBe(en);
  });

  it('is undefined on a day that is no national holiday (the year-end closure is not one)', () => {
    expect(holidayName('2026-11-24', 'ja')).toBeUndefined();
    expect(holidayName('2026-12-31', 'en')).toBeUndefined();
    expect(holidayName('not a date', 'en')).toBeUndefined();
  });
});
