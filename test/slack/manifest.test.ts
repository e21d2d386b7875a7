import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The manifest is pasted into Slack by hand, where a mistake only shows up as a refused app or
 * a missing permission at run time. Limits and key names follow Slack's manifest schema
 * (github.com/slackapi/manifest-schema, v1), which rejects unknown keys, hence `strictObject`.
 */

const raw = readFileSync(new URL('../../manifest/slack/manifest.yaml', import.meta.url), 'utf8');
const manifest: unknown = parse(raw);

const httpUrl = z.string().regex(/^https?:\/\//).max(3500);
const characters = (s: string) => [...s].length;
const text = (max: number) => z.string().min(1).refine((s) => characters(s) <= max, `at most ${max} characters`);

const schema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int().optional() }),
  display_information: z.strictObject({
    name: text(35),
    description: text(140),
    background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/),
  }),
  features: z.strictObject({
    app_home: z.strictObject({
      home_tab_enabled: z.boolean(),
      messages_tab_enabled: z.boolean(),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.strictObject({ display_name: text(80), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\//).min(2).max(32),
          url: httpUrl.max(3000),
          description: text(2000),
          usage_hint: text(1000),
          should_escape: z.boolean(),
        }),
      )
      .max(50),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string().max(50)).max(255) }) }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ request_url: httpUrl, bot_events: z.array(z.string().max(50)).max(100) }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: httpUrl }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

const parsed = schema.safeParse(manifest);
const app = parsed.success ? parsed.data : undefined;

describe('Slack app manifest', () => {
  it('has the shape and lengths Slack accepts', () => {
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('names the app and its bot user', () => {
    expect(app?.display_information.name).toBe('Renkei Intake');
    expect(app?.features.bot_user).toEqual({ display_name: 'renkei', always_online: true });
  });

  it('keeps a description that fits Slack’s 140 characters even in Japanese', () => {
    const description = app?.display_information.description ?? '';
    expect(characters(description)).toBeGreaterThan(0);
    expect(characters(description)).toBeLessThanOrEqual(140);
  });

  it('opens both the Home tab and a writable Messages tab', () => {
    expect(app?.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });

  it('asks for exactly the bot scopes the bot uses', () => {
    const scopes = app?.oauth_config.scopes.bot ?? [];
    expect(new Set(scopes).size).toBe(scopes.length);
    expect([...scopes].sort()).toEqual(['chat:write', 'commands', 'files:write', 'im:history', 'im:read', 'im:write', 'users:read']);
  });

  it('subscribes to DMs and Home-tab openings only', () => {
    expect([...(app?.settings.event_subscriptions.bot_events ?? [])].sort()).toEqual(['app_home_opened', 'message.im']);
  });

  it('registers /renkei with raw text', () => {
    expect(app?.features.slash_commands).toHaveLength(1);
    expect(app?.features.slash_commands[0]).toMatchObject({ command: '/renkei', should_escape: false });
  });

  it('turns interactivity on, for buttons and modals', () => {
    expect(app?.settings.interactivity.is_enabled).toBe(true);
  });

  it('is set up for Socket Mode in one workspace without token rotation', () => {
    expect(app?.settings).toMatchObject({ socket_mode_enabled: true, org_deploy_enabled: false, token_rotation_enabled: false });
  });

  it('points every request URL at one placeholder that can never resolve', () => {
    const urls = [app?.features.slash_commands[0]?.url, app?.settings.event_subscriptions.request_url, app?.settings.interactivity.request_url];
    expect(new Set(urls)).toEqual(new Set(['https://example.invalid/slack/events']));
  });

  it('tells the reader how to switch to HTTP mode', () => {
    expect(raw).toContain('https://YOUR_HOST/slack/events');
    expect(raw).toMatch(/socket_mode_enabled: false/);
  });
});
