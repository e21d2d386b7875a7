import { holidayName, loadBusinessCalendar } from '../../src/config/load-business-calendar.js';
import { parseWhen } from '../../src/core/calendar/parse-when.js';
import { fromTokyo } from '../../src/core/calendar/tokyo-time.js';

/**
 * Everything the calendar and the `<when>` parser answer for a fixed set of inputs, as plain
 * JSON: computed in this process and in child processes with other TZ settings, the answers
 * must be identical, because nothing may depend on the host's zone.
 */
export function timeZoneCases(): Record<string, unknown> {
  const cal = loadBusinessCalendar({ quietHours: { start: '12:00', end: '13:00' } });
  const iso = (d: Date) => d.toISOString();
  const instants = [
    '2026-11-23T14:59:00Z', // 23:59 on 勤労感謝の日 in Tokyo
    '2026-11-23T15:00:00Z', // Tuesday 00:00 in Tokyo, still Monday in UTC and in Los Angeles
    '2026-11-24T03:30:00Z', // Tuesday 12:30, lunch
    '2026-11-24T06:00:00Z', // Tuesday 15:00
    '2026-11-27T10:00:00Z', // Friday 19:00
    '2026-11-01T09:30:00Z', // the hour Los Angeles leaves daylight saving time
    '2026-03-08T10:30:00Z', // the hour Los Angeles enters daylight saving time
    '2026-05-01T08:00:00Z', // Friday 17:00 before Golden Week
    '2026-09-18T10:00:00Z', // Friday 19:00 before Silver Week (国民の休日 09-22)
    '2025-11-21T10:00:00Z', // Friday 19:00 before the 振替休日 2025-11-24
    '2026-12-28T08:30:00Z', // Monday 17:30, the last working day of 2026
    '2026-12-31T15:00:00Z', // 2027-01-01 00:00 in Tokyo
  ];
  const calendar = instants.map((s) => {
    const t = new Date(s);
    return {
      instant: s,
      parts: cal.tokyoParts(t),
      businessDay: cal.isBusinessDay(t),
      dayOff: cal.dayOffReason(t),
      officeHours: cal.isWithinOfficeHours(t),
      slot: iso(cal.nextBusinessSlot(t)),
      plus1Day: iso(cal.addBusinessDays(t, 1)),
      plus3Days: iso(cal.addBusinessDays(t, 3)),
      plus4Hours: iso(cal.addBusinessHours(t, 4)),
      morning: iso(cal.nextBusinessMorning(t)),
    };
  });
  const now = fromTokyo(2026, 11, 24, 15, 0);
  const examples = [
    '3日後', '3営業日後', '明日10時', '明日の10時半', '明後日', '来週月曜', '来週の月曜日 9:30', '月曜', '12月1日 10:00',
    '12/1 10時', '2026-12-01 10:00', '2026年12月1日', '今日の15時', '今日の16時', '午後3時', '1時間後', '30分後',
    'in 3 days', 'in 3 business days', 'in 2 hours', 'tomorrow 9am', 'tomorrow at 14:30', 'next Monday', 'monday 10am',
    'Dec 1 10:00', '1 December', 'today 3pm', '12月31日 10:00', '11月23日', '2026-11-01 10:00', 'asdf',
  ];
  const when = examples.map((text) => {
    const r = parseWhen(text, now, cal, 'ja');
    return r.ok ? { text, at: iso(r.value.at), requested: iso(r.value.requested), adjusted: r.value.adjusted } : { text, code: r.code };
  });
  return {
    fromTokyo: iso(fromTokyo(2026, 11, 24, 15, 0)),
    calendar,
    when,
    names: ['2026-05-06', '2026-09-22', '2025-11-24'].map((k) => [holidayName(k, 'ja'), holidayName(k, 'en')]),
  };
}
