import type { Handoff, HandoffEvent } from '../core/handoff/handoff.js';
import type { Assessment } from '../core/handoff/assessment.js';
import type { HandoffFilter, HandoffRepository, NewHandoffEvent } from '../ports/handoff-repository.js';
import type { Db } from './database.js';
import { newId, newSequenceId } from './ids.js';
import { toAssessment, toHandoff, toHandoffEvent } from './handoff-mappers.js';
import { reviewAfterChange } from '../core/reminders/next-review.js';

type JsonIn = NonNullable<Parameters<Db['assessment']['create']>[0]['data']['result']>;
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as JsonIn;

export class PrismaHandoffRepository implements HandoffRepository {
  constructor(private readonly db: Db) {}

  async saveAssessment(a: Assessment): Promise<void> {
    const data = {
      rubricVersion: a.readiness.rubricVersion,
      score: a.readiness.score,
      band: a.readiness.band,
      eligibility: a.eligibility.status,
      region: a.route.region,
      officeId: a.route.officeId,
      result: json({ readiness: a.readiness, eligibility: a.eligibility, route: a.route }),
      plan: json(a.plan),
      planJa: a.planJa,
      planEn: a.planEn,
      createdAt: a.createdAt,
    };
    await this.db.assessment.upsert({ where: { intakeId: a.intakeId }, create: { intakeId: a.intakeId, ...data }, update: data });
  }

  async getAssessment(intakeId: string): Promise<Assessment | null> {
    const row = await this.db.assessment.findUnique({ where: { intakeId } });
    return row ? toAssessment(row) : null;
  }

  async listAssessments(): Promise<Assessment[]> {
    const rows = await this.db.assessment.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(toAssessment);
  }

  async openHandoff(input: { intakeId: string; officeId: string; region: string | null; now: Date }): Promise<{ handoff: Handoff; created: boolean }> {
    const existing = await this.db.handoff.findUnique({ where: { intakeId: input.intakeId } });
    if (existing) return { handoff: toHandoff(existing), created: false };
    try {
      const row = await this.db.$transaction(async (tx) => {
        const h = await tx.handoff.create({
          data: { id: newId('ho'), intakeId: input.intakeId, officeId: input.officeId, region: input.region, status: 'open', createdAt: input.now, nextReviewAt: reviewAfterChange(input.now) },
        });
        await tx.handoffEvent.create({ data: { id: newSequenceId('he', 0), handoffId: h.id, type: 'created', actor: 'system', createdAt: input.now } });
        return h;
      });
      return { handoff: toHandoff(row), created: true };
    } catch (err) {
      // Two turns completing the same intake race to create its handoff: the unique intakeId lets one win.
      const again = await this.db.handoff.findUnique({ where: { intakeId: input.intakeId } });
      if (again) return { handoff: toHandoff(again), created: false };
      throw err;
    }
  }

  async getHandoff(id: string): Promise<Handoff | null> {
    const row = await this.db.handoff.findUnique({ where: { id } });
    return row ? toHandoff(row) : null;
  }

  async handoffForIntake(intakeId: string): Promise<Handoff | null> {
    const row = await this.db.handoff.findUnique({ where: { intakeId } });
    return row ? toHandoff(row) : null;
  }

  async listHandoffs(filter: HandoffFilter = {}): Promise<Handoff[]> {
    const rows = await this.db.handoff.findMany({
      where: { ...(filter.officeId ? { officeId: filter.officeId } : {}), ...(filter.status ? { status: filter.status } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toHandoff);
  }

  async applyHandoff(
    id: string,
    expectedVersion: number,
    patch: Partial<Pick<Handoff, 'status' | 'claimedBy' | 'claimedAt' | 'outcome' | 'closedAt'>>,
    event: NewHandoffEvent,
    now: Date,
  ): Promise<{ saved: true; handoff: Handoff } | { saved: false }> {
    return this.db.$transaction(async (tx) => {
      // A claim or a close changes which reminders the handoff should have: due for review in the same write.
      const updated = await tx.handoff.updateMany({ where: { id, version: expectedVersion }, data: { ...patch, version: { increment: 1 }, nextReviewAt: reviewAfterChange(now) } });
      if (updated.count !== 1) return { saved: false as const };
      await tx.handoffEvent.create({ data: eventRow(id, await tx.handoffEvent.count({ where: { handoffId: id } }), event, now) });
      const row = await tx.handoff.findUniqueOrThrow({ where: { id } });
      return { saved: true as const, handoff: toHandoff(row) };
    });
  }

  async addEvent(handoffId: string, event: NewHandoffEvent, now: Date): Promise<HandoffEvent> {
    return this.db.$transaction(async (tx) => {
      const seq = await tx.handoffEvent.count({ where: { handoffId } });
      return toHandoffEvent(await tx.handoffEvent.create({ data: eventRow(handoffId, seq, event, now) }));
    });
  }

  async events(handoffId: string): Promise<HandoffEvent[]> {
    const rows = await this.db.handoffEvent.findMany({ where: { handoffId }, orderBy: { id: 'asc' } });
    return rows.map(toHandoffEvent);
  }
}

const eventRow = (handoffId: string, seq: number, e: NewHandoffEvent, now: Date) => ({
  id: newSequenceId('he', seq),
  handoffId,
  type: e.type,
  actor: e.actor,
  body: e.body,
  ...(e.data ? { data: json(e.data) } : {}),
  createdAt: now,
});
