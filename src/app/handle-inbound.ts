import type { AnswerRecord, Intake, Person } from '../core/intake.js';
import { advance, type IntakeEvent } from '../core/questionnaire/advance.js';
import { initialIntakeState, type Locale } from '../core/questionnaire/intake-state.js';
import { rebaseState } from '../core/questionnaire/rebase-state.js';
import { commandInText } from '../core/questionnaire/engine-commands.js';
import type { Outbound } from '../core/messages.js';
import { buildEngineContext } from './engine-context.js';
import { auditChange } from './access.js';
import { observeTurn, refuseFlood, refuseLongInput } from './inbound-limits.js';
import type { HandleInboundDeps, InboundEvent, Reply } from './turn-types.js';
import { pickLocale } from './pick-locale.js';

export type { AfterCompletion, HandleInboundDeps, InboundEvent, Reply } from './turn-types.js';
export { pickLocale } from './pick-locale.js';

const MAX_ATTEMPTS = 5;

/**
 * Load → advance → save → reply. The state is saved before the reply leaves, so whatever
 * the company sees acknowledged is on disk. A concurrent turn on the same intake (double
 * click, two replicas) makes the save fail its version check; the turn is then re-run on
 * the fresh state.
 */
export async function handleInbound(deps: HandleInboundDeps, event: InboundEvent): Promise<Reply> {
  return observeTurn(deps, event, () => admittedTurn(deps, event));
}

async function admittedTurn(deps: HandleInboundDeps, event: InboundEvent): Promise<Reply> {
  const flood = await refuseFlood(deps, event);
  if (flood) return flood;
  const person = await deps.repo.upsertPerson({
    channel: event.channel,
    externalId: event.userId,
    ...(event.displayName ? { displayName: event.displayName } : {}),
    ...(event.address !== undefined ? { address: event.address } : {}),
    locale: null,
  });
  for (let attempt = 1; ; attempt++) {
    const result = await attemptTurn(deps, person, event);
    if (result) return result;
    if (attempt >= MAX_ATTEMPTS) throw new Error(`intake of person ${person.id} kept changing under this turn`);
  }
}

async function attemptTurn(deps: HandleInboundDeps, person: Person, event: InboundEvent): Promise<Reply | undefined> {
  const now = deps.clock.now();
  let intake = await deps.repo.latestIntake(person.id);
  const locale = person.locale ?? event.typedLocale ?? pickLocale(event.locale, deps.defaultLocale);
  let input = event.input;
  if (!intake) {
    // A first message ("hello") opens the consultation; it is not the answer to a question not yet asked.
    if (input.kind === 'text') input = { kind: 'start' };
    intake = await deps.repo.createIntake({
      personId: person.id,
      questionnaireVersion: deps.questionnaires.latest.version,
      locale,
      state: initialIntakeState(locale),
      now,
    });
    await lifecycle(deps, person, event, 'intake.created', intake.id);
  }
  const pinned = deps.questionnaires.get(intake.questionnaireVersion);
  const definition = pinned ?? deps.questionnaires.latest;
  const stored = pinned ? intake.state : rebaseState(definition, intake.state);
  // 「確認」 typed to a chat that took English from the client: the person reads Japanese.
  const typed = !person.locale && event.typedLocale && event.typedLocale !== stored.locale ? event.typedLocale : undefined;
  const state = typed ? { ...stored, locale: typed } : stored;
  const ctx = buildEngineContext(definition, deps.translator);
  if (intake.status === 'completed' && deps.after && (await deps.after.isPending(intake))) {
    return { person, intake, definition, locale: intake.locale, outbound: await deps.after.complete(intake, definition), events: [] };
  }
  const tooLong = refuseLongInput(deps, input, definition, state);
  if (tooLong) return { person, intake, definition, locale: state.locale, outbound: tooLong, events: [], refused: 'too_long' };
  if (intake.status === 'completed' && deps.after && !intake.state.confirm && event.input.kind === 'text' && !commandInText(definition, event.input.text, ctx)) {
    const relayed = await deps.after.relay(intake, event.input.text);
    if (relayed) return { person, intake, definition, locale: intake.locale, outbound: relayed, events: [] };
  }
  const transition = advance(definition, state, input, ctx);

  if (transition.events.some((e) => e.type === 'delete_requested')) {
    // The full deletion audits itself as `sme:deleted`: a lifecycle entry here would keep the person's id.
    if (deps.after) await deps.after.forget(person.id, event.channel);
    else {
      await deps.repo.deleteIntake(intake.id);
      await lifecycle(deps, person, event, 'intake.deleted', intake.id);
    }
    return { person, intake: null, definition, locale: transition.state.locale, outbound: transition.outbound, events: transition.events };
  }

  if (transition.events.some((e) => e.type === 'restarted')) {
    const restarted = await restart(deps, person, intake, transition.state.locale, now);
    if (restarted?.intake) await lifecycle(deps, person, event, 'intake.restarted', restarted.intake.id);
    return restarted;
  }

  const saved = await deps.repo.saveTurn({
    intakeId: intake.id,
    expectedVersion: intake.version,
    questionnaireVersion: definition.version,
    state: transition.state,
    now,
    answers: answerRecords(transition.events, now),
  });
  if (!saved.saved) return undefined;
  const changed = transition.events.find((e) => e.type === 'language_changed');
  if (changed?.type === 'language_changed') await deps.repo.setPersonLocale(person.id, changed.locale);
  if (transition.events.some((e) => e.type === 'reminders_opt_out')) await deps.repo.setRemindersOptOut(person.id, true);
  const outbound = [...transition.outbound];
  if (transition.events.some((e) => e.type === 'completed')) await lifecycle(deps, person, event, 'intake.completed', intake.id);
  // The answers are already saved: if the assessment fails, the next message retries it.
  if (deps.after && transition.events.some((e) => e.type === 'completed')) outbound.push(...(await deps.after.complete(saved.intake, definition)));
  return { person, intake: saved.intake, definition, locale: transition.state.locale, outbound, events: transition.events };
}

/**
 * A restart begins again on the newest questionnaire. An unfinished intake is reset in
 * place (its answer history stays on record); a completed one may already be with an
 * office, so a new intake is opened beside it.
 */
async function restart(deps: HandleInboundDeps, person: Person, old: Intake, locale: Locale, now: Date): Promise<Reply | undefined> {
  const definition = deps.questionnaires.latest;
  const target =
    old.status === 'completed'
      ? await deps.repo.createIntake({ personId: person.id, questionnaireVersion: definition.version, locale, state: initialIntakeState(locale), now })
      : old;
  const first = advance(definition, initialIntakeState(locale), { kind: 'start' }, buildEngineContext(definition, deps.translator));
  const saved = await deps.repo.saveTurn({
    intakeId: target.id,
    expectedVersion: target.version,
    questionnaireVersion: definition.version,
    state: first.state,
    now,
    answers: [],
  });
  if (!saved.saved) return undefined;
  const outbound: Outbound[] = [
    { kind: 'notice', key: 'notice.restarted' },
    ...first.outbound.filter((o) => !(o.kind === 'notice' && o.key === 'notice.welcome')),
  ];
  return { person, intake: saved.intake, definition, locale, outbound, events: [{ type: 'restarted' }, ...first.events] };
}

/** The company's own changes of an intake's state go to the audit log beside the office's. */
async function lifecycle(deps: HandleInboundDeps, person: Person, event: InboundEvent, action: string, intakeId: string): Promise<void> {
  if (deps.audit) await auditChange({ audit: deps.audit, clock: deps.clock }, { role: 'sme', personId: person.id }, action, { channel: event.channel, intakeId });
}

function answerRecords(events: IntakeEvent[], now: Date): Omit<AnswerRecord, 'id' | 'intakeId'>[] {
  return events.flatMap((e): Omit<AnswerRecord, 'id' | 'intakeId'>[] => {
    if (e.type === 'answered') return [{ questionId: e.questionId, value: e.value, raw: e.raw, answeredAt: now }];
    if (e.type === 'skipped') return [{ questionId: e.questionId, value: { skipped: true }, raw: '', answeredAt: now }];
    if (e.type === 'group_item_removed') return [{ questionId: e.questionId, value: { removed: [e.item] }, raw: '', answeredAt: now }];
    return [];
  });
}
