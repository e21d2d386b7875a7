import { describe, expect, it } from 'vitest';
import { withinRequestWindow } from './request-window.js';

const now = new Date('2026-12-04T12:00:00Z');
const at = (offsetSeconds: number) => String(Math.floor(now.getTime() / 1000) + offsetSeconds);

describe('withinRequestWindow', () => {
  it('accepts up to five minutes either way and refuses beyond', () => {
    expect(withinRequestWindow(at(0), now)).toBe(true);
    expect(withinRequestWindow(at(-300), now)).toBe(true);
    expect(withinRequestWindow(at(300), now)).toBe(true);
    expect(withinRequestWindow(at(-301), now)).toBe(false);
    expect(withinRequestWindow(at(301), now)).toBe(false);
    expect(withinRequestWindow(at(600), now)).toBe(false);
  });

  it('refuses a missing or malformed timestamp', () => {
    for (const header of [undefined, '', 'abc', '1.5', '-1', `${at(0)} `, '9'.repeat(20)]) expect(withinRequestWindow(header, now)).toBe(false);
  });
});
