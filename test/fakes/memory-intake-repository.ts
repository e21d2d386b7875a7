import type { AnswerRecord, Intake, Person } from '../../src/core/intake.js';
import { statusOf } from '../../src/core/intake.js';
import type { Locale } from '../../src/core/questionnaire/intake-state.js';
import type {
  DeliveryRecord,
  LoadedTurn,
  SaveTurnResult,
  TurnToLoad,
  IntakeFilter,
  IntakeRepository,
  NewIntake,
  PersonInput,
  TurnToSave,
} from '../../src/ports/intake-repository.js';
import { newId, newSequenceId } from '../../src/store/ids.js';

/**
 * JSON values go through a JSON round trip, as they do in the database's JSON columns: the
 * caller's object and the stored one never share structure, and `undefined` members vanish
 * exactly as they would on the way into PostgreSQL or SQLite.
 */
const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;
const dateCopy = (d: Date): Date => new Date(d.getTime());

const copyPerson = (p: Person): Person => ({ ...p, address: jsonCopy(p.address), createdAt: dateCopy(p.createdAt) });

const copyIntake = (i: Intake): Intake => ({
  ...i,
  state: jsonCopy(i.state),
  createdAt: dateCopy(i.createdAt),
  updatedAt: dateCopy(i.updatedAt),
  lastActivityAt: dateCopy(i.lastActivityAt),
  completedAt: i.completedAt === null ? null : dateCopy(i.completedAt),
});

const copyRecord = (r: AnswerRecord): AnswerRecord => ({
  ...r,
  value: jsonCopy(r.value),
  answeredAt: dateCopy(r.answeredAt),
});

/** Orders like the Prisma repository's `orderBy: [{ createdAt }, { id }]`. */
const byCreatedAt = (a: Intake, b: Intake): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * In-memory `IntakeRepository` with the Prisma repository's semantics, for use-case tests
 * that need no database. It is held to the same contract suite
 * (test/store/intake-repository-contract.ts) as the Prisma implementation.
 */
export class MemoryIntakeRepository implements IntakeRepository {
  private readonly people = new Map<string, Person>();
  private readonly intakes = new Map<string, Intake>();
  /** Per intake, in the order written. */
  private readonly answers = new Map<string, AnswerRecord[]>();
  /** The event ledger and the channels' stored prompts, as the database keeps them beside the intakes. */
  private readonly ledger = new Set<string>();
  private readonly channelPrompts = new Map<string, Record<string, unknown>>();

  async upsertPerson(input: PersonInput): Promise<Person> {
    const existing = [...this.people.values()].find(
      (p) => p.channel === input.channel && p.externalId === input.externalId,
    );
    if (existing) {
      // As in the database: a name only replaces the old one when there is one; the locale
      // is the person's own choice and only setPersonLocale changes it.
      if (input.displayName) existing.displayName = input.displayName;
      if (input.address !== undefined) existing.address = jsonCopy(input.address);
      return copyPerson(existing);
    }
    const person: Person = {
      id: newId('pe'),
      channel: input.channel,
      externalId: input.externalId,
      displayName: input.displayName ?? null,
      locale: input.locale ?? null,
      address: input.address === undefined ? null : jsonCopy(input.address),
      remindersOptOut: false,
      createdAt: new Date(),
    };
    this.people.set(person.id, person);
    return copyPerson(person);
  }

  async getPerson(id: string): Promise<Person | null> {
    const p = this.people.get(id);
    return p ? copyPerson(p) : null;
  }

  async setRemindersOptOut(personId: string, optOut: boolean): Promise<void> {
    const p = this.people.get(personId);
    if (!p) throw new Error(`no person ${personId}`);
    p.remindersOptOut = optOut;
  }

  async findPerson(channel: Person['channel'], externalId: string): Promise<Person | null> {
    const p = [...this.people.values()].find((x) => x.channel === channel && x.externalId === externalId);
    return p ? copyPerson(p) : null;
  }

  async setPersonLocale(personId: string, locale: Locale): Promise<void> {
    const p = this.people.get(personId);
    // Prisma's `update` throws on a missing row; so does this.
    if (!p) throw new Error(`no person ${personId}`);
    p.locale = locale;
  }

  async createIntake(input: NewIntake): Promise<Intake> {
    if (!this.people.has(input.personId)) throw new Error(`no person ${input.personId}`);
    const intake: Intake = {
      id: newId('in'),
      personId: input.personId,
      questionnaireVersion: input.questionnaireVersion,
      status: statusOf(input.state),
      locale: input.locale,
      state: jsonCopy(input.state),
      version: 1,
      createdAt: dateCopy(input.now),
      updatedAt: new Date(),
      lastActivityAt: dateCopy(input.now),
      completedAt: null,
      shownPromptId: input.shownPromptId ?? null,
    };
    this.intakes.set(intake.id, intake);
    this.answers.set(intake.id, []);
    return copyIntake(intake);
  }

  async getIntake(id: string): Promise<Intake | null> {
    const i = this.intakes.get(id);
    return i ? copyIntake(i) : null;
  }

  async latestIntake(personId: string): Promise<Intake | null> {
    const mine = [...this.intakes.values()].filter((i) => i.personId === personId).sort(byCreatedAt);
    const last = mine.at(-1);
    return last ? copyIntake(last) : null;
  }

  async loadTurn(turn: TurnToLoad): Promise<LoadedTurn> {
    const person = await this.findPerson(turn.channel, turn.externalId);
    const intake = person ? await this.latestIntake(person.id) : null;
    const last = intake ? this.answers.get(intake.id)?.at(-1) : undefined;
    const prompt = person ? this.channelPrompts.get(`${turn.channel}_prompt\u0000${person.id}\u0000${turn.channel}`) : undefined;
    return {
      person,
      intake,
      lastAnswer: last ? copyRecord(last) : null,
      channelPrompt: prompt ? jsonCopy(prompt) : null,
      delivered: turn.delivery ? this.ledger.has(`${turn.delivery.source}:${turn.delivery.id}`) : false,
    };
  }

  async recordDelivery(record: DeliveryRecord): Promise<void> {
    const intake = record.intakeId ? this.intakes.get(record.intakeId) : undefined;
    if (intake && record.shownPromptId !== undefined) intake.shownPromptId = record.shownPromptId;
    const cp = record.channelPrompt;
    if (!cp) return;
    const key = `${cp.kind}\u0000${record.personId}\u0000${cp.channel}`;
    if (cp.value) this.channelPrompts.set(key, jsonCopy(cp.value));
    else this.channelPrompts.delete(key);
  }

  async saveTurn(turn: TurnToSave): Promise<SaveTurnResult> {
    // No await between the checks and the writes: the transaction is atomic in one event loop.
    const ledgerKey = turn.delivery ? `${turn.delivery.source}:${turn.delivery.id}` : null;
    if (ledgerKey && this.ledger.has(ledgerKey)) return { saved: false, reason: 'duplicate' };
    const current = this.intakes.get(turn.intakeId);
    if (!current || current.version !== turn.expectedVersion) return { saved: false, reason: 'conflict' };
    const who = turn.personId ? this.people.get(turn.personId) : undefined;
    if (turn.personId && !who) throw new Error(`no person ${turn.personId}`);
    if (ledgerKey) this.ledger.add(ledgerKey);
    if (who && turn.person) {
      if (turn.person.displayName) who.displayName = turn.person.displayName;
      if (turn.person.address !== undefined) who.address = jsonCopy(turn.person.address);
      if (turn.person.locale) who.locale = turn.person.locale;
      if (turn.person.remindersOptOut !== undefined) who.remindersOptOut = turn.person.remindersOptOut;
    }
    const status = statusOf(turn.state);
    const next: Intake = {
      ...current,
      state: jsonCopy(turn.state),
      status,
      locale: turn.state.locale,
      questionnaireVersion: turn.questionnaireVersion,
      version: current.version + 1,
      updatedAt: new Date(),
      lastActivityAt: dateCopy(turn.now),
      completedAt: status === 'completed' ? dateCopy(turn.now) : current.completedAt,
    };
    this.intakes.set(next.id, next);
    const history = this.answers.get(next.id) ?? [];
    turn.answers.forEach((a, i) => {
      history.push({
        id: newSequenceId('an', next.version, i),
        intakeId: next.id,
        questionId: a.questionId,
        value: jsonCopy(a.value),
        raw: a.raw,
        answeredAt: dateCopy(a.answeredAt),
      });
    });
    this.answers.set(next.id, history);
    return { saved: true, intake: copyIntake(next) };
  }

  async answerHistory(intakeId: string): Promise<AnswerRecord[]> {
    return (this.answers.get(intakeId) ?? []).map(copyRecord);
  }

  async deleteIntake(intakeId: string): Promise<void> {
    this.intakes.delete(intakeId);
    this.answers.delete(intakeId);
  }

  async listIntakes(filter: IntakeFilter = {}): Promise<Intake[]> {
    return [...this.intakes.values()]
      .filter((i) => (filter.status ? i.status === filter.status : true))
      .filter((i) => (filter.personId ? i.personId === filter.personId : true))
      .sort(byCreatedAt)
      .map(copyIntake);
  }
}
