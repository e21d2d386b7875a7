import type { AnswerRecord, Intake, Person } from '../core/intake.js';
import { statusOf } from '../core/intake.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { DeliveryRecord, IntakeFilter, IntakeRepository, LoadedTurn, NewIntake, PersonInput, SaveTurnResult, TurnToLoad, TurnToSave } from '../ports/intake-repository.js';
import { providerOfClient, type Db, type Provider } from './database.js';
import { newId, newSequenceId } from './ids.js';
import { toAnswerRecord, toIntake, toPerson } from './mappers.js';
import { z } from 'zod';
import { faultPoint } from '../fault-point.js';

const storedAddress = z.record(z.string(), z.unknown());
const ledgerId = (d: { source: string; id: string }) => `${d.source}:${d.id}`;
/** Thrown inside the turn's transaction to roll it back when its delivery is already in the ledger. */
class DuplicateDelivery extends Error {}
import { reviewAfterChange } from '../core/reminders/next-review.js';

/** Prisma's Json input type rejects `unknown`; our values are plain JSON by construction. */
const json = (v: unknown) => JSON.parse(JSON.stringify(v ?? null)) as NonNullable<Parameters<Db['intake']['create']>[0]['data']['state']>;

export class PrismaIntakeRepository implements IntakeRepository {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider = providerOfClient(db),
  ) {}

  async upsertPerson(input: PersonInput): Promise<Person> {
    const refresh = {
      ...(input.displayName ? { displayName: input.displayName } : {}),
      ...(input.address !== undefined ? { address: json(input.address) } : {}),
    };
    const row = await this.db.person.upsert({
      where: { channel_externalId: { channel: input.channel, externalId: input.externalId } },
      create: {
        id: newId('pe'),
        channel: input.channel,
        externalId: input.externalId,
        displayName: input.displayName ?? null,
        locale: input.locale ?? null,
        ...(input.address !== undefined ? { address: json(input.address) } : {}),
      },
      update: refresh,
    });
    return toPerson(row);
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = await this.db.person.findUnique({ where: { id } });
    return row ? toPerson(row) : null;
  }

  async findPerson(channel: Person['channel'], externalId: string): Promise<Person | null> {
    const row = await this.db.person.findUnique({ where: { channel_externalId: { channel, externalId } } });
    return row ? toPerson(row) : null;
  }

  async setRemindersOptOut(personId: string, optOut: boolean): Promise<void> {
    // Nudges follow the opt-out: the person's intakes are due for review in the same write.
    // The port gives no time here, and the store must not read the clock: the last activity is
    // a moment already past on any clock, so the rows are due at once.
    await this.db.$transaction([
      this.db.person.update({ where: { id: personId }, data: { remindersOptOut: optOut } }),
      this.db.$executeRaw`UPDATE "Intake" SET "nextReviewAt" = "lastActivityAt" WHERE "personId" = ${personId}`,
    ]);
  }

  async setPersonLocale(personId: string, locale: Locale): Promise<void> {
    await this.db.person.update({ where: { id: personId }, data: { locale } });
  }

  async createIntake(input: NewIntake): Promise<Intake> {
    const row = await this.db.intake.create({
      data: {
        id: newId('in'),
        personId: input.personId,
        questionnaireVersion: input.questionnaireVersion,
        status: statusOf(input.state),
        locale: input.locale,
        state: json(input.state),
        createdAt: input.now,
        lastActivityAt: input.now,
        shownPromptId: input.shownPromptId ?? null,
        nextReviewAt: reviewAfterChange(input.now),
      },
    });
    return toIntake(row);
  }

  async getIntake(id: string): Promise<Intake | null> {
    const row = await this.db.intake.findUnique({ where: { id } });
    return row ? toIntake(row) : null;
  }

  async latestIntake(personId: string): Promise<Intake | null> {
    const row = await this.db.intake.findFirst({ where: { personId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return row ? toIntake(row) : null;
  }

  async loadTurn(turn: TurnToLoad): Promise<LoadedTurn> {
    // One statement: the person, their latest intake, its last answer, the channel's prompt and
    // the ledger flag. Raw SQL, as Prisma's per-query compile cost more than the query itself.
    const s = new Statement(this.provider);
    const sql = `SELECT ${selectList('p', personColumns)}, ${selectList('i', intakeColumns)}, ${selectList('a', answerColumns)}, c."id" AS "c_id", c."address" AS "c_address",
        EXISTS (SELECT 1 FROM "ProcessedEvent" WHERE "id" = ${s.bind(turn.delivery ? ledgerId(turn.delivery) : null)}) AS "delivered"
      FROM (SELECT 1 AS "one") AS "turn"
      LEFT JOIN "Person" p ON p."channel" = ${s.bind(turn.channel)} AND p."externalId" = ${s.bind(turn.externalId)}
      LEFT JOIN "Intake" i ON i."id" = (SELECT "id" FROM "Intake" WHERE "personId" = p."id" ORDER BY "createdAt" DESC, "id" DESC LIMIT 1)
      LEFT JOIN "AnswerRecord" a ON a."id" = (SELECT "id" FROM "AnswerRecord" WHERE "intakeId" = i."id" ORDER BY "id" DESC LIMIT 1)
      LEFT JOIN "ChannelMessage" c ON c."kind" = ${s.bind(`${turn.channel}_prompt`)} AND c."key" = p."id" AND c."channel" = ${s.bind(turn.channel)}`;
    const [row] = oneRow.parse(await this.db.$queryRawUnsafe(sql, ...s.values));
    return {
      person: row.p_id === null ? null : toPerson(personRow.parse(columnsOf(row, 'p'))),
      intake: row.i_id === null ? null : toIntake(intakeRow.parse(columnsOf(row, 'i'))),
      lastAnswer: row.a_id === null ? null : toAnswerRecord(answerRow.parse(columnsOf(row, 'a'))),
      channelPrompt: row.c_id === null ? null : storedAddress.parse(row.c_address),
      delivered: flag.parse(row.delivered),
    };
  }

  async saveTurn(turn: TurnToSave): Promise<SaveTurnResult> {
    try {
      return await this.db.$transaction(async (tx) => {
        if (turn.delivery) {
          // The primary key decides: of two copies of one delivery, the second inserts nothing and its transaction rolls back.
          const s = new Statement(this.provider);
          const entered = await tx.$executeRawUnsafe(
            `INSERT INTO "ProcessedEvent" ("id", "source", "createdAt") VALUES (${s.bind(ledgerId(turn.delivery))}, ${s.bind(turn.delivery.source)}, ${s.at(turn.now)}) ON CONFLICT ("id") DO NOTHING`,
            ...s.values,
          );
          if (entered !== 1) throw new DuplicateDelivery();
        }
        const status = statusOf(turn.state);
        // Compare-and-set on the version: of two turns racing on one intake, exactly one is saved.
        // nextReviewAt: the one place a turn decides when the reminder sweep looks at the intake
        // next, in the turn's own write: nudges follow the new state without the sweep reading every row.
        // RETURNING hands back the saved row: nothing later in the transaction changes it.
        const s = new Statement(this.provider);
        const rows = intakeRows.parse(
          await tx.$queryRawUnsafe(
            `UPDATE "Intake" SET "state" = ${s.json(turn.state)}, "status" = ${s.bind(status)}, "locale" = ${s.bind(turn.state.locale)},
               "questionnaireVersion" = ${s.bind(turn.questionnaireVersion)}, "version" = "version" + 1, "lastActivityAt" = ${s.at(turn.now)},
               ${status === 'completed' ? `"completedAt" = ${s.at(turn.now)},` : ''}
               "nextReviewAt" = ${s.at(reviewAfterChange(turn.now))}, "updatedAt" = ${s.at(wallClock())}
             WHERE "id" = ${s.bind(turn.intakeId)} AND "version" = ${s.bind(turn.expectedVersion)}
             RETURNING ${columnList(intakeColumns)}`,
            ...s.values,
          ),
        );
        // A conflict must not leave the ledger entry behind: the re-run turn enters it.
        const [row] = rows;
        if (rows.length !== 1 || !row) throw new VersionConflict();
        if (turn.answers.length > 0) {
          const a = new Statement(this.provider);
          const values = turn.answers.map(
            (answer, i) =>
              `(${a.bind(newSequenceId('an', turn.expectedVersion + 1, i))}, ${a.bind(turn.intakeId)}, ${a.bind(answer.questionId)}, ${a.json(answer.value)}, ${a.bind(answer.raw)}, ${a.at(answer.answeredAt)})`,
          );
          await tx.$executeRawUnsafe(`INSERT INTO "AnswerRecord" ("id", "intakeId", "questionId", "value", "raw", "answeredAt") VALUES ${values.join(', ')}`, ...a.values);
        }
        const p = turn.person;
        if (turn.personId && p && Object.keys(p).length > 0) {
          const u = new Statement(this.provider);
          const set = [
            ...(p.displayName ? [`"displayName" = ${u.bind(p.displayName)}`] : []),
            ...(p.address !== undefined ? [`"address" = ${u.json(p.address)}`] : []),
            ...(p.locale ? [`"locale" = ${u.bind(p.locale)}`] : []),
            ...(p.remindersOptOut !== undefined ? [`"remindersOptOut" = ${u.bind(p.remindersOptOut)}`] : []),
            `"updatedAt" = ${u.at(wallClock())}`,
          ];
          const changed = await tx.$executeRawUnsafe(`UPDATE "Person" SET ${set.join(', ')} WHERE "id" = ${u.bind(turn.personId)}`, ...u.values);
          // As the ORM's update: a person who is not there fails the turn rather than saving it without them.
          if (changed !== 1) throw new Error(`saveTurn: no person ${turn.personId} to update`);
        }
        await faultPoint('before-commit');
        return { saved: true as const, intake: toIntake(row) };
      });
    } catch (err) {
      if (err instanceof DuplicateDelivery) return { saved: false, reason: 'duplicate' };
      if (err instanceof VersionConflict) return { saved: false, reason: 'conflict' };
      throw err;
    }
  }

  async recordDelivery(record: DeliveryRecord): Promise<void> {
    const writes = [];
    if (record.intakeId && record.shownPromptId !== undefined) {
      const s = new Statement(this.provider);
      writes.push(
        this.db.$executeRawUnsafe(`UPDATE "Intake" SET "shownPromptId" = ${s.bind(record.shownPromptId)}, "updatedAt" = ${s.at(wallClock())} WHERE "id" = ${s.bind(record.intakeId)}`, ...s.values),
      );
    }
    const cp = record.channelPrompt;
    if (cp?.value) {
      const s = new Statement(this.provider);
      writes.push(
        this.db.$executeRawUnsafe(
          `INSERT INTO "ChannelMessage" ("id", "kind", "key", "channel", "address", "createdAt", "updatedAt")
           VALUES (${s.bind(newId('cm'))}, ${s.bind(cp.kind)}, ${s.bind(record.personId)}, ${s.bind(cp.channel)}, ${s.json(cp.value)}, ${s.at(record.now)}, ${s.at(record.now)})
           ON CONFLICT ("kind", "key", "channel") DO UPDATE SET "address" = excluded."address", "updatedAt" = excluded."updatedAt"`,
          ...s.values,
        ),
      );
    } else if (cp) {
      const s = new Statement(this.provider);
      writes.push(
        this.db.$executeRawUnsafe(`DELETE FROM "ChannelMessage" WHERE "kind" = ${s.bind(cp.kind)} AND "key" = ${s.bind(record.personId)} AND "channel" = ${s.bind(cp.channel)}`, ...s.values),
      );
    }
    if (writes.length === 1) await writes[0];
    else if (writes.length > 1) await this.db.$transaction(writes);
  }

  async answerHistory(intakeId: string): Promise<AnswerRecord[]> {
    const rows = await this.db.answerRecord.findMany({ where: { intakeId }, orderBy: { id: 'asc' } });
    return rows.map(toAnswerRecord);
  }

  async deleteIntake(intakeId: string): Promise<void> {
    // Answer records go with the intake (ON DELETE CASCADE).
    await this.db.intake.deleteMany({ where: { id: intakeId } });
  }

  async listIntakes(filter: IntakeFilter = {}): Promise<Intake[]> {
    const rows = await this.db.intake.findMany({
      where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.personId ? { personId: filter.personId } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toIntake);
  }
}

class VersionConflict extends Error {}

/**
 * One raw statement's bound parameters, in the provider's placeholder style; values are never
 * written into the SQL. SQLite: dates in the adapter's stored text shape (as in
 * prisma-reminder-repository.ts), so text comparison orders correctly; PostgreSQL: JSON cast to jsonb.
 */
class Statement {
  readonly values: unknown[] = [];
  private readonly pg: boolean;
  constructor(provider: Provider) {
    this.pg = provider === 'postgresql';
  }
  bind(value: unknown): string {
    this.values.push(value);
    return this.pg ? `$${this.values.length}` : '?';
  }
  at(d: Date): string {
    return this.bind(this.pg ? d : d.toISOString().replace('Z', '+00:00'));
  }
  json(value: unknown): string {
    const placeholder = this.bind(JSON.stringify(value ?? null));
    return this.pg ? `${placeholder}::jsonb` : placeholder;
  }
}

/** What Prisma's @updatedAt writes: the moment of the write, not the turn's time. */
const wallClock = () => new Date();

const personColumns = ['id', 'channel', 'externalId', 'displayName', 'locale', 'address', 'remindersOptOut', 'createdAt'] as const;
const intakeColumns = ['id', 'personId', 'questionnaireVersion', 'status', 'locale', 'state', 'version', 'createdAt', 'updatedAt', 'lastActivityAt', 'completedAt', 'shownPromptId'] as const;
const answerColumns = ['id', 'intakeId', 'questionId', 'value', 'raw', 'answeredAt'] as const;
const columnList = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');
/** Each table's columns under its alias's prefix (`p_id`), since person, intake and answer share names. */
const selectList = (alias: string, columns: readonly string[]) => columns.map((c) => `${alias}."${c}" AS "${alias}_${c}"`).join(', ');
const columnsOf = (row: Record<string, unknown>, alias: string) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith(`${alias}_`)).map(([k, v]) => [k.slice(alias.length + 1), v]));

// Prisma types raw results by the columns' declared types (dates as Date, JSON parsed); checked all the same.
const personRow = z.object({
  id: z.string(), channel: z.string(), externalId: z.string(), displayName: z.string().nullable(), locale: z.string().nullable(),
  address: z.unknown(), remindersOptOut: z.boolean(), createdAt: z.date(),
});
const intakeRow = z.object({
  id: z.string(), personId: z.string(), questionnaireVersion: z.string(), status: z.string(), locale: z.string(), state: z.unknown(),
  version: z.number().int(), createdAt: z.date(), updatedAt: z.date(), lastActivityAt: z.date(), completedAt: z.date().nullable(), shownPromptId: z.string().nullable(),
});
const intakeRows = z.array(intakeRow);
const answerRow = z.object({ id: z.string(), intakeId: z.string(), questionId: z.string(), value: z.unknown(), raw: z.string(), answeredAt: z.date() });
const oneRow = z.tuple([z.looseObject({ p_id: z.string().nullable(), i_id: z.string().nullable(), a_id: z.string().nullable(), c_id: z.string().nullable(), c_address: z.unknown(), delivered: z.unknown() })]);
/** EXISTS: a boolean on PostgreSQL, 0 or 1 on SQLite. */
const flag = z.union([z.boolean(), z.literal(0).transform(() => false), z.literal(1).transform(() => true), z.bigint().transform((v) => v === 1n)]);
