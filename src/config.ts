import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './config/config-error.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with "file:" (SQLite) or "postgresql://"')
    .default('file:./data/renkei.db'),
  RENKEI_DEFAULT_LOCALE: z.enum(['ja', 'en']).default('ja'),
  RENKEI_CONFIG_DIR: z.string().trim().min(1).default(join(projectRoot, 'config')),
  RENKEI_PLANS_DIR: z.string().trim().min(1).default('./data/plans'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type AppConfig = ReturnType<typeof loadConfig>;

/** Reads the environment once, at start-up; a bad value stops start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`environment variable ${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    defaultLocale: e.RENKEI_DEFAULT_LOCALE,
    configDir: e.RENKEI_CONFIG_DIR,
    questionnaireDir: join(e.RENKEI_CONFIG_DIR, 'questionnaire'),
    rubricDir: join(e.RENKEI_CONFIG_DIR, 'rubric'),
    officesFile: join(e.RENKEI_CONFIG_DIR, 'offices.json'),
    programsFile: join(e.RENKEI_CONFIG_DIR, 'programs.json'),
    plansDir: e.RENKEI_PLANS_DIR,
    production: e.NODE_ENV === 'production',
  };
}
