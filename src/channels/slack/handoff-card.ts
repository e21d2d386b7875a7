import type { IntakeServices } from '../../app/intake-services.js';
import { handoffOutcomes } from '../../core/handoff/handoff.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import type { Translator } from '../../i18n/translator.js';
import { loadHandoffBrief } from '../../app/load-handoff-brief.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { splitText, truncate } from './block-limits.js';
import { fallbackText } from './fallback-text.js';
import { mrkdwnSections, type Block, type SlackMessage } from './render-slack.js';

/** The office's card for a handoff: the brief, and the PM actions while it is not closed. */
export async function handoffCard(s: IntakeServices, handoffId: string, locale: Locale): Promise<SlackMessage | null> {
  const t = (key: string, params?: Record<string, string | number>) => s.translator.t(locale, key, params);
  const loaded = await loadHandoffBrief(s, handoffId, locale);
  if (!loaded) return null;
  const { handoff, company, brief } = loaded;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(t('slack.card.title', { company }), 150), emoji: true } },
    // Slack refuses a message whose blocks hold more than about 12k characters; the full plan goes to the thread.
    ...mrkdwnSections(escapeMrkdwn(truncate(brief, 8000))),
  ];
  if (handoff.status !== 'closed') {
    blocks.push({
      type: 'actions',
      block_id: `card|${handoff.id}`,
      elements: [
        ...(handoff.status === 'open' ? [{ type: 'button', action_id: 'ho_claim', style: 'primary', text: plain(t('slack.card.claim')), value: handoff.id }] : []),
        { type: 'button', action_id: 'ho_ask', text: plain(t('slack.card.ask')), value: handoff.id },
        { type: 'button', action_id: 'ho_note', text: plain(t('slack.card.note')), value: handoff.id },
        { type: 'button', action_id: 'ho_close', text: plain(t('slack.card.close')), value: handoff.id },
      ],
    });
  }
  return { text: fallbackText(t('slack.card.title', { company })), blocks };
}

/** The card once the company's data was deleted: no company name, no brief, no actions. */
export function deletedHandoffCard(translator: Translator, locale: Locale, handoffId: string): SlackMessage {
  const title = translator.t(locale, 'privacy.card.title');
  return {
    text: fallbackText(title),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(title, 150), emoji: true } },
      ...mrkdwnSections(escapeMrkdwn(translator.t(locale, 'privacy.card.body', { handoff: handoffId }))),
    ],
  };
}

/** The plan draft as thread replies, each within Slack's section limit. */
export function planThreadMessages(markdown: string): SlackMessage[] {
  return splitText(markdown, 2900).map((part) => ({ text: fallbackText(part), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(part) } }] }));
}

/** Modals for the actions that need text: ask the company, add a note, close with an outcome. */
type PlainText = { type: 'plain_text'; text: string; emoji: boolean };
export interface HandoffModal {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  blocks: Block[];
}

export function handoffModal(kind: 'ask' | 'note' | 'close', handoffId: string, locale: Locale, s: IntakeServices): HandoffModal {
  const t = (key: string) => s.translator.t(locale, key);
  const blocks: Block[] =
    kind === 'close'
      ? [
          {
            type: 'input',
            block_id: 'outcome',
            label: plain(t('slack.card.outcome_label')),
            element: { type: 'static_select', action_id: 'value', options: handoffOutcomes.map((o) => ({ text: plain(t(`brief.outcomes.${o}`)), value: o })) },
          },
        ]
      : [{ type: 'input', block_id: 'text', label: plain(t('slack.card.text_label')), element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 } }];
  return {
    type: 'modal',
    callback_id: `ho_modal_${kind}`,
    private_metadata: handoffId,
    title: plain(truncate(t(`slack.card.modal_${kind}`), 24)),
    submit: plain(truncate(t('slack.card.modal_submit'), 24)),
    close: plain(truncate(t('slack.card.modal_cancel'), 24)),
    blocks,
  };
}

const plain = (text: string): PlainText => ({ type: 'plain_text', text: truncate(text, 75), emoji: true });
