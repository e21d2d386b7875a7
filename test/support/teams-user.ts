import { expect } from 'vitest';
import type { TeamsHarness } from './teams-harness.js';
import { messageActivity, personalConversation, submitActivity, type TeamsPerson } from './teams-activities.js';
import type { PostedActivity } from './teams-connector-standin.js';
import { shownText } from './teams-shown.js';

type Json = Record<string, unknown>;
export type CardNode = Json & { type: string };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Adaptive Card of a posted activity, if it has one. */
export function cardOf(activity: Json): Json | undefined {
  const attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
  const first: unknown = attachments[0];
  return isObject(first) && isObject(first.content) ? first.content : undefined;
}

/** Every element and action of a card, ShowCard sub-cards and ActionSets included. */
export function walk(node: unknown, out: CardNode[] = []): CardNode[] {
  if (Array.isArray(node)) node.forEach((n) => walk(n, out));
  else if (isObject(node)) {
    const type = node.type;
    if (typeof type === 'string') out.push({ ...node, type });
    for (const key of ['body', 'actions', 'card', 'items', 'columns']) if (key in node) walk(node[key], out);
  }
  return out;
}

/** The TextBlock sources of a card, Markdown escapes and all. */
export const rawTextsOf = (card: Json | undefined): string[] => walk(card).flatMap((e) => (e.type === 'TextBlock' && typeof e.text === 'string' ? [e.text] : []));
/** The texts of a card as a person sees them, Markdown rendered. */
export const textsOf = (card: Json | undefined): string[] => rawTextsOf(card).map(shownText);
export const submitsOf = (card: Json | undefined): Json[] => walk(card).filter((e) => e.type === 'Action.Submit' && isObject(e.data));
export const dataOf = (action: Json): Json => (isObject(action.data) ? action.data : {});

/** What a person sees and does in their personal chat with the bot: read the question card, pick, type, click. */
export function teamsUser(h: TeamsHarness, person: TeamsPerson) {
  const conversation = personalConversation(person);
  const posted = (): PostedActivity[] => h.standin.activities(conversation);
  const current = () => {
    const withPrompt = [...posted()].reverse().find((p) => submitsOf(cardOf(p.activity)).some((a) => dataOf(a).renkei === 'answer'));
    const card = withPrompt ? cardOf(withPrompt.activity) : undefined;
    const answers = submitsOf(card).filter((a) => dataOf(a).renkei === 'answer');
    const promptId = answers.map((a) => dataOf(a).promptId).find((p): p is string => typeof p === 'string') ?? null;
    const input = walk(card).find((e) => e.type === 'Input.ChoiceSet' || e.type === 'Input.Text');
    return { activity: withPrompt, card, answers, promptId, input };
  };
  const send = async (body: Json) => {
    const res = await h.post(body);
    expect(res.status).toBe(200);
    return res;
  };
  const submit = (value: Json) => send(submitActivity(h.standin.url, person, value, current().activity?.id));
  return {
    conversation,
    posted,
    current,
    submit,
    /** Every text the bot has shown in this chat, as it looks now. */
    lastText: () => posted().flatMap((p) => textsOf(cardOf(p.activity))).join('\n'),
    say: (text: string) => send(messageActivity(h.standin.url, person, text)),
    /** Answers the current question: a choice id, several ids, "yes"/"no", or text typed into the card. */
    async answer(value: string | string[]) {
      const { answers, input } = current();
      const button = answers.find((a) => dataOf(a).choice === value);
      if (button) return submit(dataOf(button));
      const submitAction = answers.find((a) => typeof dataOf(a).input === 'string');
      if (!submitAction || !input) throw new Error(`no way to answer ${JSON.stringify(value)} on ${JSON.stringify(current().card)}`);
      if (input.type === 'Input.ChoiceSet') {
        const ids = (Array.isArray(input.choices) ? input.choices : []).map((c: unknown) => (isObject(c) ? c.value : undefined));
        for (const v of [value].flat()) expect(ids, `choice ${v}`).toContain(v);
      }
      return submit({ ...dataOf(submitAction), answer: [value].flat().join(',') });
    },
    async press(command: string) {
      const action = submitsOf(current().card).find((a) => dataOf(a).renkei === 'command' && dataOf(a).command === command);
      if (!action) throw new Error(`no ${command} button`);
      return submit(dataOf(action));
    },
  };
}
