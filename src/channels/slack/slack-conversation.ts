import type { WebClient } from '@slack/web-api';
import { handleInbound, type InboundEvent, type Reply } from '../../app/handle-inbound.js';
import type { IntakeServices } from '../../app/intake-services.js';
import type { EngineInput } from '../../core/questionnaire/advance.js';
import { answeredMessage, promptOf, renderSlack } from './render-slack.js';
import { renderPrompt } from '../console/render-text.js';
import { recordDelivery } from '../../app/record-delivery.js';
import { faultPoint } from '../../fault-point.js';

export interface SlackAddress {
  team: string | null;
  user: string;
  channel: string;
}

/**
 * One turn of the company's conversation in its DM: the use case saves the answer, then the
 * previous question's message is rewritten to show the answer (its buttons gone, so an old
 * click cannot act twice), then the reply is posted.
 */
export async function slackTurn(
  s: IntakeServices,
  client: WebClient,
  address: SlackAddress,
  input: EngineInput,
  opts: { locale?: string; displayName?: string; answerLabel?: string; eventId?: string; pressedOn?: string },
): Promise<Reply> {
  const event: InboundEvent = {
    channel: 'slack',
    userId: address.user,
    address,
    input,
    tracksDelivery: true,
    ...(opts.pressedOn ? { pressedOn: opts.pressedOn } : {}),
    ...(opts.eventId ? { delivery: { source: 'slack', id: opts.eventId } } : {}),
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.displayName ? { displayName: opts.displayName } : {}),
  };
  const reply = await handleInbound(s, event);
  // A question's controls carry its prompt id: a press on an earlier question's message does nothing.
  if (reply.refused === 'stale_press') {
    s.log.info('slack press on an earlier question ignored', { personId: reply.person.id });
    return reply;
  }
  if (reply.refused === 'rate_limited') {
    // Not processed: the question on screen stays open; only the "slow down" notice (if any) is posted.
    for (const m of renderSlack(s.translator, reply)) await client.chat.postMessage({ channel: address.channel, text: m.text, blocks: m.blocks });
    return reply;
  }
  // A copy already handled: only a question that never reached the person is posted again.
  if (reply.duplicate && reply.outbound.length === 0) return reply;
  const closed = reply.duplicate ? false : await closePreviousPrompt(s, client, reply, opts.answerLabel);
  try {
    await postReply(s, client, address.channel, reply);
  } catch (err) {
    // Closed for good (it shows the answer): with the reply lost, the next turn must not rewrite it again.
    if (closed) await s.channelMessages.remove('slack_prompt', reply.person.id, 'slack').catch(() => undefined);
    throw err;
  }
  return reply;
}

export async function postReply(s: IntakeServices, client: WebClient, channel: string, reply: Reply): Promise<void> {
  const messages = renderSlack(s.translator, reply);
  let promptTs: string | undefined;
  for (const m of messages) {
    const res = await client.chat.postMessage({ channel, text: m.text, blocks: m.blocks });
    promptTs = typeof res.ts === 'string' ? res.ts : promptTs;
  }
  await faultPoint('after-reply');
  const prompt = promptOf(reply.outbound);
  if (prompt && promptTs) {
    const question = renderPrompt(s.translator, reply.locale, reply.definition, { ...prompt, choices: [] }).split('\n').find((l, i) => i > 0 || prompt.purpose === 'confirm') ?? '';
    await recordDelivery(s, reply, { channel: 'slack', value: { channel, ts: promptTs, promptId: prompt.promptId, question, locale: reply.locale } });
  } else {
    await recordDelivery(s, reply, { channel: 'slack', value: null });
  }
}

/** Whether the person's intake is paused now. */
export async function isPaused(s: IntakeServices, user: string): Promise<boolean> {
  const person = await s.repo.findPerson('slack', user);
  const intake = person ? await s.repo.latestIntake(person.id) : null;
  return intake?.state.paused === true;
}

/** True when a question's message was rewritten. */
async function closePreviousPrompt(s: IntakeServices, client: WebClient, reply: Reply, answerLabel: string | undefined): Promise<boolean> {
  const previous = reply.previousPrompt;
  if (!previous || typeof previous.channel !== 'string' || typeof previous.ts !== 'string') return false;
  const next = promptOf(reply.outbound);
  const answered = reply.events.some((e) => e.type === 'answered' || e.type === 'skipped');
  const skipped = reply.events.some((e) => e.type === 'skipped');
  // A question left by a command (back, review, pause) shows no answer rather than "✔ —".
  const label = !answered ? null : skipped ? s.translator.t(reply.locale, 'slack.skipped') : (answerLabel ?? null);
  const question = typeof previous.question === 'string' ? previous.question : '';
  // Re-asked after a mistake: the old copy goes quiet too, the new one below carries the controls.
  if (next?.promptId === previous.promptId && !answered && reply.outbound.every((o) => o.kind !== 'invalid')) return false;
  const m = answeredMessage(question, label, reply.locale, s.translator);
  await client.chat.update({ channel: previous.channel, ts: previous.ts, text: m.text, blocks: m.blocks });
  return true;
}
