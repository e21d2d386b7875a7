import { z } from 'zod';
import { handleInbound, type Reply } from '../../app/handle-inbound.js';
import type { IntakeServices } from '../../app/intake-services.js';
import { errorCode } from '../../app/notify.js';
import type { EngineInput } from '../../core/questionnaire/advance.js';
import { currentPrompt } from '../../core/questionnaire/engine-flow.js';
import { rebaseState } from '../../core/questionnaire/rebase-state.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import type { CardData } from './teams-activity.js';
import { answeredCard, renderCards } from './render-cards.js';
import type { TeamsSender } from './teams-sender.js';
import { toStored, type TeamsReference } from './teams-reference.js';
import { recordDelivery } from '../../app/record-delivery.js';
import { faultPoint } from '../../fault-point.js';

const PROMPT = 'teams_prompt';

/** The question card last posted to a person, so that it can be closed once answered. */
const storedPrompt = z.object({
  activityId: z.string().min(1),
  conversationId: z.string().min(1),
  promptId: z.string(),
  question: z.string(),
  choiceSet: z.string().nullable(),
});

export interface TeamsTurn {
  userId: string;
  displayName?: string;
  locale?: string;
  typedLocale?: Locale;
  input: EngineInput;
  /** The ledger id of the activity (`<conversation id>|<activity id>`), committed with the turn. */
  deliveryId?: string;
}

/**
 * One turn of the company's conversation in its personal chat: the use case saves the answer,
 * the previous question card is rewritten to show the answer (its inputs and buttons gone, so
 * an old click cannot act twice), then the reply is posted.
 */
export async function teamsTurn(s: IntakeServices, sender: TeamsSender, ref: TeamsReference, turn: TeamsTurn, saved?: (reply: Reply) => void): Promise<Reply> {
  const reply = await handleInbound(s, {
    channel: 'teams',
    userId: turn.userId,
    address: toStored(ref),
    input: turn.input,
    tracksDelivery: true,
    ignoresRepeatedPress: true,
    ...(turn.deliveryId ? { delivery: { source: 'teams' as const, id: turn.deliveryId } } : {}),
    ...(turn.locale ? { locale: turn.locale } : {}),
    ...(turn.typedLocale ? { typedLocale: turn.typedLocale } : {}),
    ...(turn.displayName ? { displayName: turn.displayName } : {}),
  });
  saved?.(reply);
  // The second of a double click: Teams had its 200, and nothing else happens.
  if (reply.refused === 'repeated_press') {
    s.log.info('teams repeated press ignored', { reason: 'same answer already taken' });
    return reply;
  }
  if (reply.refused === 'rate_limited') {
    // Not processed: the question card stays open; only the "slow down" notice (if any) is sent.
    for (const m of renderCards(s.translator, reply)) await sender.send(ref, m, s.translator.t(reply.locale, 'teams.shortened'));
    return reply;
  }
  // A copy already handled: only a question that never reached the person is sent again.
  if (reply.duplicate && reply.outbound.length === 0) return reply;
  let closed = false;
  if (!reply.duplicate) {
    try {
      closed = await closePreviousPrompt(s, sender, ref, reply, turn.input);
    } catch (err) {
      // The old card keeps its buttons (a click on it gets the stale note); the next question matters more.
      s.log.warn('teams could not close the previous question card', { code: errorCode(err), personId: reply.person.id, intakeId: reply.intake?.id });
    }
  }
  try {
    await postReply(s, sender, ref, reply);
  } catch (err) {
    // Closed for good: with the reply lost, the next turn must not rewrite that card again.
    if (closed) await s.channelMessages.remove(PROMPT, reply.person.id, 'teams').catch(() => undefined);
    throw err;
  }
  return reply;
}

export async function postReply(s: IntakeServices, sender: TeamsSender, ref: TeamsReference, reply: Reply): Promise<void> {
  const note = s.translator.t(reply.locale, 'teams.shortened');
  let promptCard: { activityId: string; promptId: string; question: string; choiceSet: string | null } | null = null;
  for (const m of renderCards(s.translator, reply)) {
    const activityId = await sender.send(ref, m, note);
    if (m.prompt && activityId) promptCard = { activityId, promptId: m.prompt.promptId, question: m.prompt.question, choiceSet: m.prompt.choiceSet };
  }
  await faultPoint('after-reply');
  await recordDelivery(s, reply, { channel: 'teams', value: promptCard ? { ...promptCard, conversationId: ref.conversation.id } : null });
}

/** True when a card was closed. */
async function closePreviousPrompt(s: IntakeServices, sender: TeamsSender, ref: TeamsReference, reply: Reply, input: EngineInput): Promise<boolean> {
  const previous = storedPrompt.safeParse(reply.previousPrompt);
  if (!previous.success || previous.data.conversationId !== ref.conversation.id) return false;
  const t = (key: string) => s.translator.t(reply.locale, key);
  const skipped = reply.events.some((e) => e.type === 'skipped');
  const answered = reply.events.some((e) => e.type === 'answered');
  const label = skipped ? t('teams.skipped') : answered ? answerLabel(s, reply.locale, previous.data.choiceSet, input) : t('teams.not_answered');
  await sender.update(ref, previous.data.activityId, answeredCard(s.translator, reply.locale, previous.data.question, label), t('teams.shortened'));
  return true;
}

/** The answer as the company chose or typed it, in the language of the reply. */
function answerLabel(s: IntakeServices, locale: Locale, choiceSet: string | null, input: EngineInput): string {
  const t = (key: string) => s.translator.t(locale, key);
  if (input.kind === 'text') return input.text;
  if (input.kind !== 'answer') return '';
  const label = (id: string) => (id === 'unknown' ? t('ui.values.unknown') : choiceSet && s.translator.has(locale, `choices.${choiceSet}.${id}`) ? t(`choices.${choiceSet}.${id}`) : id);
  return Array.isArray(input.value) ? input.value.map(label).join(locale === 'ja' ? '、' : ', ') : label(input.value);
}

/**
 * A card's answer as engine input. Buttons and choices carry their prompt id, so the engine
 * recognises a click on an old card. A typed answer from a card's text box is taken as text
 * (the engine parses it) only while its card is the current question; otherwise it goes in as
 * an answer to its own prompt, which the engine then answers with the polite stale note.
 */
export async function cardInput(s: IntakeServices, userId: string, data: Exclude<CardData, { renkei: 'handoff' }>): Promise<EngineInput> {
  if (data.renkei === 'command') return data.arg ? { kind: 'command', command: data.command, arg: data.arg } : { kind: 'command', command: data.command };
  if (data.choice !== undefined) return { kind: 'answer', promptId: data.promptId, value: data.choice };
  const answer = data.answer ?? '';
  if (data.input === 'multi') return { kind: 'answer', promptId: data.promptId, value: answer.split(',').filter((v) => v.length > 0) };
  if (data.input !== 'text') return { kind: 'answer', promptId: data.promptId, value: answer };
  return (await isCurrentPrompt(s, userId, data.promptId)) ? { kind: 'text', text: answer } : { kind: 'answer', promptId: data.promptId, value: answer };
}

async function isCurrentPrompt(s: IntakeServices, userId: string, promptId: string): Promise<boolean> {
  const person = await s.repo.findPerson('teams', userId);
  const intake = person ? await s.repo.latestIntake(person.id) : null;
  if (!intake) return false;
  const pinned = s.questionnaires.get(intake.questionnaireVersion);
  const def = pinned ?? s.questionnaires.latest;
  return currentPrompt(def, pinned ? intake.state : rebaseState(def, intake.state))?.promptId === promptId;
}
