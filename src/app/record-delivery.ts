import type { Outbound } from '../core/messages.js';
import type { HandleInboundDeps, Reply } from './turn-types.js';

const promptIdOf = (outbound: Outbound[]): string | undefined => {
  const o = [...outbound].reverse().find((x) => x.kind === 'prompt');
  return o?.kind === 'prompt' ? o.prompt.promptId : undefined;
};

/**
 * Called once a reply has reached the person, never before: from then on the question it
 * asked is the one they have seen (handle-inbound takes answers only for that one), and the
 * channel's copy of its message (to close it when answered) is kept. `channelPrompt: null`
 * removes a stored one; undefined leaves the channel's store alone (the terminal has none).
 */
export async function recordDelivery(deps: HandleInboundDeps, reply: Reply, channelPrompt?: { channel: string; value: Record<string, unknown> | null }): Promise<void> {
  const shownPromptId = promptIdOf(reply.outbound);
  if (shownPromptId === undefined && !channelPrompt) return;
  await deps.repo.recordDelivery({
    personId: reply.person.id,
    intakeId: reply.intake?.id ?? null,
    ...(shownPromptId !== undefined ? { shownPromptId } : {}),
    ...(channelPrompt ? { channelPrompt: { kind: `${channelPrompt.channel}_prompt`, channel: channelPrompt.channel, value: channelPrompt.value } } : {}),
    now: deps.clock.now(),
  });
}
