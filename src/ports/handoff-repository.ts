import type { Handoff, HandoffEvent, HandoffEventType } from '../core/handoff/handoff.js';
import type { Assessment } from '../core/handoff/assessment.js';

export interface NewHandoffEvent {
  type: HandoffEventType;
  actor: string;
  body: string | null;
  data: Record<string, string> | null;
}

export interface HandoffFilter {
  officeId?: string;
  status?: Handoff['status'];
}

export interface HandoffRepository {
  /** Replaces the intake's assessment (an intake has at most one). */
  saveAssessment(a: Assessment): Promise<void>;
  getAssessment(intakeId: string): Promise<Assessment | null>;
  listAssessments(): Promise<Assessment[]>;
  /** Creates the intake's handoff, or returns the one it already has: one handoff per intake, however often this runs. */
  openHandoff(input: { intakeId: string; officeId: string; region: string | null; now: Date }): Promise<{ handoff: Handoff; created: boolean }>;
  getHandoff(id: string): Promise<Handoff | null>;
  handoffForIntake(intakeId: string): Promise<Handoff | null>;
  listHandoffs(filter?: HandoffFilter): Promise<Handoff[]>;
  /** Compare-and-set on the version: applies the patch and appends the event, or changes nothing. */
  applyHandoff(
    id: string,
    expectedVersion: number,
    patch: Partial<Pick<Handoff, 'status' | 'claimedBy' | 'claimedAt' | 'outcome' | 'closedAt'>>,
    event: NewHandoffEvent,
    now: Date,
  ): Promise<{ saved: true; handoff: Handoff } | { saved: false }>;
  addEvent(handoffId: string, event: NewHandoffEvent, now: Date): Promise<HandoffEvent>;
  events(handoffId: string): Promise<HandoffEvent[]>;
}
