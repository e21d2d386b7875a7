import type { Params } from '../messages.js';
import { handoffOutcomes, type Handoff, type HandoffAction, type HandoffEventType, type HandoffOutcome } from './handoff.js';

export interface HandoffActor {
  pmId: string;
  officeId: string;
  /** The office lead may reassign and close handoffs claimed by others. */
  isLead: boolean;
}

export type HandoffDecision =
  | {
      ok: true;
      patch: Partial<Pick<Handoff, 'status' | 'claimedBy' | 'claimedAt' | 'outcome' | 'closedAt'>>;
      event: { type: HandoffEventType; body: string | null; data: Record<string, string> | null };
    }
  | { ok: false; code: string; params?: Params };

const MAX_TEXT = 2000;

/**
 * The handoff lifecycle as a pure decision: open → claimed → in_brushup → closed with an
 * outcome. The caller applies the patch with a compare-and-set on the version, so of two
 * PMs clicking Claim together exactly one wins and the other is told who has it.
 */
export function decideHandoffAction(
  h: Handoff,
  actor: HandoffActor,
  action: HandoffAction,
  officePmIds: readonly string[],
  now: Date,
): HandoffDecision {
  if (actor.officeId !== h.officeId) return { ok: false, code: 'handoff.not_your_office' };
  if (h.status === 'closed') return { ok: false, code: 'handoff.closed', params: { outcome: h.outcome ?? '' } };
  const mine = h.claimedBy === actor.pmId;
  const claimedByOther = h.claimedBy !== null && !mine;
  const refuseClaimed = (): HandoffDecision => ({ ok: false, code: 'handoff.claimed_by', params: { pm: h.claimedBy ?? '' } });

  switch (action.kind) {
    case 'claim':
      if (mine) return { ok: false, code: 'handoff.already_yours' };
      if (claimedByOther) return refuseClaimed();
      return { ok: true, patch: { status: 'claimed', claimedBy: actor.pmId, claimedAt: now }, event: { type: 'claimed', body: null, data: null } };
    case 'start_brushup':
      if (h.status === 'open') return { ok: false, code: 'handoff.claim_first' };
      if (claimedByOther) return refuseClaimed();
      if (h.status === 'in_brushup') return { ok: false, code: 'handoff.already_in_brushup' };
      return { ok: true, patch: { status: 'in_brushup' }, event: { type: 'brushup_started', body: null, data: null } };
    case 'note':
    case 'ask': {
      const text = action.text.trim();
      if (text.length === 0) return { ok: false, code: 'handoff.text_empty' };
      if (text.length > MAX_TEXT) return { ok: false, code: 'handoff.text_too_long', params: { max: MAX_TEXT } };
      if (action.kind === 'note') return { ok: true, patch: {}, event: { type: 'note', body: text, data: null } };
      if (h.status === 'open') return { ok: false, code: 'handoff.claim_first' };
      if (claimedByOther) return refuseClaimed();
      return { ok: true, patch: {}, event: { type: 'question', body: text, data: null } };
    }
    case 'reassign':
      if (!officePmIds.includes(action.to)) return { ok: false, code: 'handoff.unknown_pm', params: { pm: action.to } };
      if (claimedByOther && !actor.isLead) return refuseClaimed();
      if (h.claimedBy === action.to) return { ok: false, code: 'handoff.already_assigned', params: { pm: action.to } };
      return {
        ok: true,
        patch: { status: h.status === 'open' ? 'claimed' : h.status, claimedBy: action.to, claimedAt: now },
        event: { type: 'reassigned', body: null, data: { from: h.claimedBy ?? '', to: action.to } },
      };
    case 'close': {
      if (!isOutcome(action.outcome)) return { ok: false, code: 'handoff.unknown_outcome', params: { outcome: action.outcome, outcomes: handoffOutcomes.join(', ') } };
      if (h.status === 'open') return { ok: false, code: 'handoff.claim_first' };
      if (claimedByOther && !actor.isLead) return refuseClaimed();
      return { ok: true, patch: { status: 'closed', outcome: action.outcome, closedAt: now }, event: { type: 'closed', body: null, data: { outcome: action.outcome } } };
    }
  }
}

const isOutcome = (s: string): s is HandoffOutcome => (handoffOutcomes as readonly string[]).includes(s);
