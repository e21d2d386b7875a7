import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { durableStore, floorDatabaseFile } from './support/durable-store.js';

/**
 * The Slack durable-write floor: the bare Bolt echo of bench/echo-slack.ts that also stores
 * every DM in SQLite (one INSERT in a transaction) before it replies, as a bot that keeps
 * answers must. Same receiver type, acknowledgement and Web API stand-in as the bot.
 */
const db = durableStore(floorDatabaseFile());
const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', processBeforeResponse: false });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? '' },
  logLevel: LogLevel.WARN,
  ignoreSelf: true,
});
app.message(async ({ message, say }) => {
  if (!('text' in message) || typeof message.text !== 'string') return;
  db.store(message.channel, message.text);
  await say(message.text);
});
const server = await app.start(0);
const address = server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0, pid: process.pid });
process.on('message', () => {
  void app.stop().then(() => {
    db.close();
    process.exit(0);
  });
});
