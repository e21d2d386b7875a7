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
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  SLACK_BOT_TOKEN: z.string().trim().regex(/^xoxb-/, 'must be a bot token starting with "xoxb-"').optional(),
  SLACK_SIGNING_SECRET: z.string().trim().regex(/^[0-9a-f]{16,}$/i, 'must be the app\'s signing secret (hex)').optional(),
  SLACK_APP_TOKEN: z.string().trim().regex(/^xapp-/, 'must be an app-level token starting with "xapp-"').optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MicrosoftAppId: z.string().trim().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be the bot\'s Microsoft App ID (a GUID)').optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.string().trim().toLowerCase().pipe(z.enum(['multitenant', 'singletenant', 'userassignedmsi'], 'must be MultiTenant, SingleTenant or UserAssignedMSI')).optional(),
  MicrosoftAppTenantId: z.string().trim().min(1).optional(),
  RENKEI_TEAMS_LOCAL: z.enum(['true', 'false', '1', '0']).optional(),
  // LINE Developers console → the Messaging API channel: "Channel secret" (Basic settings, 32 hex) and a long-lived "Channel access token".
  LINE_CHANNEL_SECRET: z.string().trim().regex(/^[0-9a-f]{32}$/i, "must be the channel's secret (32 hex characters, LINE Developers console → Basic settings)").optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().trim().min(20, 'must be the channel access token (LINE Developers console → Messaging API)').optional(),
  LINE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Limits: a request larger than this is refused with 413 before any platform SDK parses it.
  RENKEI_MAX_BODY_BYTES: z.coerce.number().int().min(1024, 'must be at least 1024').default(512 * 1024),
  RENKEI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1, 'must be at least 1').default(30),
  RENKEI_MAX_ANSWER_CHARS: z.coerce.number().int().min(100, 'must be at least 100').default(2000),
  // Abandoned (never completed) intakes are purged after this many days without activity; 0 keeps them.
  RENKEI_RETENTION_DAYS: z.coerce.number().int().min(0).default(180),
  RENKEI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // When set, GET /metrics needs "Authorization: Bearer <token>".
  RENKEI_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  RENKEI_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** How often /readyz really writes to the database; in between it answers with the last result. */
  RENKEI_READINESS_PROBE_MS: z.coerce.number().int().min(0).default(5_000),
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
    port: e.PORT,
    slack: slackConfig(e),
    teams: teamsConfig(e),
    line: lineConfig(e),
    databaseUrl: e.DATABASE_URL,
    defaultLocale: e.RENKEI_DEFAULT_LOCALE,
    configDir: e.RENKEI_CONFIG_DIR,
    questionnaireDir: join(e.RENKEI_CONFIG_DIR, 'questionnaire'),
    rubricDir: join(e.RENKEI_CONFIG_DIR, 'rubric'),
    officesFile: join(e.RENKEI_CONFIG_DIR, 'offices.json'),
    programsFile: join(e.RENKEI_CONFIG_DIR, 'programs.json'),
    remindersFile: join(e.RENKEI_CONFIG_DIR, 'reminders.json'),
    plansDir: e.RENKEI_PLANS_DIR,
    production: e.NODE_ENV === 'production',
    limits: { maxBodyBytes: e.RENKEI_MAX_BODY_BYTES, ratePerMinute: e.RENKEI_RATE_LIMIT_PER_MINUTE, maxAnswerChars: e.RENKEI_MAX_ANSWER_CHARS },
    retentionDays: e.RENKEI_RETENTION_DAYS,
    logLevel: e.RENKEI_LOG_LEVEL,
    metricsToken: e.RENKEI_METRICS_TOKEN ?? null,
    shutdownGraceMs: e.RENKEI_SHUTDOWN_GRACE_MS,
    readinessProbeMs: e.RENKEI_READINESS_PROBE_MS,
  };
}

export interface SlackConfig {
  botToken: string;
  signingSecret: string | null;
  /** Socket Mode (development without a public URL) when set. */
  appToken: string | null;
  apiUrl: string | null;
}

/**
 * Slack runs when a bot token and a way to receive events (signing secret for HTTP, or an
 * app token for Socket Mode) are set; a half-done set-up stops start-up naming what is missing.
 */
function slackConfig(e: { SLACK_BOT_TOKEN?: string | undefined; SLACK_SIGNING_SECRET?: string | undefined; SLACK_APP_TOKEN?: string | undefined; SLACK_API_URL?: string | undefined }): SlackConfig | null {
  const any = e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN;
  if (!any) return null;
  if (!e.SLACK_BOT_TOKEN) throw new ConfigError('environment variable SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN)
    throw new ConfigError('environment variable SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)');
  const apiUrl = e.SLACK_API_URL ? (e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`) : null;
  return { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET ?? null, appToken: e.SLACK_APP_TOKEN ?? null, apiUrl };
}

export interface TeamsConfig {
  /** null: the endpoint runs without authentication (local testing with the Agents Playground). */
  appId: string | null;
  appPassword: string | null;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string | null;
}

/**
 * Teams runs authenticated when MicrosoftAppId is set, or unauthenticated when
 * RENKEI_TEAMS_LOCAL=true asks for it; anyone who can reach an unauthenticated endpoint can
 * pose as any user, so production refuses it.
 */
function teamsConfig(e: z.infer<typeof envSchema>): TeamsConfig | null {
  const local = e.RENKEI_TEAMS_LOCAL === 'true' || e.RENKEI_TEAMS_LOCAL === '1';
  const appType = e.MicrosoftAppType === 'singletenant' ? 'SingleTenant' : e.MicrosoftAppType === 'userassignedmsi' ? 'UserAssignedMSI' : 'MultiTenant';
  if (!e.MicrosoftAppId) {
    const stray = e.MicrosoftAppPassword ? 'MicrosoftAppPassword' : e.MicrosoftAppType ? 'MicrosoftAppType' : e.MicrosoftAppTenantId ? 'MicrosoftAppTenantId' : null;
    if (stray) throw new ConfigError(`environment variable MicrosoftAppId: required when ${stray} is set`);
    if (!local) return null;
    if (e.NODE_ENV === 'production') throw new ConfigError('environment variable RENKEI_TEAMS_LOCAL: the unauthenticated Teams endpoint is for local testing only; set MicrosoftAppId in production');
    return { appId: null, appPassword: null, appType, tenantId: null };
  }
  if (appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) throw new ConfigError(`environment variable MicrosoftAppTenantId: required with MicrosoftAppType=${appType}`);
  if (appType === 'UserAssignedMSI' && e.MicrosoftAppPassword) throw new ConfigError('environment variable MicrosoftAppPassword: must not be set with MicrosoftAppType=UserAssignedMSI');
  if (appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) throw new ConfigError(`environment variable MicrosoftAppPassword: required with MicrosoftAppType=${appType}`);
  return { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword ?? null, appType, tenantId: e.MicrosoftAppTenantId ?? null };
}

export interface LineConfig {
  channelSecret: string;
  channelAccessToken: string;
  /** Another Messaging API base URL (test stand-ins); null: LINE's own https://api.line.me. */
  apiUrl: string | null;
}

/** LINE runs when both the channel secret (webhook signatures) and the access token (replies, pushes) are set; one without the other stops start-up. */
function lineConfig(e: z.infer<typeof envSchema>): LineConfig | null {
  if (!e.LINE_CHANNEL_SECRET && !e.LINE_CHANNEL_ACCESS_TOKEN) {
    if (e.LINE_API_URL) throw new ConfigError('environment variable LINE_CHANNEL_SECRET: required when LINE_API_URL is set');
    return null;
  }
  if (!e.LINE_CHANNEL_SECRET) throw new ConfigError('environment variable LINE_CHANNEL_SECRET: required with LINE_CHANNEL_ACCESS_TOKEN');
  if (!e.LINE_CHANNEL_ACCESS_TOKEN) throw new ConfigError('environment variable LINE_CHANNEL_ACCESS_TOKEN: required with LINE_CHANNEL_SECRET');
  return { channelSecret: e.LINE_CHANNEL_SECRET, channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN, apiUrl: e.LINE_API_URL ? e.LINE_API_URL.replace(/\/+$/, '') : null };
}
