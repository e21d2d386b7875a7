import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/app/handle-inbound.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { cardBytes, shrinkCard, textCards } from '../../src/channels/teams/card-kit.js';
import { planThreadCards, teamsHandoffCard } from '../../src/channels/teams/handoff-card.js';
import { answeredCard, renderCards } from '../../src/channels/teams/render-cards.js';
import { person, translator } from '../support/harness.js';
import { sqliteServices, type ServicesForTests } from '../support/services.js';
import { batteryByPrompt } from '../fixtures/battery-by-prompt.js';
import { allCardProblems, CARD_SIZE_LIMIT } from '../support/teams-card-check.js';
import { walk } from '../support/teams-user.js';

/**
 * Every kind of card the Teams channel can produce, checked with Microsoft's renderer library
 * at 1.5 and against the size limit: each question type in both languages, validation
 * messages, confirmations, repeatable groups, review, help, summary, the handoff card in each
 * state, the plan thread, answered and shortened cards, and text far longer than one card holds.
 */

let env: ServicesForTests;
beforeAll(async () => {
  env = await sqliteServices();
});
afterAll(() => env.close());

const replies: Reply[] = [];

async function runIntake(userId: string, locale: 'ja' | 'en', long = false) {
  const p = person(env.services, userId);
  replies.push((await p.start(locale)).reply);
  for (const text of ['help', 'review', 'pause', 'resume', 'restart', 'no', 'delete', 'no']) replies.push((await p.say(text)).reply);
  for (let i = 0; i < 80; i++) {
    const last = replies[replies.length - 1];
    const prompt = last ? [...last.outbound].reverse().find((o) => o.kind === 'prompt') : undefined;
    if (prompt?.kind !== 'prompt') break;
    const { promptId, type } = prompt.prompt;
    const answer = promptId.endsWith('#more') ? 'no' : (batteryByPrompt[promptId] ?? 'no');
    // A wrong answer first, so the validation message inside the question card is rendered too.
    if (type === 'integer' || type === 'money') replies.push((await p.say('たくさん')).reply);
    if (long && (type === 'long_text' || type === 'text')) replies.push((await p.say('長い回答です。'.repeat(type === 'text' ? 25 : 550))).reply);
    else if (Array.isArray(answer) || type === 'choice' || type === 'yes_no' || type === 'multi_choice') replies.push((await p.press(promptId, answer)).reply);
    else replies.push((await p.say(answer)).reply);
  }
  replies.push((await p.say('review')).reply);
}

describe('Teams cards', () => {
  it('renders every question, notice, review and summary of whole intakes in both languages as valid Adaptive Cards 1.5 under 28 KB', async () => {
    await runIntake('cards-ja', 'ja');
    await runIntake('cards-en', 'en');
    await runIntake('cards-long', 'ja', true);
    const messages = replies.flatMap((r) => renderCards(translator, r));
    const cards = messages.map((m) => m.card);
    const types = new Set(cards.flatMap((c) => walk(c).map((e) => `${e.type}${e.type === 'Input.ChoiceSet' ? `:${String(e.style)}:${String(e.isMultiSelect)}` : ''}`)));
    for (const t of ['Input.ChoiceSet:expanded:false', 'Input.ChoiceSet:compact:false', 'Input.ChoiceSet:compact:true', 'Input.Text', 'ActionSet', 'Action.Submit'])
      expect(types, t).toContain(t);
    expect(allCardProblems(cards)).toEqual([]);
    const largest = Math.max(...cards.map((c) => cardBytes(c)));
    expect(largest).toBeLessThan(CARD_SIZE_LIMIT);
    // The review of the long answers did not fit one card and was split.
    const last = replies[replies.length - 1];
    expect(last ? renderCards(translator, last).length : 0).toBeGreaterThan(1);
  });

  it('renders the handoff card when open, claimed and closed, and the plan thread, within the limits', async () => {
    const open = env.services.handoffs.listHandoffs({ status: 'open' });
    const [handoff] = await open;
    if (!handoff) throw new Error('the intakes above should have opened a handoff');
    const states = [await teamsHandoffCard(env.services, handoff.id, 'ja')];
    const claim = await performHandoffAction(env.services, { channel: 'local', externalId: 'pm-kanto' }, handoff.id, { kind: 'claim' });
    expect(claim.ok).toBe(true);
    states.push(await teamsHandoffCard(env.services, handoff.id, 'en'));
    await performHandoffAction(env.services, { channel: 'local', externalId: 'pm-kanto' }, handoff.id, { kind: 'close', outcome: 'applied' });
    states.push(await teamsHandoffCard(env.services, handoff.id, 'ja'));
    const cards = states.map((m) => m?.card);
    expect(cards.every((c) => c !== undefined)).toBe(true);
    expect(walk(cards[0]).filter((e) => e.type === 'Action.ShowCard')).toHaveLength(3);
    // Closed: only the plan's Word file is left to fetch.
    expect(walk(cards[2]).filter((e) => e.type.startsWith('Action.')).map((e) => (e.data as { action?: string } | undefined)?.action)).toEqual(['plan_docx']);
    const assessment = await env.services.handoffs.getAssessment(handoff.intakeId);
    const plan = planThreadCards(env.services, 'ja', `${assessment?.planJa ?? ''}\n${'長い計画の行です。\n'.repeat(4000)}`).map((m) => m.card);
    expect(plan.length).toBeGreaterThan(3);
    expect(allCardProblems([...cards, ...plan])).toEqual([]);
  });

  it('keeps answered, shortened and very long text cards valid and small', () => {
    const answered = answeredCard(translator, 'ja', '会社名（正式名称）を教えてください。', 'x'.repeat(5000)).card;
    const long = textCards('あ'.repeat(60_000));
    const [big] = textCards('い'.repeat(7000));
    if (!big) throw new Error('no card');
    const shrunk = shrinkCard(big, translator.t('en', 'teams.shortened'));
    expect(long.length).toBeGreaterThan(5);
    expect(cardBytes(shrunk)).toBeLessThan(cardBytes(big) / 3);
    expect(allCardProblems([answered, ...long, shrunk])).toEqual([]);
  });
});
