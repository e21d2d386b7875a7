import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from './business-calendar.js';
import { JP_HOLIDAYS_2025_2027 } from './jp-holidays.fixture.js';
import { parseWhen, WHEN_ERRORS, WHEN_MAX_DAYS_AHEAD, type WhenLocale } from './parse-when.js';
import { fromTokyo, tokyoParts } from './tokyo-time.js';

const cal = createBusinessCalendar({ holidays: new Set(JP_HOLIDAYS_2025_2027) });
/** Tuesday 2026-11-24 15:00 in Tokyo, the day after 勤労感謝の日. */
const NOW = fromTokyo(2026, 11, 24, 15, 0);

const pad = (n: number) => String(n).padStart(2, '0');
const show = (instant: Date) => {
  const p = tokyoParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${'日月火水木金土'[p.weekday]} ${pad(p.hour)}:${pad(p.minute)}`;
};

/** `requested` alone when it is also `at`; `requested → at` when the reminder was moved. */
function when(text: string, now = NOW, locale: WhenLocale = 'ja'): string {
  const r = parseWhen(text, now, cal, locale);
  if (!r.ok) return r.code;
  const { requested, at, adjusted } = r.value;
  expect(adjusted).toBe(at.getTime() !== requested.getTime());
  return adjusted ? `${show(requested)} → ${show(at)}` : show(at);
}

describe('parseWhen: the Japanese examples (now: 火 2026-11-24 15:00)', () => {
  it.each([
    ['3日後', '2026-11-27 金 15:00'],
    ['3営業日後', '2026-11-27 金 15:00'],
    ['明日10時', '2026-11-25 水 10:00'],
    ['明日の10時半', '2026-11-25 水 10:30'],
    ['明後日', '2026-11-26 木 10:00'],
    ['来週月曜', '2026-11-30 月 10:00'],
    ['来週の月曜日 9:30', '2026-11-30 月 09:30'],
    ['月曜', '2026-11-30 月 10:00'],
    ['12月1日 10:00', '2026-12-01 火 10:00'],
    ['12/1 10時', '2026-12-01 火 10:00'],
    ['2026-12-01 10:00', '2026-12-01 火 10:00'],
    ['2026年12月1日', '2026-12-01 火 10:00'],
    ['今日の16時', '2026-11-24 火 16:00'],
    ['今日の15時', WHEN_ERRORS.inPast],
    ['午後3時', '2026-11-25 水 15:00'],
    ['1時間後', '2026-11-24 火 16:00'],
    ['30分後', '2026-11-24 火 15:30'],
  ])('%s', (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it.each([
    ['３日後', '2026-11-27 金 15:00'],
    ['１２月１日　１０：００', '2026-12-01 火 10:00'],
    ['１２／１　１０時', '2026-12-01 火 10:00'],
    ['２０２６−１２−０１　１０：００', '2026-12-01 火 10:00'],
    ['明日 午前10時', '2026-11-25 水 10:00'],
    ['明日10時に', '2026-11-25 水 10:00'],
    ['明日の午後2時半', '2026-11-25 水 14:30'],
    ['明日10時30分', '2026-11-25 水 10:30'],
    ['明日の朝9時', '2026-11-25 水 09:00'],
    ['明日夕方5時', '2026-11-25 水 17:00'],
    ['あした', '2026-11-25 水 10:00'],
    ['あさって 11:00', '2026-11-26 木 11:00'],
    ['しあさって', '2026-11-27 金 10:00'],
    ['本日17時', '2026-11-24 火 17:00'],
    ['明日正午', '2026-11-25 水 12:00'],
    ['来週の水曜日', '2026-12-02 水 10:00'],
    ['再来週金曜', '2026-12-11 金 10:00'],
    ['今週金曜 14時', '2026-11-27 金 14:00'],
    ['12月1日(火) 10:00', '2026-12-01 火 10:00'],
    ['12月1日（火曜日）', '2026-12-01 火 10:00'],
    ['2026/12/1', '2026-12-01 火 10:00'],
    ['来月1日', '2026-12-01 火 10:00'],
    ['来月の15日 9時', '2026-12-15 火 09:00'],
    ['27日', '2026-11-27 金 10:00'],
    ['1時間半後', '2026-11-24 火 16:30'],
    ['1時間30分後', '2026-11-24 火 16:30'],
    ['2週間後', '2026-12-08 火 15:00'],
    ['1ヶ月後', '2026-12-24 木 15:00'],
    ['1か月後', '2026-12-24 木 15:00'],
    ['3日後 10時', '2026-11-27 金 10:00'],
    ['3営業日後の9時', '2026-11-27 金 09:00'],
    // 32 days is a legitimate duration, not garbage.
    ['32日後', '2026-12-26 土 15:00 → 2026-12-28 月 09:00'],
    ['10時', '2026-11-25 水 10:00'],
    ['16時', '2026-11-24 火 16:00'],
  ])('%s', (text, expected) => {
    expect(when(text)).toBe(expected);
  });
});

describe('parseWhen: the English examples (now: Tue 2026-11-24 15:00 JST)', () => {
  it.each([
    ['in 3 days', '2026-11-27 金 15:00'],
    ['in 3 business days', '2026-11-27 金 15:00'],
    ['in 2 hours', '2026-11-24 火 17:00'],
    ['tomorrow 9am', '2026-11-25 水 09:00'],
    ['tomorrow at 14:30', '2026-11-25 水 14:30'],
    ['next Monday', '2026-11-30 月 10:00'],
    ['monday 10am', '2026-11-30 月 10:00'],
    ['Dec 1 10:00', '2026-12-01 火 10:00'],
    ['1 December', '2026-12-01 火 10:00'],
    ['2026-12-01 10:00', '2026-12-01 火 10:00'],
    ['today 4pm', '2026-11-24 火 16:00'],
    ['today 3pm', WHEN_ERRORS.inPast],
  ])('%s', (text, expected) => {
    expect(when(text, NOW, 'en')).toBe(expected);
  });

  it.each([
    ['Tomorrow 9 AM', '2026-11-25 水 09:00'],
    ['tomorrow at 9:30 a.m.', '2026-11-25 水 09:30'],
    ['10am tomorrow', '2026-11-25 水 10:00'],
    ['tomorrow at 10', '2026-11-25 水 10:00'],
    ['tomorrow noon', '2026-11-25 水 12:00'],
    ['the day after tomorrow', '2026-11-26 木 10:00'],
    ['in an hour', '2026-11-24 火 16:00'],
    ['in half an hour', '2026-11-24 火 15:30'],
    ['in 90 minutes', '2026-11-24 火 16:30'],
    ['in 1.5 hours', '2026-11-24 火 16:30'],
    ['in a week', '2026-12-01 火 15:00'],
    ['in 1 month', '2026-12-24 木 15:00'],
    ['in 2 working days', '2026-11-26 木 15:00'],
    ['3 days later', '2026-11-27 金 15:00'],
    ['2 hours from now', '2026-11-24 火 17:00'],
    ['in 3 days at 9am', '2026-11-27 金 09:00'],
    ['on Monday at 9:30', '2026-11-30 月 09:30'],
    ['Mon 10am', '2026-11-30 月 10:00'],
    ['this Friday 2pm', '2026-11-27 金 14:00'],
    ['December 1st, 2026 at 10:00', '2026-12-01 火 10:00'],
    ['Dec. 1', '2026-12-01 火 10:00'],
    ['1st of December 3:30 pm', '2026-12-01 火 15:30'],
    ['Tuesday, Dec 1', '2026-12-01 火 10:00'],
    ['12/1 10am', '2026-12-01 火 10:00'],
    ['5pm', '2026-11-24 火 17:00'],
  ])('%s', (text, expected) => {
    expect(when(text, NOW, 'en')).toBe(expected);
  });

  it('reads both languages whatever the locale, the same way', () => {
    for (const text of ['明日10時', 'tomorrow 9am', 'tomorrow 10時', '来週月曜 10am', 'in 3 days', '12月1日 10:00']) {
      expect(when(text, NOW, 'en')).toBe(when(text, NOW, 'ja'));
    }
  });
});

describe('parseWhen: moved into the next business slot', () => {
  it.each([
    ['12月31日 10:00', '2026-12-31 木 10:00 → 2027-01-04 月 09:00'],
    ['Dec 31 10:00', '2026-12-31 木 10:00 → 2027-01-04 月 09:00'],
    ['明日20時', '2026-11-25 水 20:00 → 2026-11-26 木 09:00'],
    ['tomorrow 7am', '2026-11-25 水 07:00 → 2026-11-25 水 09:00'],
    ['土曜', '2026-11-28 土 10:00 → 2026-11-30 月 09:00'],
    ['saturday 10am', '2026-11-28 土 10:00 → 2026-11-30 月 09:00'],
    ['3時間後', '2026-11-24 火 18:00 → 2026-11-25 水 09:00'],
    // 勤労感謝の日 2027 falls on a Tuesday; a year-less date already past this year is next year's.
    ['11月23日', '2027-11-23 火 10:00 → 2027-11-24 水 09:00'],
    ['2027-05-04 10:00', '2027-05-04 火 10:00 → 2027-05-06 木 09:00'],
  ])('%s', (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it('counts business hours on the calendar: what was asked is already a slot', () => {
    expect(when('3営業時間後')).toBe('2026-11-25 水 09:00');
    expect(when('in 4 business hours')).toBe('2026-11-25 水 10:00');
  });

  it('skips holidays when counting business days, keeping the time of day', () => {
    // From Friday 11-20: Monday 11-23 is 勤労感謝の日.
    expect(when('1営業日後', fromTokyo(2026, 11, 20, 11, 0))).toBe('2026-11-24 火 11:00');
    expect(when('in 3 business days', fromTokyo(2026, 4, 28, 11, 0), 'en')).toBe('2026-05-07 木 11:00');
  });
});

describe('parseWhen: how weekdays and year-less dates are read', () => {
  const monday = fromTokyo(2026, 11, 30, 8, 0);
  const sunday = fromTokyo(2026, 11, 29, 20, 0);

  it('a bare weekday is its next occurrence, never today', () => {
    expect(when('月曜 10時', monday)).toBe('2026-12-07 月 10:00');
    expect(when('monday 10am', monday, 'en')).toBe('2026-12-07 月 10:00');
    expect(when('火曜', monday)).toBe('2026-12-01 火 10:00');
  });

  it('来週 and "next" are the Monday-to-Sunday week after this one', () => {
    expect(when('来週月曜', monday)).toBe('2026-12-07 月 10:00');
    expect(when('next monday', monday, 'en')).toBe('2026-12-07 月 10:00');
    // On a Sunday, next week starts tomorrow.
    expect(when('来週月曜', sunday)).toBe('2026-11-30 月 10:00');
    expect(when('next friday', sunday, 'en')).toBe('2026-12-04 金 10:00');
    expect(when('next friday', monday, 'en')).toBe('2026-12-11 金 10:00');
  });

  it('今週 is this week, even when that day has passed; "this" is the coming one, today included', () => {
    expect(when('今週月曜')).toBe(WHEN_ERRORS.inPast);
    expect(when('今週金曜')).toBe('2026-11-27 金 10:00');
    expect(when('this monday 10am', monday, 'en')).toBe('2026-11-30 月 10:00');
    expect(when('this monday', NOW, 'en')).toBe('2026-11-30 月 10:00');
  });

  it('a date without a year is the next occurrence, today counting as this year', () => {
    expect(when('11月24日 16時')).toBe('2026-11-24 火 16:00');
    expect(when('11月24日')).toBe(WHEN_ERRORS.inPast);
    const midDecember = fromTokyo(2026, 12, 15, 10, 0);
    expect(when('1月5日', midDecember)).toBe('2027-01-05 火 10:00');
    expect(when('Jan 5 2pm', midDecember, 'en')).toBe('2027-01-05 火 14:00');
    expect(when('12/1', midDecember)).toBe('2027-12-01 水 10:00');
  });

  it('a day of the month alone is the next month that has it', () => {
    expect(when('31日')).toBe('2026-12-31 木 10:00 → 2027-01-04 月 09:00');
    expect(when('20日')).toBe('2026-12-20 日 10:00 → 2026-12-21 月 09:00');
  });

  it('a time alone is its next occurrence', () => {
    expect(when('10時')).toBe('2026-11-25 水 10:00');
    expect(when('午後3時')).toBe('2026-11-25 水 15:00');
    expect(when('3:01pm', NOW, 'en')).toBe('2026-11-24 火 15:01');
  });

  it('12 o’clock follows the English convention on a 12-hour clock', () => {
    expect(when('明日 午後12時')).toBe('2026-11-25 水 12:00');
    expect(when('明日 午後0時')).toBe('2026-11-25 水 12:00');
    expect(when('tomorrow 12pm', NOW, 'en')).toBe('2026-11-25 水 12:00');
    expect(when('tomorrow 12am', NOW, 'en')).toBe('2026-11-25 水 00:00 → 2026-11-25 水 09:00');
  });
});

describe('parseWhen: refusals', () => {
  it.each([
    'asdf',
    '',
    '   ',
    '明後日の明後日の',
    '明日 明日',
    'tomorrow tomorrow',
    '10時 11時',
    '来週',
    'next week',
    'soon',
    '明日 朝',
    'in 1.5 days',
    '3日後 1時間後',
    '1時間後 10時',
    '(火)',
    '12月',
    '2026年',
    '2026-12-01T10:00',
    'remind me tomorrow',
    'tomorrow 9am please',
    '<script>alert(1)</script>',
    '10',
    '来週月曜 火曜',
    'Dec 1 Dec 2',
    '明日'.repeat(60),
  ])('%j is unparseable', (text) => {
    expect(parseWhen(text, NOW, cal, 'ja')).toEqual({ ok: false, code: WHEN_ERRORS.unparseable });
  });

  it.each(['2月30日', '2026-02-30', '2027-02-29 10:00', '13/1', '32日', '4月31日', 'Feb 30', '2026-13-01', '今月31日', '0日'])(
    '%j is an invalid date',
    (text) => {
      expect(parseWhen(text, NOW, cal, 'ja')).toEqual({ ok: false, code: WHEN_ERRORS.invalidDate });
    },
  );

  it.each(['25時', '明日25時', '10:75', '24:00', '13pm', '午後13時', '明日10時60分'])('%j is an invalid time', (text) => {
    expect(parseWhen(text, NOW, cal, 'ja')).toEqual({ ok: false, code: WHEN_ERRORS.invalidTime });
  });

  it.each(['12月1日(月)', 'Monday, Dec 1', '明日(金)'])('%j names the wrong weekday', (text) => {
    expect(parseWhen(text, NOW, cal, 'ja')).toEqual({ ok: false, code: WHEN_ERRORS.weekdayMismatch });
  });

  it.each(['今日の15時', 'today 3pm', '今日', '2026-11-24 14:59', '2020-01-01', '11月24日 9時', '0分後', 'in 0 days'])(
    '%j is in the past',
    (text) => {
      expect(parseWhen(text, NOW, cal, 'ja')).toEqual({ ok: false, code: WHEN_ERRORS.inPast });
    },
  );

  it.each(['in 400 days', '367日後', '2027-11-26', '2028-01-01 10:00', '13ヶ月後', 'in 60 weeks', '99999999999999999999日後', 'in 9999 business hours', '9999-12-31'])(
    '%j is too far ahead',
    (text) => {
      expect(parseWhen(text, NOW, cal, 'ja')).toEqual({ ok: false, code: WHEN_ERRORS.tooFar, params: { maxDays: WHEN_MAX_DAYS_AHEAD } });
    },
  );

  it('accepts up to 366 days ahead', () => {
    expect(when('366日後')).toBe('2027-11-25 木 15:00');
    expect(when('2027-11-25 15:00')).toBe('2027-11-25 木 15:00');
    expect(when('2027-11-25 15:01')).toBe(WHEN_ERRORS.tooFar);
  });

  it('never throws, whatever it is given', () => {
    const alphabet = [...'0123456789 :/-.,()年月日時分半後週営業来再今明後午前後正の曜火水木金土にampinodaysweek', 'in ', 'next ', 'dec ', 'tomorrow ', '時間', 'ヶ月', '１', '：'];
    let seed = 42;
    const random = () => {
      // A fixed-seed generator: a failure must be reproducible.
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const codes = new Set<string>(Object.values(WHEN_ERRORS));
    for (let i = 0; i < 5000; i++) {
      const length = 1 + Math.floor(random() * 12);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] ?? '').join('');
      const r = parseWhen(text, NOW, cal, i % 2 === 0 ? 'ja' : 'en');
      if (r.ok) {
        expect(r.value.requested.getTime(), text).toBeGreaterThan(NOW.getTime());
        expect(r.value.requested.getTime() - NOW.getTime(), text).toBeLessThanOrEqual(WHEN_MAX_DAYS_AHEAD * 86_400_000);
        expect(cal.isBusinessSlot(r.value.at), text).toBe(true);
        expect(r.value.at.getTime(), text).toBeGreaterThanOrEqual(r.value.requested.getTime());
      } else {
        expect(codes.has(r.code), `${text}: ${r.code}`).toBe(true);
      }
    }
  });

  it('does not throw on input that is not even a string at run time', () => {
    expect(parseWhen(undefined as unknown as string, NOW, cal, 'ja')).toEqual({ ok: false, code: WHEN_ERRORS.unparseable });
  });
});
