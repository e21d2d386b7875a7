import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/**
 * The Slack baseline: a bare Bolt app that echoes every DM, on the same receiver type as the
 * bot (HTTPReceiver, signatures checked, acknowledged before the handler runs) and the same
 * Web API stand-in. What a turn of the bot costs beyond this is the bot's own work.
 */
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
  if ('text' in message && typeof message.text === 'string') await say(message.text);
});
const server = await app.start(0);
const address = server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0, pid: process.pid });
process.on('message', () => {
  void app.stop().then(() => process.exit(0));
});
