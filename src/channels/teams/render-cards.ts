import type { Outbound, Prompt } from '../../core/messages.js';
import type { AnswerType } from '../../core/questionnaire/definition.js';
import { MAX_LONG_TEXT, MAX_SHORT_TEXT } from '../../core/questionnaire/parse-answer.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import type { Translator } from '../../i18n/translator.js';
import { progressParams, renderPrompt, renderText, type TextView } from '../console/render-text.js';
import { card, inputSubmit, plainSubmit, textBlock, textCards, truncate, type AdaptiveCard, type CardElement, type CardMessage } from './card-kit.js';

/** What the channel needs to remember about a question card to close it once answered. */
export interface PromptMeta {
  promptId: string;
  question: string;
  type: AnswerType;
  choiceSet: string | null;
}

export interface RenderedMessage extends CardMessage {
  prompt?: PromptMeta;
}

/** Choice sets this small are shown as radio buttons or checkboxes; larger ones as a drop-down. */
const EXPANDED_CHOICES = 5;

/**
 * Channel-neutral outbound messages as Adaptive Cards: a card per question (inputs, progress,
 * navigation), everything else as text cards. A validation message is shown inside the
 * question card it belongs to, next to the input.
 */
export function renderCards(tr: Translator, view: TextView): RenderedMessage[] {
  const t = (key: string, params?: Record<string, string | number>) => tr.t(view.locale, key, params);
  const prompt = [...view.outbound].reverse().find((o) => o.kind === 'prompt');
  const p = prompt?.kind === 'prompt' ? prompt.prompt : undefined;
  const set = p?.type === 'yes_no' ? 'yes_no' : p?.choiceSet;
  const invalidText = (o: Extract<Outbound, { kind: 'invalid' }>) => {
    const params = { ...o.params };
    if (typeof params.choice === 'string' && set) params.choice = t(`choices.${set}.${params.choice}`);
    return `⚠ ${t(`errors.${o.code}`, params)}`;
  };

  const messages: RenderedMessage[] = [];
  const texts: string[] = [];
  const invalid: string[] = [];
  // The read-back of the last answer belongs on the card of the next question, as in the other channels.
  const recorded: string[] = [];
  const flush = () => {
    if (texts.length === 0) return;
    const text = texts.join('\n\n');
    for (const c of textCards(text)) messages.push({ card: c, summary: truncate(text, 200) });
    texts.length = 0;
  };
  for (const o of view.outbound) {
    if (o.kind === 'prompt') {
      flush();
      messages.push(promptMessage(tr, view, o.prompt, invalid.splice(0), recorded.splice(0)));
    } else if (o.kind === 'invalid' && p) invalid.push(invalidText(o));
    else if (o.kind === 'recorded' && p) recorded.push(renderText(tr, { ...view, outbound: [o] }));
    else {
      const text = renderText(tr, { ...view, outbound: [o] });
      if (text.length > 0) texts.push(text);
    }
  }
  texts.push(...invalid);
  flush();
  return messages;
}

function promptMessage(tr: Translator, view: TextView, p: Prompt, invalid: string[], recorded: string[] = []): RenderedMessage {
  const { locale } = view;
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const choiceType = p.type === 'choice' || p.type === 'multi_choice' || p.type === 'yes_no';
  // The terminal rendering already holds the question, hints and current answer; choices become inputs instead of numbers.
  const withoutChoices: Prompt = { ...p, choices: [], type: choiceType ? 'text' : p.type };
  const examples = new Set([t('ui.examples.choice'), t('ui.examples.multi_choice'), t('ui.examples.yes_no')]);
  const lines = renderPrompt(tr, locale, view.definition, withoutChoices)
    .split('\n')
    .filter((_, i) => !(i === 0 && p.purpose !== 'confirm'))
    .filter((l) => !(choiceType && examples.has(l)));
  // A group's "another entry?" shows the entries first; the question is the line after them.
  const questionIndex = p.purpose === 'group_more' && p.items && p.items.length > 0 ? lines.findIndex((l) => l === t(p.key)) : 0;
  const question = lines[Math.max(0, questionIndex)] ?? t(p.key);
  const before = questionIndex > 0 ? lines.slice(0, questionIndex) : [];
  const hints = lines.slice(Math.max(0, questionIndex) + 1);

  const set = p.type === 'yes_no' ? 'yes_no' : (p.choiceSet ?? null);
  const body: CardElement[] = [];
  for (const line of recorded) body.push(textBlock(line, { color: 'Good', spacing: 'None' }));
  if (p.purpose !== 'confirm')
    body.push(textBlock(t('ui.progress_line', progressParams(tr, locale, p)), { size: 'Small', isSubtle: true, spacing: 'None' }));
  if (before.length > 0) body.push(textBlock(before.join('\n'), { isSubtle: true }));
  body.push(textBlock(question, { weight: 'Bolder', size: 'Medium' }));
  if (hints.length > 0) body.push(textBlock(hints.join('\n'), { isSubtle: true, spacing: 'Small' }));
  for (const line of invalid) body.push(textBlock(line, { color: 'Attention' }));

  const answerData = (extra: Record<string, string>) => ({ renkei: 'answer', promptId: p.promptId, ...extra });
  const answerActions: CardElement[] = [];
  if (p.type === 'yes_no' || !set) {
    if (p.type === 'yes_no') {
      answerActions.push(
        plainSubmit(t('teams.buttons.yes'), answerData({ choice: 'yes' }), { style: 'positive' }),
        plainSubmit(t('teams.buttons.no'), answerData({ choice: 'no' })),
      );
    } else {
      body.push(textInput(t, p));
      answerActions.push(inputSubmit(t('teams.buttons.submit'), answerData({ input: 'text' }), { style: 'positive' }));
    }
  } else {
    const ids = p.choices ?? [];
    const current = p.current === undefined ? undefined : Array.isArray(p.current) ? p.current.filter((v): v is string => typeof v === 'string').join(',') : typeof p.current === 'string' ? p.current : undefined;
    body.push({
      type: 'Input.ChoiceSet',
      id: 'answer',
      label: t('teams.answer_label'),
      choices: ids.map((id) => ({ title: truncate(t(`choices.${set}.${id}`), 200), value: id })),
      style: ids.length <= EXPANDED_CHOICES ? 'expanded' : 'compact',
      isMultiSelect: p.type === 'multi_choice',
      isRequired: true,
      errorMessage: t('teams.required_choice'),
      ...(ids.length > EXPANDED_CHOICES ? { placeholder: t('teams.choose_placeholder') } : {}),
      ...(current && current.split(',').every((c) => ids.includes(c)) ? { value: current } : {}),
    });
    answerActions.push(inputSubmit(t('teams.buttons.submit'), answerData({ input: p.type === 'multi_choice' ? 'multi' : 'choice' }), { style: 'positive' }));
  }
  if (p.purpose !== 'confirm') {
    if (p.allowUnknown) answerActions.push(plainSubmit(t('teams.buttons.unknown'), answerData({ choice: 'unknown' })));
    if (p.optional) answerActions.push(plainSubmit(t('teams.buttons.skip'), { renkei: 'command', command: 'skip' }));
  }
  body.push({ type: 'ActionSet', actions: answerActions });
  if (!choiceType) body.push(textBlock(t('teams.reply_hint'), { size: 'Small', isSubtle: true }));

  const nav: CardElement[] =
    p.purpose === 'confirm'
      ? []
      : [
          plainSubmit(t('teams.buttons.back'), { renkei: 'command', command: 'back' }),
          plainSubmit(t('teams.buttons.review'), { renkei: 'command', command: 'review' }),
          plainSubmit(t('teams.buttons.pause'), { renkei: 'command', command: 'pause' }),
          plainSubmit(t('teams.buttons.switch_lang'), { renkei: 'command', command: 'lang', arg: locale === 'ja' ? 'en' : 'ja' }),
        ];
  return {
    card: card(body, nav),
    summary: truncate(question, 200),
    prompt: { promptId: p.promptId, question: truncate(question, 1000), type: p.type, choiceSet: set },
  };
}

function textInput(t: (key: string) => string, p: Prompt): CardElement {
  const current = typeof p.current === 'string' ? p.current : typeof p.current === 'number' ? String(p.current) : undefined;
  return {
    type: 'Input.Text',
    id: 'answer',
    label: t('teams.answer_label'),
    isMultiline: p.type === 'long_text',
    maxLength: p.type === 'long_text' ? MAX_LONG_TEXT : MAX_SHORT_TEXT,
    placeholder: t('teams.text_placeholder'),
    isRequired: true,
    errorMessage: t('teams.required_text'),
    ...(p.type === 'email' ? { style: 'Email' } : {}),
    ...(current !== undefined && p.type !== 'money' ? { value: current } : {}),
  };
}

/** An answered question keeps its text and shows the answer, with no input or button left to act twice. */
export function answeredCard(tr: Translator, locale: Locale, question: string, answer: string): CardMessage {
  const line = tr.t(locale, 'teams.answered', { answer: truncate(answer, 1000) });
  return { card: card([textBlock(truncate(question, 2000), { isSubtle: true }), textBlock(line, { weight: 'Bolder' })]), summary: truncate(line, 200) };
}

export const promptOf = (outbound: Outbound[]): Prompt | undefined => {
  const o = [...outbound].reverse().find((x) => x.kind === 'prompt');
  return o?.kind === 'prompt' ? o.prompt : undefined;
};

/** A plain text notice (a PM's question, a claim) as cards. */
export function noticeCards(text: string): CardMessage[] {
  return textCards(text).map((c: AdaptiveCard) => ({ card: c, summary: truncate(text, 200) }));
}
