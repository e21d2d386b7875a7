import type { Outbound, Prompt } from '../../core/messages.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import type { Translator } from '../../i18n/translator.js';
import { progressParams, renderPrompt, renderText, type TextView } from '../console/render-text.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { splitText, truncate } from './block-limits.js';
import { fallbackText } from './fallback-text.js';
import { decodeSlackText } from './decode-slack-text.js';

export type Block = { type: string; [key: string]: unknown };
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const MAX_BLOCKS = 50;
const SECTION_TEXT = 3000;
const BUTTONS_INLINE = 5;
const MAX_MESSAGE_TEXT = 10_000;

const plain = (text: string) => ({ type: 'plain_text', text: truncate(text, 75), emoji: true });
export const mrkdwnSections = (text: string): Block[] =>
  splitText(text, SECTION_TEXT).map((part) => ({ type: 'section', text: { type: 'mrkdwn', text: part } }));

/**
 * Channel-neutral outbound messages as Block Kit: questions with buttons, selects or
 * checkboxes, everything else as escaped text. Long content is split across sections and
 * messages so Slack never rejects it.
 */
export function renderSlack(tr: Translator, view: TextView): SlackMessage[] {
  // Each block with the plain text it says, so that every message's fallback is its own part, not a copy of the whole.
  const parts: { block: Block; plain: string }[] = [];
  const fallback: string[] = [];
  for (const o of view.outbound) {
    const text = renderText(tr, { ...view, outbound: [o] });
    fallback.push(text);
    if (o.kind === 'prompt') parts.push(...promptBlocks(tr, view, o.prompt).map((block, i) => ({ block, plain: i === 0 ? text : '' })));
    else parts.push(...mrkdwnSections(escapeMrkdwn(text)).map((block) => ({ block, plain: decodeSlackText(textOfSection(block)) })));
    // A pause is one tap away from carrying on, as the nudge is.
    if (o.kind === 'notice' && o.key === 'notice.paused')
      parts.push({ block: { type: 'actions', block_id: 'paused', elements: [{ type: 'button', action_id: 'cmd_resume', style: 'primary', text: plain(tr.t(view.locale, 'slack.buttons.resume')), value: 'resume' }] }, plain: '' });
  }
  const groups: (typeof parts)[] = [];
  let current: typeof parts = [];
  let size = 0;
  for (const part of parts) {
    const n = JSON.stringify(part.block).length;
    // Besides 50 blocks, Slack refuses a message whose blocks hold too much text in total (msg_blocks_too_long, about 12k).
    if (current.length > 0 && (current.length >= MAX_BLOCKS || size + n > MAX_MESSAGE_TEXT)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(part);
    size += n;
  }
  if (current.length > 0) groups.push(current);
  const whole = fallback.join('\n\n');
  return groups.map((g) => {
    const own = g.map((p) => p.plain).filter((p) => p.length > 0).join('\n\n');
    return { text: fallbackText(groups.length === 1 ? whole : own || whole), blocks: g.map((p) => p.block) };
  });
}

const textOfSection = (block: Block): string => {
  const text = block.text;
  return typeof text === 'object' && text !== null && 'text' in text && typeof text.text === 'string' ? text.text : '';
};

function promptBlocks(tr: Translator, view: TextView, p: Prompt): Block[] {
  const { locale } = view;
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const blocks: Block[] = [];
  if (p.purpose !== 'confirm')
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t('ui.progress_line', progressParams(tr, locale, p))) }] });
  // The terminal rendering already holds the question, hints and current answer; the choices become controls instead of numbers.
  const withoutChoices: Prompt = { ...p, choices: [], type: p.type === 'choice' || p.type === 'multi_choice' || p.type === 'yes_no' ? 'text' : p.type };
  const lines = renderPrompt(tr, locale, view.definition, withoutChoices)
    .split('\n')
    .filter((l, i) => !(i === 0 && p.purpose !== 'confirm'))
    .filter((l) => l !== t('ui.examples.choice') && l !== t('ui.examples.multi_choice') && l !== t('ui.examples.yes_no'));
  const [question, ...hints] = lines;
  blocks.push(...mrkdwnSections(`*${escapeMrkdwn(question ?? '')}*${hints.length ? `\n${escapeMrkdwn(hints.join('\n'))}` : ''}`));

  const set = p.type === 'yes_no' ? 'yes_no' : p.choiceSet;
  const ids = p.type === 'yes_no' ? ['yes', 'no'] : (p.choices ?? []);
  const option = (id: string) => ({ text: plain(t(`choices.${set}.${id}`)), value: id });
  const blockId = (kind: string) => truncate(`${kind}|${p.promptId}`, 255);
  if (p.type === 'multi_choice' && set) {
    blocks.push({
      type: 'actions',
      block_id: blockId('multi'),
      elements: [
        { type: 'checkboxes', action_id: 'answer_checks', options: ids.slice(0, 10).map(option) },
        { type: 'button', action_id: 'answer_multi_submit', text: plain(t('slack.buttons.submit')), style: 'primary', value: p.promptId.slice(0, 2000) },
      ],
    });
  } else if ((p.type === 'choice' || p.type === 'yes_no') && set) {
    blocks.push(
      ids.length <= BUTTONS_INLINE
        ? { type: 'actions', block_id: blockId('ans'), elements: ids.map((id, i) => ({ type: 'button', action_id: `answer_btn_${i}`, text: plain(t(`choices.${set}.${id}`)), value: id })) }
        : { type: 'actions', block_id: blockId('ans'), elements: [{ type: 'static_select', action_id: 'answer_select', placeholder: plain(t('slack.select_placeholder')), options: ids.slice(0, 100).map(option) }] },
    );
  } else {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t('slack.reply_hint')) }] });
  }
  if (p.purpose === 'confirm') return blocks;
  const nav: Block[] = [];
  if (p.allowUnknown) nav.push({ type: 'button', action_id: 'answer_unknown', text: plain(t('slack.buttons.unknown')), value: 'unknown' });
  if (p.optional) nav.push({ type: 'button', action_id: 'cmd_skip', text: plain(t('slack.buttons.skip')), value: 'skip' });
  nav.push(
    { type: 'button', action_id: 'cmd_back', text: plain(t('slack.buttons.back')), value: 'back' },
    { type: 'button', action_id: 'cmd_review', text: plain(t('slack.buttons.review')), value: 'review' },
    { type: 'button', action_id: 'cmd_pause', text: plain(t('slack.buttons.pause')), value: 'pause' },
    { type: 'button', action_id: 'cmd_lang', text: plain(t('slack.buttons.switch_lang')), value: locale === 'ja' ? 'en' : 'ja' },
  );
  blocks.push({ type: 'actions', block_id: blockId('nav'), elements: nav });
  return blocks;
}

/** An answered question keeps its text and shows the answer (if any), without controls that could act twice. */
export function answeredMessage(question: string, answer: string | null, locale: Locale, tr: Translator): SlackMessage {
  if (answer === null) return { text: fallbackText(question || '…'), blocks: mrkdwnSections(escapeMrkdwn(truncate(question || '…', 2000))) };
  const line = tr.t(locale, 'slack.answered', { answer: truncate(answer, 500) });
  return { text: fallbackText(`${question}\n${line}`), blocks: mrkdwnSections(`${escapeMrkdwn(truncate(question, 2000))}\n${escapeMrkdwn(line)}`) };
}

export const promptOf = (outbound: Outbound[]): Prompt | undefined => {
  const o = [...outbound].reverse().find((x) => x.kind === 'prompt');
  return o?.kind === 'prompt' ? o.prompt : undefined;
};
