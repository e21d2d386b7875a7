import type { messagingApi } from '@line/bot-sdk';
import type { Outbound, Prompt, ReviewItem } from '../../core/messages.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { findQuestion } from '../../core/questionnaire/navigation.js';
import { formatAnswer } from '../../core/questionnaire/format-answer.js';
import type { Translator } from '../../i18n/translator.js';
import { renderSummary, renderText, type TextView } from '../console/render-text.js';
import { encodePostback } from './line-postback.js';

type Message = messagingApi.Message;
type QuickReplyItem = messagingApi.QuickReplyItem;
type FlexBubble = messagingApi.FlexBubble;
type FlexComponent = messagingApi.FlexComponent;

/**
 * The Messaging API's limits (developers.line.biz/en/reference/messaging-api): what one reply
 * or push may carry, and the sizes LINE refuses with 400 beyond. test/conformance/line checks
 * every message the tests produce against the same numbers.
 */
export const LINE_LIMITS = {
  messagesPerRequest: 5,
  textChars: 5000,
  quickReplyItems: 13,
  quickReplyLabelChars: 20,
  postbackDataChars: 300,
  displayTextChars: 300,
  altTextChars: 1500,
  carouselBubbles: 12,
  bubbleBytes: 30 * 1024,
  carouselBytes: 50 * 1024,
  buttonLabelChars: 40,
} as const;

/** Characters as LINE counts them (UTF-16 code units would count an emoji twice). */
export const charCount = (s: string): number => [...s].length;

export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Channel-neutral outbound messages as LINE messages: one text per question (the numbered
 * choices in the text, so a choice can always be typed) with quick-reply buttons for the
 * choices and the commands, a Flex carousel for the review and a Flex bubble for the summary,
 * the rest as text, merged into as few messages as fit (a reply carries at most five).
 */
export function renderLine(tr: Translator, view: TextView): Message[] {
  const messages: Message[] = [];
  const texts: string[] = [];
  const flush = (quickReply?: messagingApi.QuickReply) => {
    if (texts.length === 0) return;
    const parts = splitText(texts.join('\n\n'), LINE_LIMITS.textChars);
    texts.length = 0;
    parts.forEach((text, i) => messages.push({ type: 'text', text, ...(quickReply && i === parts.length - 1 ? { quickReply } : {}) }));
  };
  for (const o of view.outbound) {
    if (o.kind === 'prompt') {
      texts.push(renderText(tr, { ...view, outbound: [o] }));
      flush({ items: quickReplyItems(tr, view.locale, o.prompt) });
    } else if (o.kind === 'review') {
      const flex = reviewFlex(tr, view, o.items);
      if (flex) {
        flush();
        messages.push(flex);
      } else texts.push(renderText(tr, { ...view, outbound: [o] }));
    } else if (o.kind === 'summary') {
      const flex = summaryFlex(tr, view.locale, o);
      if (flex) {
        flush();
        messages.push(flex);
      } else texts.push(renderSummary(tr, view.locale, o));
    } else {
      const text = renderText(tr, { ...view, outbound: [o] });
      if (text.length > 0) texts.push(text);
    }
  }
  flush();
  return messages;
}

/** Plain text (a notice to push) as LINE text messages within the length limit. */
export function textMessages(text: string): Message[] {
  return splitText(text, LINE_LIMITS.textChars).map((t) => ({ type: 'text', text: t }));
}

/** Splits at line breaks where it can, so no part passes `max` characters. */
export function splitText(text: string, max: number): string[] {
  if (charCount(text) <= max) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (charCount(candidate) <= max) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    // A single line longer than the limit is cut by characters.
    const chars = [...line];
    while (chars.length > max) parts.push(chars.splice(0, max).join(''));
    current = chars.join('');
  }
  if (current) parts.push(current);
  return parts;
}

const postbackItem = (label: string, data: string, displayText: string): QuickReplyItem => ({
  type: 'action',
  action: { type: 'postback', label: clip(label, LINE_LIMITS.quickReplyLabelChars), data, displayText: clip(displayText, LINE_LIMITS.displayTextChars) },
});

/**
 * The buttons under a question. Choices come first and only when all of them fit in LINE's 13
 * items (a longer list stays a numbered list in the text, answered by typing the number);
 * the commands fill what room is left, because every one of them can also be typed. A label
 * over 20 characters is shortened with its number in front, the full text being in the list
 * above. Several choices (multi_choice) are typed as numbers ("1,3"): a quick reply sends one.
 */
export function quickReplyItems(tr: Translator, locale: Locale, p: Prompt): QuickReplyItem[] {
  const t = (key: string) => tr.t(locale, key);
  const items: QuickReplyItem[] = [];
  const answer = (value: string, label: string) => postbackItem(label, encodePostback({ kind: 'answer', promptId: p.promptId, value }), label);
  const command = (name: string, label: string, arg?: string) => postbackItem(label, encodePostback({ kind: 'command', command: name, ...(arg ? { arg } : {}) }), label);
  const set = p.type === 'yes_no' ? 'yes_no' : p.choiceSet;
  const ids = p.type === 'yes_no' ? ['yes', 'no'] : p.type === 'choice' ? (p.choices ?? []) : [];
  if (set && ids.length > 0 && ids.length <= LINE_LIMITS.quickReplyItems) {
    ids.forEach((id, i) => {
      const label = t(`choices.${set}.${id}`);
      const shown = charCount(label) <= LINE_LIMITS.quickReplyLabelChars || p.type === 'yes_no' ? label : `${i + 1}. ${label}`;
      items.push(postbackItem(shown, encodePostback({ kind: 'answer', promptId: p.promptId, value: id }), label));
    });
  }
  const extra: QuickReplyItem[] = [];
  if (p.purpose !== 'confirm') {
    if (p.allowUnknown) extra.push(answer('unknown', t('line.buttons.unknown')));
    if (p.optional) extra.push(command('skip', t('line.buttons.skip')));
    extra.push(command('back', t('line.buttons.back')), command('review', t('line.buttons.review')), command('pause', t('line.buttons.pause')));
    extra.push(command('lang', t('line.buttons.switch_lang'), locale === 'ja' ? 'en' : 'ja'));
  }
  return [...items, ...extra].slice(0, LINE_LIMITS.quickReplyItems);
}

const utf8Bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

const text = (s: string, extra: Partial<messagingApi.FlexText> = {}): messagingApi.FlexText => ({ type: 'text', text: s.length > 0 ? s : ' ', wrap: true, ...extra });

/**
 * The review as a carousel, one bubble per section, swiped on a phone. Long answers are
 * shortened until the carousel fits LINE's Flex limits (the whole answer is shown again when
 * the company edits it); null (text instead) only when even short ones do not fit.
 */
function reviewFlex(tr: Translator, view: TextView, items: ReviewItem[]): messagingApi.FlexMessage | null {
  const { locale, definition } = view;
  const t = (key: string) => tr.t(locale, key);
  if (items.length === 0) return null;
  const sections: { section: string; items: ReviewItem[] }[] = [];
  for (const it of items) {
    const last = sections[sections.length - 1];
    if (last && last.section === it.section) last.items.push(it);
    else sections.push({ section: it.section, items: [it] });
  }
  if (sections.length > LINE_LIMITS.carouselBubbles) return null;
  const valueOf = (it: ReviewItem) => {
    const q = findQuestion(definition, it.questionId);
    return it.value === undefined || !q ? t('ui.values.skipped') : formatAnswer(tr, locale, definition, q, it.value);
  };
  const bubbles = (maxChars: number): FlexBubble[] =>
    sections.map(({ section, items: rows }) => ({
      type: 'bubble',
      size: 'mega',
      header: { type: 'box', layout: 'vertical', contents: [text(t(`sections.${section}`), { weight: 'bold', size: 'md' })], paddingBottom: 'sm' },
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: rows.map(
          (it): FlexComponent => ({
            type: 'box',
            layout: 'vertical',
            contents: [text(`${it.number}. ${t(`questions.${it.questionId}.label`)}`, { size: 'xs', color: '#888888' }), text(clip(valueOf(it), maxChars), { size: 'sm' })],
          }),
        ),
      },
      footer: { type: 'box', layout: 'vertical', contents: [text(t('ui.review_edit'), { size: 'xxs', color: '#888888' })] },
    }));
  for (const maxChars of [1000, 300, 120, 60]) {
    const contents: messagingApi.FlexCarousel = { type: 'carousel', contents: bubbles(maxChars) };
    if (utf8Bytes(contents) <= LINE_LIMITS.carouselBytes && contents.contents.every((b) => utf8Bytes(b) <= LINE_LIMITS.bubbleBytes))
      return { type: 'flex', altText: clip(t('ui.review_title'), LINE_LIMITS.altTextChars), contents };
  }
  return null;
}

type Summary = Extract<Outbound, { kind: 'summary' }>;

const BAND_COLOURS: Record<Summary['band'], string> = { ready: '#1B7F3B', needs_partners: '#B26A00', early: '#5A5A5A', ineligible: '#A12622' };

/** The end of the consultation as one bubble: the band and score on top, next steps, what would raise the score, the office. */
function summaryFlex(tr: Translator, locale: Locale, s: Summary): messagingApi.FlexMessage | null {
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const sep = locale === 'ja' ? '、' : ', ';
  const gapText = (g: Summary['nextSteps'][number]) => t(`readiness.gaps.${g.code}`, { list: g.list ? g.list.ids.map((id) => t(`choices.${g.list?.choiceSet}.${id}`)).join(sep) : '' });
  const body: FlexComponent[] = [text(t(`readiness.band_explain.${s.band}`), { size: 'sm' })];
  if (s.nextSteps.length > 0) {
    body.push({ type: 'separator', margin: 'md' }, text(t('readiness.summary.next_steps'), { weight: 'bold', size: 'sm', margin: 'md' }));
    s.nextSteps.forEach((g, i) => body.push(text(`${i + 1}. ${t(`readiness.actions.${g.code}`)}`, { size: 'sm' })));
    body.push(text(t('readiness.summary.raise'), { weight: 'bold', size: 'sm', margin: 'md' }));
    for (const g of s.nextSteps) body.push(text(`・${t('readiness.summary.raise_item', { gap: gapText(g), points: g.potential })}`, { size: 'sm' }));
  }
  if (s.toConfirm.length > 0) body.push(text(t('readiness.summary.to_confirm', { list: s.toConfirm.map((id) => t(`questions.${id}.label`)).join(sep) }), { size: 'sm', margin: 'md' }));
  body.push(
    { type: 'separator', margin: 'md' },
    text(s.shared && s.office ? t('readiness.summary.handed_off', { office: s.office.name[locale] }) : t('readiness.summary.not_shared'), { size: 'sm', margin: 'md' }),
    text(t('readiness.summary.no_promise'), { size: 'xs', color: '#888888' }),
  );
  const bubble: FlexBubble = {
    type: 'bubble',
    size: 'mega',
    header: {
      type: 'box',
      layout: 'vertical',
      backgroundColor: BAND_COLOURS[s.band],
      contents: [
        text(t('readiness.summary.title'), { size: 'xs', color: '#FFFFFF' }),
        text(t(`readiness.bands.${s.band}`), { weight: 'bold', size: 'lg', color: '#FFFFFF' }),
        text(t('readiness.summary.score', { score: s.score }), { size: 'sm', color: '#FFFFFF' }),
      ],
    },
    body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
  };
  const altText = clip(`${t('readiness.summary.title')}: ${t(`readiness.bands.${s.band}`)} — ${t('readiness.summary.score', { score: s.score })}`, LINE_LIMITS.altTextChars);
  return utf8Bytes(bubble) <= LINE_LIMITS.bubbleBytes ? { type: 'flex', altText, contents: bubble } : null;
}
