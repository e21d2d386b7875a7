/**
 * The Slack conformance suite against an app running on its own (your build, your config):
 * starts the Web API stand-in on a fixed port, waits for the app at --target, drives a whole
 * consultation, App Home and the slash command with signed requests in Slack's payload shapes,
 * then holds every payload the app sent to the check of test/conformance/slack and exits 1 on
 * any problem. Start the app with SLACK_API_URL pointing at the stand-in (printed below).
 *
 *   npx tsx scripts/slack-conformance.ts --target http://127.0.0.1:3978/slack/events --port 4390
 */
import { parseArgs } from 'node:util';
import { startSlackStandin } from '../test/support/slack-standin.js';
import { send, signRequest, slashCommand, useResponseUrlBase, appHomeOpened } from '../test/support/slack-requests.js';
import { completeSlackIntake } from '../test/support/slack-complete-intake.js';
import { batteryByPrompt } from '../test/fixtures/battery-by-prompt.js';
import { checkedSurfaces, recordedCallProblems } from '../test/conformance/slack/slack-payload-check.js';
import type { SlackHarness } from '../test/support/slack-harness.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'http://127.0.0.1:3978/slack/events' },
    port: { type: 'string', default: '4390' },
    secret: { type: 'string', default: process.env.SLACK_SIGNING_SECRET ?? '0123456789abcdef0123456789abcdef' },
    user: { type: 'string', default: 'UCONFORM' },
  },
});
process.env.NO_PROXY = '127.0.0.1,localhost';
const standin = await startSlackStandin({ port: Number(values.port) });
useResponseUrlBase(standin.responseUrl);
// The drive answers faster than a person: the per-person rate limit is raised for the run.
console.log(`Web API stand-in: start the app with\n  SLACK_API_URL=${standin.url} SLACK_BOT_TOKEN=xoxb-conformance SLACK_SIGNING_SECRET=${values.secret} RENKEI_RATE_LIMIT_PER_MINUTE=600 npm start`);

const target = values.target;
const health = new URL('/healthz', target);
for (let i = 0; ; i++) {
  const up = await fetch(health).then((r) => r.ok, () => false);
  if (up) break;
  if (i === 0) console.log(`waiting for ${health.href} …`);
  await new Promise((r) => setTimeout(r, 500));
}

// Only `post` and `standin` of a harness are used by the person who drives the DM.
const h: Pick<SlackHarness, 'standin' | 'post'> = { standin, post: (payload, sign = {}) => send(target, signRequest(payload, { signingSecret: values.secret, ...sign })) };
try {
  const { seen } = await completeSlackIntake(h, values.user, { ...batteryByPrompt, 'company.name': 'A&B <新方式> *x* <!channel> _y_ `z` 〒100-0001' });
  console.log(`${seen.length} questions answered`);
  await h.post(appHomeOpened({ user: values.user }));
  for (const text of ['help', 'status', 'review']) await h.post(slashCommand({ user: values.user, text, channelId: 'CGENERAL' }));
  await new Promise((r) => setTimeout(r, 1500));
} finally {
  const calls = standin.calls();
  const problems = recordedCallProblems(calls);
  console.log(`${checkedSurfaces(calls)} payloads checked, ${problems.length} problem(s)`);
  for (const p of problems) console.log(`  ${p}`);
  await standin.close();
  process.exitCode = problems.length > 0 ? 1 : 0;
}
