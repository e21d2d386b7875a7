import type { IntakeServices } from '../../app/intake-services.js';
import { handoffOutcomes } from '../../core/handoff/handoff.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import type { Translator } from '../../i18n/translator.js';
import { loadHandoffBrief } from '../../app/load-handoff-brief.js';
import { card, cardBytes, inputSubmit, MAX_CARD_BYTES, plainSubmit, splitText, textBlock, textCards, truncate, type AdaptiveCard, type CardElement, type CardMessage } from './card-kit.js';

/**
 * The office's card for a handoff: the brief, and the PM actions while it is not closed. Ask,
 * note and close open a small form inside the card (Action.ShowCard) whose Submit carries the
 * text, so no dialog or task module is needed.
 */
export async function teamsHandoffCard(s: IntakeServices, handoffId: string, locale: Locale): Promise<CardMessage | null> {
  const t = (key: string, params?: Record<string, string | number>) => s.translator.t(locale, key, params);
  const loaded = await loadHandoffBrief(s, handoffId, locale);
  if (!loaded) return null;
  const { handoff, company, brief } = loaded;
  const title = t('teams.card.title', { company: truncate(company, 200) });

  const data = (action: string) => ({ renkei: 'handoff', action, handoffId: handoff.id });
  const form = (inputs: CardElement[], action: string): AdaptiveCard => card(inputs, [inputSubmit(t('teams.card.send'), data(action), { style: 'positive' })]);
  const textArea = (id: string): CardElement => ({
    type: 'Input.Text',
    id,
    label: t('teams.card.text_label'),
    isMultiline: true,
    maxLength: 2000,
    isRequired: true,
    errorMessage: t('teams.card.text_required'),
  });
  // The Word file stays downloadable once the handoff is closed: it is what the office files.
  const download = plainSubmit(t('teams.card.plan_docx'), data('plan_docx'));
  const actions: CardElement[] =
    handoff.status === 'closed'
      ? [download]
      : [
          ...(handoff.status === 'open' ? [plainSubmit(t('teams.card.claim'), data('claim'), { style: 'positive' })] : []),
          { type: 'Action.ShowCard', title: t('teams.card.ask'), card: form([textArea('askText')], 'ask') },
          { type: 'Action.ShowCard', title: t('teams.card.note'), card: form([textArea('noteText')], 'note') },
          {
            type: 'Action.ShowCard',
            title: t('teams.card.close'),
            card: form(
              [
                {
                  type: 'Input.ChoiceSet',
                  id: 'outcome',
                  label: t('teams.card.outcome_label'),
                  style: 'expanded',
                  isRequired: true,
                  errorMessage: t('teams.card.outcome_required'),
                  choices: handoffOutcomes.map((o) => ({ title: t(`brief.outcomes.${o}`), value: o })),
                },
              ],
              'close',
            ),
          },
          download,
        ];

  // One card that is later updated in place: the brief is cut to fit rather than split.
  let text = brief;
  for (;;) {
    const body = [textBlock(title, { size: 'Large', weight: 'Bolder' }), ...splitText(text).map((part) => textBlock(part, { spacing: 'Small' }))];
    const c = card(body, actions);
    if (cardBytes(c) <= MAX_CARD_BYTES || text.length < 200) return { card: c, summary: truncate(title, 200) };
    text = truncate(text, Math.floor([...text].length * 0.8));
  }
}

/** The card once the company's data was deleted: no company name, no brief, no actions. */
export function teamsDeletedHandoffCard(translator: Translator, locale: Locale, handoffId: string): CardMessage {
  const title = translator.t(locale, 'privacy.card.title');
  return { card: card([textBlock(title, { size: 'Large', weight: 'Bolder' }), textBlock(translator.t(locale, 'privacy.card.body', { handoff: handoffId }))]), summary: truncate(title, 200) };
}

/** The plan draft as thread replies, each card within the size budget. */
export function planThreadCards(s: IntakeServices, locale: Locale, markdown: string): CardMessage[] {
  const intro = s.translator.t(locale, 'teams.card.plan_thread');
  return [{ card: card([textBlock(intro, { weight: 'Bolder' })]), summary: intro }, ...textCards(markdown).map((c) => ({ card: c, summary: truncate(intro, 200) }))];
}
