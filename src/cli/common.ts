import { userInfo } from 'node:os';
import { composeApp, type App } from '../main.js';
import { ConfigError } from '../config/config-error.js';
import type { Locale } from '../core/questionnaire/intake-state.js';

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

export const out = (text: string) => process.stdout.write(`${text}\n`);
