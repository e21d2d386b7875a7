import { expect } from 'vitest';
import { currentPrompt } from '../../src/core/questionnaire/engine-flow.js';
import { translator } from './harness.js';
import type { LineHarness } from './line-harness.js';
import type { LineMessage } from './line-standin.js';
import { followEvent, imageEvent, postbackEvent, stickerEvent, textEvent, unfollowEvent } from './line-webhook.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface QuickReplyButton {
  label: string;
  data: string;
  fields: Record<string, string>;
}

/** The quick-reply buttons under a message (LINE shows them only under the latest one). */
export function quickReplyOf(m: LineMessage | undefined): QuickReplyButton[] {
  const items = isObject(m?.quickReply) && Array.isArray(m.quickReply.items) ? m.quickReply.items : [];
  return items.flatMap((i) => {
    if (!isObject(i) || !isObject(i.action) || typeof i.action.data !== 'string' || typeof i.action.label !== 'string') return [];
    return [{ label: i.action.label, data: i.action.data, fields: Object.fromEntries(new URLSearchParams(i.action.data)) }];
  });
}

/** All the text a person reads in a message: a text message's text, every text of a Flex message, its alt text. */
export function textOf(m: LineMessage): string {
  if (m.type === 'text' && typeof m.text === 'string') return m.text;
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (isObject(n)) {
      if (n.type === 'text' && typeof n.text === 'string') out.push(n.text);
      for (const k of ['contents', 'header', 'body', 'footer', 'hero']) if (k in n) walk(n[k]);
    }
  };
  walk(m.contents);
  return [typeof m.altText === 'string' ? m.altText : '', ...out].join('\n');
}

/** A person in a 1:1 chat with the bot on LINE: reads what arrived, taps quick replies, types. */
export function lineUser(h: LineHarness, userId: string) {
  const messages = () => h.standin.delivered(userId);
  const last = () => messages()[messages().length - 1];
  const send = async (event: Json) => {
    const res = await h.post([event]);
    expect(res.status).toBe(200);
    return res;
  };
  const token = () => h.standin.issueReplyToken(userId);
  const prompt = async () => {
    const person = await h.env.services.repo.findPerson('line', userId);
    const intake = person ? await h.env.services.repo.latestIntake(person.id) : null;
    if (!intake || intake.status === 'completed') return undefined;
    const def = h.env.services.questionnaires.get(intake.questionnaireVersion) ?? h.env.services.questionnaires.latest;
    return currentPrompt(def, intake.state);
  };
  return {
    userId,
    messages,
    last,
    prompt,
    /** Everything this person has read so far, as one text. */
    transcript: () => messages().map(textOf).join('\n\n'),
    buttons: () => quickReplyOf(last()),
    follow: (isUnblocked = false) => send(followEvent(userId, token(), isUnblocked)),
    unfollow: () => send(unfollowEvent(userId)),
    say: (text: string) => send(textEvent(userId, text, token())),
    sticker: () => send(stickerEvent(userId, token())),
    image: () => send(imageEvent(userId, token())),
    postback: (data: string) => send(postbackEvent(userId, data, token())),
    /** Taps the quick-reply button with this label. */
    async tap(label: string) {
      const b = quickReplyOf(last()).find((x) => x.label === label);
      if (!b) throw new Error(`no button ${label} among ${quickReplyOf(last()).map((x) => x.label).join(' | ')}`);
      return send(postbackEvent(userId, b.data, token()));
    },
    /** Taps the button that answers with this choice id, when there is one; else types the text (choice ids as their labels). */
    async answer(value: string | string[]) {
      const p = await prompt();
      const b = typeof value === 'string' ? quickReplyOf(last()).find((x) => x.fields.k === 'a' && x.fields.v === value) : undefined;
      if (b) return send(postbackEvent(userId, b.data, token()));
      const set = p?.type === 'yes_no' ? 'yes_no' : p?.choiceSet;
      const typed = [value].flat().map((v) => (set && translator.has('ja', `choices.${set}.${v}`) ? translator.t('ja', `choices.${set}.${v}`) : v));
      return send(textEvent(userId, typed.join('、'), token()));
    },
  };
}
