import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { teamsRequestListener } from '../src/channels/teams/teams-http.js';
import { silentLogger } from '../src/ports/logger.js';
import { durableStore, floorDatabaseFile } from './support/durable-store.js';

/**
 * The Teams durable-write floor: the bare botbuilder echo of bench/echo-teams.ts that also
 * stores every message in SQLite (one INSERT in a transaction) before it replies, behind the
 * same /api/messages shim and Connector stand-in as the bot.
 */
const db = durableStore(floorDatabaseFile());
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' }));
const listener = teamsRequestListener(
  adapter,
  async (context) => {
    if (context.activity.type !== 'message') return;
    db.store(context.activity.conversation.id, context.activity.text ?? '');
    await context.sendActivity(context.activity.text ?? '');
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
  server.close(() => {
    db.close();
    process.exit(0);
  });
});
