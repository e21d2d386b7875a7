/**
 * Bad user input is a value, not an exception: `code` is an i18n key under `errors.`
 * whose message says what was wrong and what a good answer looks like.
 */
export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; params?: Record<string, string | number> };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });

export const fail = <T = never>(code: string, params?: Record<string, string | number>): ParseResult<T> =>
  params === undefined ? { ok: false, code } : { ok: false, code, params };
