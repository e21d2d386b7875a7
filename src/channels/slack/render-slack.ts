import type { Outbound, Prompt } from '../../core/messages.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import type { Translator } from '../../i18n/translator.js';
import { progressParams, renderPrompt, renderText, type TextView } from '../console/render-text.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { splitText, truncate } from './block-limits.js';

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
  const blocks: Block[] = [];
  const fallback: string[] = [];
  for (const o of view.outbound) {
    const text = renderText(tr, { ...view, outbound: [o] });
    fallback.push(text);
    if (o.kind === 'prompt') blocks.push(...promptBlocks(tr, view, o.prompt));
    else blocks.push(...mrkdwnSections(escapeMrkdwn(text)));
  }
  const messages: SlackMessage[] = [];
  let current: Block[] = [];
  let size = 0;
  for (const b of blocks) {
    const n = JSON.stringify(b).length;
    // Besides 50 blocks, Slack refuses a message whose blocks hold too much text in total (msg_blocks_too_long, about 12k).
    if (current.length > 0 && (current.length >= MAX_BLOCKS || size + n > MAX_MESSAGE_TEXT)) {
      messages.push({ text: '', blocks: current });
      current = [];
      size = 0;
    }
    current.push(b);
    size += n;
  }
  if (current.length > 0) messages.push({ text: '', blocks: current });
  const summary = truncate(fallback.join('\n\n'), 3000);
  return messages.map((m) => ({ ...m, text: summary }));
}

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

/** An answered question keeps its text and shows the answer, without controls that could act twice. */
export function answeredMessage(question: string, answer: string, locale: Locale, tr: Translator): SlackMessage {
  const line = tr.t(locale, 'slack.answered', { answer: truncate(answer, 500) });
  return { text: truncate(`${question}\n${line}`, 3000), blocks: mrkdwnSections(`${escapeMrkdwn(truncate(question, 2000))}\n${escapeMrkdwn(line)}`) };
}

export const promptOf = (outbound: Outbound[]): Prompt | undefined => {
  const o = [...outbound].reverse().find((x) => x.kind === 'prompt');
  return o?.kind === 'prompt' ? o.prompt : undefined;
};
