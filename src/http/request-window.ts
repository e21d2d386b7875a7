/** Slack's rule: a request dated more than five minutes from local time, in either direction, is refused. */
export const REQUEST_WINDOW_SECONDS = 5 * 60;

/**
 * Whether a signed request's own timestamp (seconds since the epoch, as the header says it)
 * lies within the window around `now`. The past bound stops replays of a captured request;
 * the future bound stops one signed with a forged clock from being replayable for longer.
 * Anything that is not a whole number of seconds is outside.
 */
export function withinRequestWindow(timestampHeader: string | undefined, now: Date, windowSeconds = REQUEST_WINDOW_SECONDS): boolean {
  if (timestampHeader === undefined || !/^\d{1,12}$/.test(timestampHeader)) return false;
  return Math.abs(Number(timestampHeader) - Math.floor(now.getTime() / 1000)) <= windowSeconds;
}
