import type { AnswerRecord, Intake, Person } from '../core/intake.js';
import { advance, type EngineContext, type EngineInput, type IntakeEvent } from '../core/questionnaire/advance.js';
import { initialIntakeState, type IntakeState, type Locale } from '../core/questionnaire/intake-state.js';
import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import { currentPrompt } from '../core/questionnaire/engine-flow.js';
import type { LoadedTurn, PersonChanges, SaveTurnResult, TurnToSave } from '../ports/intake-repository.js';
import { rebaseState } from '../core/questionnaire/rebase-state.js';
import { commandInText } from '../core/questionnaire/engine-commands.js';
import { isRepeatedPress } from '../core/questionnaire/repeated-press.js';
import type { Outbound } from '../core/messages.js';
import { buildEngineContext } from './engine-context.js';
import { auditChange } from './access.js';
import { observeTurn, refuseFlood, refuseLongInput } from './inbound-limits.js';
import type { HandleInboundDeps, InboundEvent, Reply } from './turn-types.js';
import { pickLocale } from './pick-locale.js';
import { faultPoint } from '../fault-point.js';

export type { AfterCompletion, HandleInboundDeps, InboundEvent, Reply } from './turn-types.js';
export { pickLocale } from './pick-locale.js';

const MAX_ATTEMPTS = 5;

/**
 * Load → advance → save → reply: one read (loadTurn) and one write transaction (saveTurn) in
 * the usual turn. The state is saved before the reply leaves, so whatever the company sees
 * acknowledged is on disk; the delivery's ledger entry commits in the same transaction, so a
 * crash before the commit leaves a redelivery that is processed and one after it a redelivery
 * that is not. A concurrent turn on the same intake (double click, two replicas) makes the
 * save fail its version check; the turn is then re-run on the fresh state.
 */
export async function handleInbound(deps: HandleInboundDeps, event: InboundEvent): Promise<Reply> {
  return observeTurn(deps, event, () => admittedTurn(deps, event));
}

async function admittedTurn(deps: HandleInboundDeps, event: InboundEvent): Promise<Reply> {
  const flood = await refuseFlood(deps, event);
  if (flood) return flood;
  for (let attempt = 1; ; attempt++) {
    const loaded = await deps.repo.loadTurn({ channel: event.channel, externalId: event.userId, ...(event.delivery ? { delivery: event.delivery } : {}) });
    // Found in the ledger only on a re-run: a copy of this delivery committed while this one ran, and its reply is on the way.
    if (attempt > 1 && loaded.delivered && loaded.person) return redelivered(deps, loaded.person, null, loaded.channelPrompt);
    const result = await attemptTurn(deps, loaded, event);
    if (result) return result;
    if (attempt >= MAX_ATTEMPTS) throw new Error(`intake of person ${loaded.person?.id ?? 'new'} kept changing under this turn`);
  }
}

/** The person as the turn needs them: created on first contact; a changed name or address commits with the turn. */
async function personOf(deps: HandleInboundDeps, loaded: LoadedTurn, event: InboundEvent): Promise<{ person: Person; changes: PersonChanges }> {
  if (!loaded.person) {
    const person = await deps.repo.upsertPerson({
      channel: event.channel,
      externalId: event.userId,
      ...(event.displayName ? { displayName: event.displayName } : {}),
      ...(event.address !== undefined ? { address: event.address } : {}),
      locale: null,
    });
    return { person, changes: {} };
  }
  const p = loaded.person;
  const changes: PersonChanges = {
    ...(event.displayName && event.displayName !== p.displayName ? { displayName: event.displayName } : {}),
    ...(event.address !== undefined && JSON.stringify(event.address) !== JSON.stringify(p.address) ? { address: event.address } : {}),
  };
  return { person: p, changes };
}

async function attemptTurn(deps: HandleInboundDeps, loaded: LoadedTurn, event: InboundEvent): Promise<Reply | undefined> {
  const now = deps.clock.now();
  const { person, changes } = await personOf(deps, loaded, event);
  let intake = loaded.intake;
  const previousPrompt = loaded.channelPrompt;
  const locale = person.locale ?? event.typedLocale ?? pickLocale(event.locale, deps.defaultLocale);
  let input = event.input;
  if (loaded.delivered) return redelivered(deps, person, intake, previousPrompt);
  if (!intake) {
    // A first message ("hello") opens the consultation; it is not the answer to a question not yet asked.
    if (input.kind === 'text') input = { kind: 'start' };
    intake = await deps.repo.createIntake({
      personId: person.id,
      questionnaireVersion: deps.questionnaires.latest.version,
      locale,
      state: initialIntakeState(locale),
      now,
      ...(event.tracksDelivery ? { shownPromptId: '' as const } : {}),
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
  const base = { person, intake, definition, previousPrompt };
  // Judged on the turn's own read, against the state the first press left (the channel's queue ran it).
  if (event.pressedOn !== undefined && !isShown(previousPrompt, event.pressedOn)) return { ...base, locale: state.locale, outbound: [], events: [], refused: 'stale_press' };
  if (event.ignoresRepeatedPress && isRepeatedPress(definition, state, input, ctx)) return { ...base, locale: state.locale, outbound: [], events: [], refused: 'repeated_press' };
  // A turn that commits no intake state still keeps a changed name or address (one write).
  const refresh = async () => {
    if (Object.keys(changes).length > 0)
      await deps.repo.upsertPerson({ channel: event.channel, externalId: event.userId, ...(changes.displayName ? { displayName: changes.displayName } : {}), ...(changes.address !== undefined ? { address: changes.address } : {}) });
  };
  if (intake.status === 'completed' && deps.after && (await deps.after.isPending(intake))) {
    await refresh();
    const outbound = await deps.after.complete(intake, definition);
    await noteDelivery(deps, event, now);
    return { ...base, locale: intake.locale, outbound, events: [] };
  }
  const tooLong = refuseLongInput(deps, input, definition, state);
  if (tooLong) await refresh();
  if (tooLong) return { ...base, locale: state.locale, outbound: tooLong, events: [], refused: 'too_long' };
  if (intake.status === 'completed' && deps.after && !intake.state.confirm && event.input.kind === 'text' && !commandInText(definition, event.input.text, ctx)) {
    const relayed = await deps.after.relay(intake, event.input.text);
    if (relayed) {
      await refresh();
      await noteDelivery(deps, event, now);
      return { ...base, locale: intake.locale, outbound: relayed, events: [] };
    }
  }
  const pending = unseenPrompt(definition, state, intake, input, ctx, loaded.lastAnswer);
  if (pending) await refresh();
  if (pending) return { ...base, locale: state.locale, outbound: pending, events: [] };
  const transition = advance(definition, state, input, ctx);

  if (transition.events.some((e) => e.type === 'delete_requested')) {
    // The full deletion audits itself as `sme:deleted`: a lifecycle entry here would keep the person's id.
    if (deps.after) await deps.after.forget(person.id, event.channel);
    else {
      await deps.repo.deleteIntake(intake.id);
      await lifecycle(deps, person, event, 'intake.deleted', intake.id);
    }
    await noteDelivery(deps, event, now);
    return { ...base, intake: null, locale: transition.state.locale, outbound: transition.outbound, events: transition.events };
  }

  if (transition.events.some((e) => e.type === 'restarted')) {
    await refresh();
    const restarted = await restart(deps, person, intake, transition.state.locale, now, event);
    if (restarted === 'duplicate') return redelivered(deps, person, null, previousPrompt);
    if (restarted?.intake) await lifecycle(deps, person, event, 'intake.restarted', restarted.intake.id);
    return restarted ? { ...restarted, previousPrompt } : undefined;
  }

  const changed = transition.events.find((e) => e.type === 'language_changed');
  const personChanges: PersonChanges = {
    ...changes,
    ...(changed?.type === 'language_changed' ? { locale: changed.locale } : {}),
    ...(transition.events.some((e) => e.type === 'reminders_opt_out') ? { remindersOptOut: true } : {}),
  };
  const saved = await saveIntakeTurn(deps, {
    intakeId: intake.id,
    expectedVersion: intake.version,
    questionnaireVersion: definition.version,
    state: transition.state,
    now,
    answers: answerRecords(transition.events, now),
    ...(event.delivery ? { delivery: event.delivery } : {}),
    personId: person.id,
    person: personChanges,
  });
  if (!saved.saved) return saved.reason === 'duplicate' ? redelivered(deps, person, null, previousPrompt) : undefined;
  await faultPoint('after-commit-before-reply');
  const outbound = [...transition.outbound];
  if (transition.events.some((e) => e.type === 'completed')) await lifecycle(deps, person, event, 'intake.completed', intake.id);
  // The answers are already saved: if the assessment fails, the next message retries it.
  if (deps.after && transition.events.some((e) => e.type === 'completed')) outbound.push(...(await deps.after.complete(saved.intake, definition)));
  return { ...base, intake: saved.intake, locale: transition.state.locale, outbound, events: transition.events };
}

/**
 * The one place a chat turn writes its effects on an intake (state, answers, the person's
 * changes, the ledger entry): one transaction. Anything else a turn must commit with them
 * belongs in this call.
 */
function saveIntakeTurn(deps: HandleInboundDeps, turn: TurnToSave): Promise<SaveTurnResult> {
  return deps.repo.saveTurn(turn);
}

/**
 * A delivery already committed (a platform's redelivery, another replica's copy): nothing is
 * stored again. If its reply never reached the person (a crash after the commit), the question
 * they are at is sent now; otherwise there is nothing to say.
 */
function redelivered(deps: HandleInboundDeps, person: Person, intake: Intake | null, previousPrompt: Record<string, unknown> | null): Reply {
  const definition = (intake && deps.questionnaires.get(intake.questionnaireVersion)) ?? deps.questionnaires.latest;
  const state = intake ? (deps.questionnaires.get(intake.questionnaireVersion) ? intake.state : rebaseState(definition, intake.state)) : null;
  const prompt = intake && state && !state.paused && intake.status !== 'completed' ? currentPrompt(definition, state) : undefined;
  const unseen = prompt && intake?.shownPromptId !== null && intake?.shownPromptId !== prompt.promptId;
  const outbound: Outbound[] = unseen && prompt ? [{ kind: 'prompt', prompt }] : [];
  return { person, intake, definition, locale: intake?.locale ?? person.locale ?? deps.defaultLocale, outbound, events: [], previousPrompt, duplicate: true };
}

/**
 * An answer is only taken for a question the person has seen. When the reply to their last
 * answer did not reach them (the platform reset the connection), the question they are at is
 * not the one on their screen: a message that repeats the saved answer is a re-send, and one
 * that does not is not stored; either way the pending question is shown first.
 */
function unseenPrompt(definition: QuestionnaireDefinition, state: IntakeState, intake: Intake, input: EngineInput, ctx: EngineContext, lastAnswer: AnswerRecord | null): Outbound[] | null {
  if (input.kind !== 'text' || intake.status === 'completed' || state.paused || intake.shownPromptId === null) return null;
  if (commandInText(definition, input.text, ctx)) return null;
  const prompt = currentPrompt(definition, state);
  if (!prompt || prompt.promptId === intake.shownPromptId) return null;
  const resent = lastAnswer !== null && normalise(lastAnswer.raw) === normalise(input.text);
  return [{ kind: 'notice', key: resent ? 'notice.resend_recognised' : 'notice.pending_question' }, { kind: 'prompt', prompt }];
}

const normalise = (text: string) => text.normalize('NFKC').trim().replace(/\s+/g, ' ');

/** Turns that commit no intake state still enter their delivery, after their effect (at least once). */
async function noteDelivery(deps: HandleInboundDeps, event: InboundEvent, now: Date): Promise<void> {
  if (event.delivery && deps.events) await deps.events.firstTime(event.delivery.id, event.delivery.source, now);
}

/**
 * A restart begins again on the newest questionnaire. An unfinished intake is reset in
 * place (its answer history stays on record); a completed one may already be with an
 * office, so a new intake is opened beside it.
 */
async function restart(deps: HandleInboundDeps, person: Person, old: Intake, locale: Locale, now: Date, event: InboundEvent): Promise<Reply | 'duplicate' | undefined> {
  const definition = deps.questionnaires.latest;
  const target =
    old.status === 'completed'
      ? await deps.repo.createIntake({ personId: person.id, questionnaireVersion: definition.version, locale, state: initialIntakeState(locale), now, ...(event.tracksDelivery ? { shownPromptId: '' as const } : {}) })
      : old;
  const first = advance(definition, initialIntakeState(locale), { kind: 'start' }, buildEngineContext(definition, deps.translator));
  const saved = await saveIntakeTurn(deps, {
    intakeId: target.id,
    expectedVersion: target.version,
    questionnaireVersion: definition.version,
    state: first.state,
    now,
    answers: [],
    ...(event.delivery ? { delivery: event.delivery } : {}),
  });
  if (!saved.saved) return saved.reason === 'duplicate' ? 'duplicate' : undefined;
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

/** Whether `promptId` is the question on screen (the channel's stored prompt), or the question its "did you mean" is about. */
function isShown(stored: Record<string, unknown> | null, promptId: string): boolean {
  const shown = stored?.promptId;
  return shown === promptId || shown === `${promptId}#suggest`;
}
