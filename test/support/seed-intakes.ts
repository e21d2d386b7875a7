import { initialIntakeState } from '../../src/core/questionnaire/intake-state.js';
import type { Db } from '../../src/store/database.js';

export interface SeedOptions {
  intakes: number;
  /** Of those, how many are completed and have a handoff (claimed, every other one). */
  handoffs: number;
  questionnaireVersion: string;
  now: Date;
  /** When each row is next due for the sweep's review; null: nothing to do until it changes. */
  reviewAt: (i: number) => Date | null;
  /** Last activity of each intake (default: an hour ago, so none is due for the retention purge). */
  lastActivityAt?: (i: number) => Date;
  prefix?: string;
  /** Person ids by the intake's index; local by default. */
  channel?: 'local' | 'slack' | 'teams';
}

const CHUNK = 1_000;

/**
 * Many intakes and handoffs in a few bulk inserts, with their review times given: a database
 * the size of a prefecture-wide campaign in seconds, without a turn for each.
 */
export async function seedIntakes(db: Db, o: SeedOptions): Promise<void> {
  const prefix = o.prefix ?? 'seed';
  const key = (i: number) => `${prefix}${String(i).padStart(6, '0')}`;
  const lastActivity = o.lastActivityAt ?? (() => new Date(o.now.getTime() - 3_600_000));
  const people = Array.from({ length: o.intakes }, (_, i) => ({ id: `pe_${key(i)}`, channel: o.channel ?? 'local', externalId: `U${key(i)}`, createdAt: o.now }));
  const intakes = Array.from({ length: o.intakes }, (_, i) => {
    const completed = i < o.handoffs;
    const state = { ...initialIntakeState('ja'), answers: { 'company.name': `株式会社${key(i)}` }, completed };
    return {
      id: `in_${key(i)}`,
      personId: `pe_${key(i)}`,
      questionnaireVersion: o.questionnaireVersion,
      status: completed ? 'completed' : 'in_progress',
      locale: 'ja',
      state,
      createdAt: lastActivity(i),
      lastActivityAt: lastActivity(i),
      ...(completed ? { completedAt: lastActivity(i) } : {}),
      nextReviewAt: o.reviewAt(i),
    };
  });
  const handoffs = Array.from({ length: o.handoffs }, (_, i) => ({
    id: `ho_${key(i)}`,
    intakeId: `in_${key(i)}`,
    officeId: 'kanto',
    region: 'kanto',
    status: i % 2 === 0 ? 'open' : 'claimed',
    ...(i % 2 === 0 ? {} : { claimedBy: 'pm-kanto', claimedAt: lastActivity(i) }),
    createdAt: lastActivity(i),
    nextReviewAt: o.reviewAt(i),
  }));
  for (let i = 0; i < people.length; i += CHUNK) await db.person.createMany({ data: people.slice(i, i + CHUNK) });
  for (let i = 0; i < intakes.length; i += CHUNK) await db.intake.createMany({ data: intakes.slice(i, i + CHUNK) });
  for (let i = 0; i < handoffs.length; i += CHUNK) await db.handoff.createMany({ data: handoffs.slice(i, i + CHUNK) });
}
