import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { teamsRequestListener } from '../src/channels/teams/teams-http.js';
import { silentLogger } from '../src/ports/logger.js';

/**
 * The Teams baseline: a bare botbuilder echo bot, CloudAdapter without authentication (as
 * RENKEI_TEAMS_LOCAL runs the bot), replying within the turn to the same Connector
 * stand-in. It sits behind the bot's own node:http shim for /api/messages (body read, JSON
 * parsed, Express-like response), so both sides pay the same transport.
 */
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' }));
const listener = teamsRequestListener(
  adapter,
  async (context) => {
    if (context.activity.type === 'message') await context.sendActivity(context.activity.text ?? '');
  },
  silentLogger,
);
const server = createServer((req, res) => {
  if ((req.url ?? '').startsWith('/api/messages')) return listener(req, res);
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port, pid: process.pid });
process.on('message', () => {
  server.close(() => process.exit(0));
});
