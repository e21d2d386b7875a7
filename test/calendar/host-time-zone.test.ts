import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { timeZoneCases } from './time-zone-cases.js';

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const script = fileURLToPath(new URL('./print-time-zone-cases.ts', import.meta.url));

interface Printed {
  tz: string | null;
  hostOffsetMinutes: number;
  cases: unknown;
}

async function casesIn(tz: string): Promise<Printed> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
    cwd: projectRoot,
    env: { ...process.env, TZ: tz },
    maxBuffer: 10 * 1024 * 1024,
  });
  const printed: unknown = JSON.parse(stdout);
  if (typeof printed !== 'object' || printed === null || !('cases' in printed) || !('hostOffsetMinutes' in printed) || !('tz' in printed))
    throw new Error(`unexpected output from ${script}: ${stdout.slice(0, 200)}`);
  const { tz: printedTz, hostOffsetMinutes, cases } = printed;
  if (typeof hostOffsetMinutes !== 'number') throw new Error('hostOffsetMinutes missing');
  return { tz: typeof printedTz === 'string' ? printedTz : null, hostOffsetMinutes, cases };
}

describe('the business calendar on a server in another time zone', () => {
  // UTC−8 (and its daylight-saving changes), UTC+14 (the date is already a day ahead of
  // Tokyo's for part of the day), UTC, and Tokyo itself.
  const zones = [
    ['America/Los_Angeles', 480],
    ['Pacific/Kiritimati', -840],
    ['UTC', 0],
    ['Asia/Tokyo', -540],
  ] as const;

  it('gives the same answers whatever TZ the process runs in', async () => {
    const here = timeZoneCases();
    const results = await Promise.all(zones.map(([tz]) => casesIn(tz)));
    for (const [i, [tz, offset]] of zones.entries()) {
      const r = results[i];
      // The child really ran in that zone…
      expect(r?.tz).toBe(tz);
      expect(r?.hostOffsetMinutes).toBe(offset);
      // …and still computed exactly what this process did.
      expect(r?.cases, tz).toEqual(here);
    }
  }, 60_000);

  it('and those answers are right for Tokyo', () => {
    const cases = timeZoneCases();
    expect(cases).toMatchObject({
      fromTokyo: '2026-11-24T06:00:00.000Z',
      calendar: expect.arrayContaining([
        // Still Monday 23:59 on 勤労感謝の日 in Tokyo: the next slot is Tuesday 09:00 JST.
        expect.objectContaining({ instant: '2026-11-23T14:59:00Z', businessDay: false, dayOff: 'holiday', slot: '2026-11-24T00:00:00.000Z' }),
        // Tuesday 00:00 in Tokyo although Monday in UTC and Los Angeles.
        expect.objectContaining({ instant: '2026-11-23T15:00:00Z', businessDay: true, officeHours: false, slot: '2026-11-24T00:00:00.000Z' }),
        // Lunch (quiet hours): office hours, but the next slot is 13:00 JST.
        expect.objectContaining({ instant: '2026-11-24T03:30:00Z', officeHours: true, slot: '2026-11-24T04:00:00.000Z' }),
        // Friday 17:00 before Golden Week 2026 + 4 business hours: 1 h on Friday, 3 h on Thursday
        // 05-07, which ends at 12:00, in lunch, so 13:00 JST.
        expect.objectContaining({ instant: '2026-05-01T08:00:00Z', plus1Day: '2026-05-07T08:00:00.000Z', plus4Hours: '2026-05-07T04:00:00.000Z' }),
        // Friday evening before Silver Week: Monday 敬老の日, Tuesday 国民の休日, Wednesday 秋分の日.
        expect.objectContaining({ instant: '2026-09-18T10:00:00Z', slot: '2026-09-24T00:00:00.000Z', morning: '2026-09-24T00:00:00.000Z' }),
        // Sunday 18:30 in Tokyo while Los Angeles leaves daylight saving time; 11-03 is 文化の日.
        expect.objectContaining({ instant: '2026-11-01T09:30:00Z', dayOff: 'weekend', slot: '2026-11-02T00:00:00.000Z', plus1Day: '2026-11-04T00:00:00.000Z' }),
        // Friday evening before the 振替休日 2025-11-24.
        expect.objectContaining({ instant: '2025-11-21T10:00:00Z', slot: '2025-11-25T00:00:00.000Z' }),
        // The last working day of 2026 → Monday 2027-01-04 09:00 JST.
        expect.objectContaining({ instant: '2026-12-28T08:30:00Z', morning: '2027-01-04T00:00:00.000Z', plus1Day: '2027-01-04T08:30:00.000Z' }),
        expect.objectContaining({ instant: '2026-12-31T15:00:00Z', dayOff: 'holiday', parts: { year: 2027, month: 1, day: 1, hour: 0, minute: 0, weekday: 5 } }),
      ]),
      when: expect.arrayContaining([
        { text: '明日10時', at: '2026-11-25T01:00:00.000Z', requested: '2026-11-25T01:00:00.000Z', adjusted: false },
        { text: '12月31日 10:00', at: '2027-01-04T00:00:00.000Z', requested: '2026-12-31T01:00:00.000Z', adjusted: true },
        { text: 'today 3pm', code: 'when.in_past' },
      ]),
      names: [
        ['振替休日（憲法記念日）', 'Holiday in lieu (Constitution Memorial Day)'],
        ['国民の休日', "Citizen's Holiday"],
        ['振替休日（勤労感謝の日）', 'Holiday in lieu (Labor Thanksgiving Day)'],
      ],
    });
  });
});
