import type { Outbound } from '../core/messages.js';
import type { EngineInput } from '../core/questionnaire/advance.js';
import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import type { IntakeState } from '../core/questionnaire/intake-state.js';
import type { HandleInboundDeps, InboundEvent, Reply } from './turn-types.js';
import { pickLocale } from './pick-locale.js';
import { answerTooLong, typedLength } from './answer-limit.js';
import type { TurnOutcome } from './turn-observer.js';

export type { InboundLimits } from './turn-types.js';

/**
 * Times and counts the turn and writes one log line for it: ids, the outcome and the kinds of
 * what happened, never the text. A failure is counted and passed on to the channel's error handler.
 */
export async function observeTurn(deps: HandleInboundDeps, event: InboundEvent, turn: () => Promise<Reply>): Promise<Reply> {
  const end = deps.turns?.begin(event.channel);
  let reply: Reply;
  try {
    reply = await turn();
  } catch (err) {
    end?.('error');
    throw err;
  }
  const outcome = outcomeOf(reply);
  end?.(outcome);
  // The terminal and `simulate` print to the screen of the person at this machine: their stderr is no log store.
  if (event.channel === 'slack' || event.channel === 'teams' || event.channel === 'line')
    deps.log?.info('turn', {
      channel: event.channel,
      outcome,
      personId: reply.person.id,
      intakeId: reply.intake?.id,
      input: event.input.kind,
      events: reply.events.map((e) => e.type),
    });
  return reply;
}

const outcomeOf = (reply: Reply): TurnOutcome =>
  reply.refused === 'rate_limited' ? 'rate_limited' : reply.refused === 'too_long' ? 'too_long' : reply.outbound.some((o) => o.kind === 'invalid') ? 'invalid' : 'processed';

/**
 * A person over the rate limit: the first refused message of the window gets the "slow down"
 * notice, the others nothing. Only reads: the message is neither processed nor saved.
 */
export async function refuseFlood(deps: HandleInboundDeps, event: InboundEvent): Promise<Reply | null> {
  const admission = deps.limits?.rate?.admit(event.channel, event.userId) ?? 'admitted';
  if (admission === 'admitted') return null;
  // Someone over the limit has been served in this window, so they are on record; the upsert is for a first turn that failed half-way.
  const person =
    (await deps.repo.findPerson(event.channel, event.userId)) ??
    (await deps.repo.upsertPerson({ channel: event.channel, externalId: event.userId, locale: null }));
  const intake = await deps.repo.latestIntake(person.id);
  const definition = (intake && deps.questionnaires.get(intake.questionnaireVersion)) ?? deps.questionnaires.latest;
  const locale = intake?.state.locale ?? person.locale ?? pickLocale(event.locale, deps.defaultLocale);
  const notify = admission === 'refused_notify';
  if (notify) deps.log?.warn('rate limited', { channel: event.channel, personId: person.id, intakeId: intake?.id });
  const outbound: Outbound[] = notify ? [{ kind: 'notice', key: 'limits.slow_down' }] : [];
  return { person, intake, definition, locale, outbound, events: [], refused: 'rate_limited' };
}

/** The reply to a message over the length cap, or null when it is within it. */
export function refuseLongInput(deps: HandleInboundDeps, input: EngineInput, definition: QuestionnaireDefinition, state: IntakeState): Outbound[] | null {
  const max = deps.limits?.maxAnswerChars;
  if (max === undefined) return null;
  const length = typedLength(input);
  return length > max ? answerTooLong(definition, state, length, max) : null;
}
