import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { messageActivity } from '../support/teams-activities.js';

const APP_ID = '6d2b0f4e-1a3c-4e5f-9a7b-0c1d2e3f4a5b';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness({ appId: APP_ID, appPassword: 'not-a-real-secret' });
});
afterAll(() => h.close());

describe('Teams: authentication', () => {
  it('refuses requests without a valid Bot Framework token with 401 and does nothing', async () => {
    const p = { aad: '40000000-0000-4000-8000-000000000001', name: 'Intruder', locale: 'ja-JP' };
    const none = await h.post(messageActivity(h.standin.url, p, 'hi'));
    const forged = await h.post(messageActivity(h.standin.url, p, 'hi'), { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect([none.status, forged.status]).toEqual([401, 401]);
    expect(h.teams.authenticated).toBe(true);
    expect(h.standin.calls()).toEqual([]);
    expect(await h.env.services.repo.findPerson('teams', p.aad)).toBeNull();
  });

  it('reads the Teams settings from the environment and refuses incomplete or unsafe ones', () => {
    expect(loadConfig({}).teams).toBeNull();
    expect(loadConfig({ RENKEI_TEAMS_LOCAL: 'true' }).teams).toEqual({ appId: null, appPassword: null, appType: 'MultiTenant', tenantId: null });
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 't1', NODE_ENV: 'production' }).teams).toEqual({
      appId: APP_ID,
      appPassword: 's',
      appType: 'SingleTenant',
      tenantId: 't1',
    });
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't1' }).teams?.appType).toBe('UserAssignedMSI');
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return 'accepted';
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    };
    expect(refused({ RENKEI_TEAMS_LOCAL: 'true', NODE_ENV: 'production' })).toContain('RENKEI_TEAMS_LOCAL');
    expect(refused({ MicrosoftAppPassword: 's' })).toContain('MicrosoftAppId: required when MicrosoftAppPassword is set');
    expect(refused({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 's' })).toContain('MicrosoftAppId');
    expect(refused({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 's' })).toContain('MicrosoftAppTenantId');
    expect(refused({ MicrosoftAppId: APP_ID })).toContain('MicrosoftAppPassword: required');
    expect(refused({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't', MicrosoftAppPassword: 's' })).toContain('must not be set');
    expect(refused({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's', MicrosoftAppType: 'Personal' })).toContain('MicrosoftAppType');
  });
});
