import { timeZoneCases } from './time-zone-cases.js';

// Run in a child process with another TZ by host-time-zone.test.ts. The host's own offset is
// printed too, to prove that the zone really was different.
const hostOffsetMinutes = new Date('2026-11-24T06:00:00Z').getTimezoneOffset();
process.stdout.write(JSON.stringify({ tz: process.env.TZ ?? null, hostOffsetMinutes, cases: timeZoneCases() }));
