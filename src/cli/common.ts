import { userInfo } from 'node:os';
import { composeApp, type App } from '../main.js';
import { ConfigError } from '../config/config-error.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Principal } from '../core/access/principal.js';
import { terminalSafe } from '../channels/console/terminal-safe.js';
import { principalOf } from '../app/access.js';

export async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const app = await composeApp();
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export function langOption(value: string | undefined): Locale | undefined {
  if (value === undefined) return undefined;
  if (value === 'ja' || value === 'en') return value;
  throw new ConfigError(`--lang must be "ja" or "en", not "${value}"`);
}

/** Who is at this terminal: --as/--user, then RENKEI_LOCAL_USER, then the OS user. */
export function localIdentity(explicit: string | undefined): string {
  if (explicit) return explicit;
  if (process.env.RENKEI_LOCAL_USER) return process.env.RENKEI_LOCAL_USER;
  try {
    return userInfo().username;
  } catch {
    return 'local';
  }
}

/**
 * Everything the CLI prints goes through here: lines often carry what companies and PMs typed
 * (names, answers, notes), which must not drive the terminal of whoever reads them.
 */
export const out = (text: string) => process.stdout.write(`${terminalSafe(text)}\n`);
export const err = (text: string) => process.stderr.write(terminalSafe(text));

/**
 * The person at this terminal as the access policy sees them. Local mode trusts the terminal
 * to say who it is (whoever runs it can open the database file anyway); the policy still keeps
 * each local identity to its own office, and every read is audited under that name.
 */
export async function terminalPrincipal(app: App, as: string | undefined): Promise<{ who: string; principal: Principal }> {
  const who = localIdentity(as);
  return { who, principal: await principalOf(app.deps, { channel: 'local', externalId: who }) };
}

/** A refusal by the policy, in the terminal's language, with how to act as someone else. */
/**
 * A read by id refused because the record belongs to another office is answered exactly as a
 * missing id (same text, same exit code), so ids cannot be probed across offices; the audit
 * log still holds the refusal. Other refusals say what is wrong.
 */
export function refuseAsUnknown(app: App, locale: Locale, code: string, who: string, unknown: () => number): number {
  return code === 'access.other_office' ? unknown() : refuse(app, locale, code, who);
}

export function refuse(app: App, locale: Locale, code: string, who: string): number {
  err(`renkei: ${app.translator.t(locale, `errors.${code}`)} (${who}; use --as with a "local" id from config/offices.json)\n`);
  return 2;
}
