export const handoffStatuses = ['open', 'claimed', 'in_brushup', 'closed'] as const;
export type HandoffStatus = (typeof handoffStatuses)[number];

/** `commercialized` means sales have been booked (事業化). */
export const handoffOutcomes = ['applied', 'certified', 'commercialized', 'withdrawn', 'not_eligible'] as const;
export type HandoffOutcome = (typeof handoffOutcomes)[number];

export interface Handoff {
  id: string;
  intakeId: string;
  officeId: string;
  region: string | null;
  status: HandoffStatus;
  /** The PM (id from the offices configuration) who has it. */
  claimedBy: string | null;
  claimedAt: Date | null;
  outcome: HandoffOutcome | null;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
}

export const handoffEventTypes = ['created', 'claimed', 'brushup_started', 'note', 'question', 'answer', 'reassigned', 'closed', 'data_deleted'] as const;
export type HandoffEventType = (typeof handoffEventTypes)[number];

export interface HandoffEvent {
  id: string;
  handoffId: string;
  type: HandoffEventType;
  /** A PM id, `sme` or `system`. */
  actor: string;
  body: string | null;
  data: Record<string, string> | null;
  createdAt: Date;
}

export type HandoffAction =
  | { kind: 'claim' }
  | { kind: 'start_brushup' }
  | { kind: 'note'; text: string }
  | { kind: 'ask'; text: string }
  | { kind: 'reassign'; to: string }
  | { kind: 'close'; outcome: string };
