import { expect } from 'vitest';
import type { SlackHarness } from './slack-harness.js';
import { blockActions, messageIm } from './slack-requests.js';
import type { StandinMessage } from './slack-standin.js';

type Element = { type: string; action_id?: string; value?: string; text?: { text: string }; options?: { value: string; text: { type: 'plain_text'; text: string } }[] };
type ActionsBlock = { type: 'actions'; block_id?: string; elements: Element[] };

const isActions = (b: unknown): b is ActionsBlock =>
  typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'actions' && Array.isArray((b as { elements?: unknown }).elements);

/** What a person sees and does in their DM with the bot: read the last question, type or click. */
export function slackUser(h: Pick<SlackHarness, 'post' | 'standin'>, user: string) {
  const channel = `D${user}`;
  const dm = (): StandinMessage[] => h.standin.messages(channel);
  const settle = async (before: number) => {
    for (let i = 0; i < 200 && dm().length <= before; i++) await new Promise((r) => setTimeout(r, 20));
    // Trailing messages of the same turn (a summary after the last answer) come right after.
    let n = -1;
    while (n !== dm().length) {
      n = dm().length;
      await new Promise((r) => setTimeout(r, 60));
    }
  };
  const controls = () => {
    const withPrompt = [...dm()].reverse().find((m) => (m.blocks ?? []).some((b) => isActions(b) && /^(ans|multi|nav)\|/.test(b.block_id ?? '')));
    const blocks = (withPrompt?.blocks ?? []).filter(isActions);
    const prompt = blocks.find((b) => /^(ans|multi|nav)\|/.test(b.block_id ?? ''));
    return { message: withPrompt, blocks, promptId: prompt?.block_id?.split('|').slice(1).join('|') ?? null };
  };
  const click = async (blockId: string, element: Element, extra: Record<string, unknown> = {}) => {
    const before = dm().length;
    const message = controls().message;
    const res = await h.post(
      blockActions({
        user,
        channel,
        ...(message ? { message: { ts: message.ts, channel } } : {}),
        actions: [{ action_id: element.action_id ?? '', block_id: blockId, type: element.type, ...(element.value !== undefined ? { value: element.value } : {}), ...(element.text ? { text: { type: 'plain_text', text: element.text.text } } : {}), ...extra }],
        ...('state' in extra ? {} : {}),
      }),
    );
    expect(res.status).toBe(200);
    await settle(before);
  };
  return {
    channel,
    dm,
    controls,
    lastText: () => dm().map((m) => JSON.stringify(m.blocks ?? m.text)).join('\n'),
    /** Sends the event's `text` exactly as given, as Slack sends mentions and links it made itself. */
    async sayWire(wireText: string) {
      const before = dm().length;
      const res = await h.post(messageIm({ user, text: '', wireText }));
      expect(res.status).toBe(200);
      await settle(before);
    },
    async say(text: string, eventId?: string) {
      const before = dm().length;
      const res = await h.post(messageIm({ user, text, ...(eventId ? { eventId } : {}) }));
      expect(res.status).toBe(200);
      await settle(before);
    },
    /** Answers the current question with a choice id (button or select), several ids (checkboxes) or typed text. */
    async answer(value: string | string[]) {
      const { blocks } = controls();
      const ans = blocks.find((b) => b.block_id?.startsWith('ans|'));
      const multi = blocks.find((b) => b.block_id?.startsWith('multi|'));
      if (multi && Array.isArray(value)) {
        const checks = multi.elements.find((e) => e.type === 'checkboxes');
        const submit = multi.elements.find((e) => e.action_id === 'answer_multi_submit');
        const selected = (checks?.options ?? []).filter((o) => value.includes(o.value));
        expect(selected).toHaveLength(value.length);
        const before = dm().length;
        const message = controls().message;
        const res = await h.post(
          blockActions({
            user,
            channel,
            ...(message ? { message: { ts: message.ts, channel } } : {}),
            state: { values: { [multi.block_id ?? '']: { answer_checks: { type: 'checkboxes', selected_options: selected } } } },
            actions: [{ action_id: 'answer_multi_submit', block_id: multi.block_id ?? '', type: 'button', value: submit?.value ?? '' }],
          }),
        );
        expect(res.status).toBe(200);
        return settle(before);
      }
      if (ans && typeof value === 'string') {
        const button = ans.elements.find((e) => e.type === 'button' && e.value === value);
        if (button) return click(ans.block_id ?? '', button);
        const select = ans.elements.find((e) => e.type === 'static_select');
        const option = select?.options?.find((o) => o.value === value);
        if (select && option) return click(ans.block_id ?? '', select, { selected_option: option });
        throw new Error(`no control for ${value} in ${JSON.stringify(ans)}`);
      }
      return this.say(Array.isArray(value) ? value.join(',') : value);
    },
    async press(actionId: string) {
      const nav = controls().blocks.find((b) => b.block_id?.startsWith('nav|'));
      const el = nav?.elements.find((e) => e.action_id === actionId);
      if (!nav || !el) throw new Error(`no ${actionId} button`);
      await click(nav.block_id ?? '', el);
    },
    click,
    settle,
  };
}
