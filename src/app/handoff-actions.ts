import type { Params } from '../core/messages.js';
import type { Handoff, HandoffAction, HandoffEventType } from '../core/handoff/handoff.js';
import { decideHandoffAction } from '../core/handoff/decide-handoff-action.js';
import { findPm, type PmChannel } from '../core/routing/find-pm.js';
import type { OfficesConfig } from '../core/routing/offices-schema.js';
import type { IntakeServices } from './intake-services.js';
import { notify, refreshHandoffCards } from './notify.js';
import { auditChange, checkAccess, principalOf } from './access.js';

export interface ActorRef {
  channel: PmChannel;
  externalId: string;
}

export type HandoffActionResult =
  | { ok: true; handoff: Handoff; event: HandoffEventType }
  | { ok: false; code: string; params?: Params };

/** A PM's display names, for messages in either language. */
export function pmNames(offices: OfficesConfig, pmId: string | null): { pm: string; pm_en: string } {
  for (const o of offices.offices) {
    const pm = o.pms.find((p) => p.id === pmId);
    if (pm) return { pm: pm.name.ja, pm_en: pm.name.en };
  }
  const admin = offices.admins?.find((a) => a.id === pmId);
  if (admin) return { pm: admin.name.ja, pm_en: admin.name.en };
  return { pm: pmId ?? '', pm_en: pmId ?? '' };
}

const MAX_ATTEMPTS = 5;

/**
 * One PM action on a handoff, from any channel. Refusals come back as codes with reasons;
 * a lost compare-and-set (another PM got there first) re-reads and decides again, so the
 * loser of two simultaneous claims is told who won.
 */
export async function performHandoffAction(s: IntakeServices, actor: ActorRef, handoffId: string, action: HandoffAction): Promise<HandoffActionResult> {
  const principal = await principalOf(s, actor);
  const found = findPm(s.offices, actor.channel, actor.externalId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const handoff = await s.handoffs.getHandoff(handoffId);
    if (!handoff) return { ok: false, code: 'handoff.not_found', params: { id: handoffId } };
    // Only the first pass asks the policy: a retry after a lost race is the same request.
    if (attempt === 0) {
      const access = await checkAccess(s, principal, 'handoff.act', { ownerPersonId: null, officeId: handoff.officeId }, { channel: actor.channel, intakeId: handoff.intakeId, handoffId: handoff.id, detail: action.kind });
      if (!access.ok) return { ok: false, code: access.code };
    }
    if (!found) return { ok: false, code: 'handoff.not_a_pm' };
    const { office, pm } = found;
    const now = s.clock.now();
    const decision = decideHandoffAction(
      handoff,
      { pmId: pm.id, officeId: office.id, isLead: office.lead === pm.id },
      action,
      office.pms.map((p) => p.id),
      now,
    );
    if (!decision.ok) {
      return decision.code === 'handoff.claimed_by' || decision.code === 'handoff.already_assigned'
        ? { ok: false, code: decision.code, params: pmNames(s.offices, String(decision.params?.pm ?? '')) }
        : decision;
    }
    const saved = await s.handoffs.applyHandoff(handoff.id, handoff.version, decision.patch, { ...decision.event, actor: pm.id }, now);
    if (!saved.saved) continue;
    await auditChange(s, principal, `handoff.${decision.event.type}`, { channel: actor.channel, intakeId: saved.handoff.intakeId, handoffId: saved.handoff.id, detail: saved.handoff.status });
    await notifyAfter(s, saved.handoff, decision.event.type, decision.event.body);
    await refreshHandoffCards(s, saved.handoff.id, saved.handoff.intakeId);
    return { ok: true, handoff: saved.handoff, event: decision.event.type };
  }
  return { ok: false, code: 'handoff.busy' };
}

async function notifyAfter(s: IntakeServices, h: Handoff, type: HandoffEventType, body: string | null): Promise<void> {
  const intake = await s.repo.getIntake(h.intakeId);
  if (!intake) return;
  const sme = { kind: 'person' as const, personId: intake.personId };
  const names = pmNames(s.offices, h.claimedBy);
  if (type === 'claimed' || type === 'reassigned')
    await notify(s, sme, { kind: 'handoff_claimed', key: 'handoff.notice.claimed', params: names, intakeId: h.intakeId, handoffId: h.id });
  if (type === 'reassigned' && h.claimedBy)
    await notify(s, { kind: 'pm', pmId: h.claimedBy }, { kind: 'handoff_assigned', key: 'handoff.notice.assigned', params: { handoff: h.id }, intakeId: h.intakeId, handoffId: h.id });
  if (type === 'question')
    await notify(s, sme, { kind: 'pm_question', key: 'handoff.notice.question', params: { ...names, question: body ?? '' }, intakeId: h.intakeId, handoffId: h.id });
}
