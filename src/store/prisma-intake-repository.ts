import type { AnswerRecord, Intake, Person } from '../core/intake.js';
import { statusOf } from '../core/intake.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { DeliveryRecord, IntakeFilter, IntakeRepository, LoadedTurn, NewIntake, PersonInput, SaveTurnResult, TurnToLoad, TurnToSave } from '../ports/intake-repository.js';
import type { Db } from './database.js';
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
  constructor(private readonly db: Db) {}

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
    // Person, latest intake and its last answer come in one query; the ledger beside it.
    const [row, ledgered] = await Promise.all([
      this.db.person.findUnique({
        where: { channel_externalId: { channel: turn.channel, externalId: turn.externalId } },
        include: { intakes: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, include: { answers: { orderBy: { id: 'desc' }, take: 1 } } } },
      }),
      turn.delivery ? this.db.processedEvent.findUnique({ where: { id: ledgerId(turn.delivery) }, select: { id: true } }) : null,
    ]);
    const latest = row?.intakes[0];
    const prompt = row ? await this.db.channelMessage.findUnique({ where: { kind_key_channel: { kind: `${turn.channel}_prompt`, key: row.id, channel: turn.channel } } }) : null;
    const answer = latest?.answers[0];
    return {
      person: row ? toPerson(row) : null,
      intake: latest ? toIntake(latest) : null,
      lastAnswer: answer ? toAnswerRecord(answer) : null,
      channelPrompt: prompt ? storedAddress.parse(prompt.address) : null,
      delivered: ledgered !== null,
    };
  }

  async saveTurn(turn: TurnToSave): Promise<SaveTurnResult> {
    try {
      return await this.db.$transaction(async (tx) => {
        if (turn.delivery) {
          // The primary key decides: of two copies of one delivery, the second's transaction fails here and rolls back.
          try {
            await tx.processedEvent.create({ data: { id: ledgerId(turn.delivery), source: turn.delivery.source, createdAt: turn.now } });
          } catch (err) {
            if (isUniqueViolation(err)) throw new DuplicateDelivery();
            throw err;
          }
        }
        const status = statusOf(turn.state);
        // Compare-and-set on the version: of two turns racing on one intake, exactly one is saved.
        const updated = await tx.intake.updateMany({
          where: { id: turn.intakeId, version: turn.expectedVersion },
          data: {
            state: json(turn.state),
            status,
            locale: turn.state.locale,
            questionnaireVersion: turn.questionnaireVersion,
            version: { increment: 1 },
            lastActivityAt: turn.now,
            ...(status === 'completed' ? { completedAt: turn.now } : {}),
            // The one place a turn decides when the reminder sweep looks at the intake next, in
            // the turn's own write: nudges follow the new state without the sweep reading every row.
            nextReviewAt: reviewAfterChange(turn.now),
          },
        });
        // A conflict must not leave the ledger entry behind: the re-run turn enters it.
        if (updated.count !== 1) throw new VersionConflict();
        if (turn.answers.length > 0) {
          await tx.answerRecord.createMany({
            data: turn.answers.map((a, i) => ({
              id: newSequenceId('an', turn.expectedVersion + 1, i),
              intakeId: turn.intakeId,
              questionId: a.questionId,
              value: json(a.value),
              raw: a.raw,
              answeredAt: a.answeredAt,
            })),
          });
        }
        const p = turn.person;
        if (turn.personId && p && Object.keys(p).length > 0) {
          await tx.person.update({
            where: { id: turn.personId },
            data: {
              ...(p.displayName ? { displayName: p.displayName } : {}),
              ...(p.address !== undefined ? { address: json(p.address) } : {}),
              ...(p.locale ? { locale: p.locale } : {}),
              ...(p.remindersOptOut !== undefined ? { remindersOptOut: p.remindersOptOut } : {}),
            },
          });
        }
        const row = await tx.intake.findUniqueOrThrow({ where: { id: turn.intakeId } });
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
    if (record.intakeId && record.shownPromptId !== undefined)
      writes.push(this.db.intake.updateMany({ where: { id: record.intakeId }, data: { shownPromptId: record.shownPromptId } }));
    const cp = record.channelPrompt;
    if (cp?.value) {
      const address = json(cp.value);
      writes.push(
        this.db.channelMessage.upsert({
          where: { kind_key_channel: { kind: cp.kind, key: record.personId, channel: cp.channel } },
          create: { id: newId('cm'), kind: cp.kind, key: record.personId, channel: cp.channel, address, createdAt: record.now, updatedAt: record.now },
          update: { address, updatedAt: record.now },
        }),
      );
    } else if (cp) writes.push(this.db.channelMessage.deleteMany({ where: { kind: cp.kind, key: record.personId, channel: cp.channel } }));
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

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && err.code === 'P2002';
