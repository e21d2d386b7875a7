import type { Intake } from '../core/intake.js';
import type { Handoff } from '../core/handoff/handoff.js';
import { authorize, type AccessDecision, type AccessTarget, type Permission } from '../core/access/authorize.js';
import { principalRef, resolvePrincipal, type Principal } from '../core/access/principal.js';
import type { PmChannel } from '../core/routing/find-pm.js';
import { routeHandoff } from '../core/routing/route-handoff.js';
import type { OfficesConfig } from '../core/routing/offices-schema.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { IntakeRepository } from '../ports/intake-repository.js';
import type { HandoffRepository } from '../ports/handoff-repository.js';

/** Someone acting from a channel: their id there (Slack user id, AAD object id, local user name). */
export interface Caller {
  channel: PmChannel;
  externalId: string;
}

export interface AccessDeps {
  offices: OfficesConfig;
  audit: AuditLog;
  clock: Clock;
  repo: IntakeRepository;
  handoffs: HandoffRepository;
}

/** The caller's role from configuration; a company is identified by the person id the bot keeps for it. */
export async function principalOf(s: AccessDeps, caller: Caller): Promise<Principal> {
  const p = resolvePrincipal(s.offices, caller.channel, caller.externalId);
  if (p.role !== 'sme') return p;
  const person = await s.repo.findPerson(caller.channel, caller.externalId);
  return { role: 'sme', personId: person?.id ?? null };
}

/**
 * The office an intake belongs to: its handoff's once it was handed off (a PM may have been
 * reassigned across offices), otherwise where its prefecture routes — the same office that
 * hears about it when it stalls.
 */
export function officeOfIntake(offices: OfficesConfig, intake: Intake, handoff: Handoff | null): string {
  if (handoff) return handoff.officeId;
  const prefecture = intake.state.answers['company.prefecture'];
  return routeHandoff(offices, typeof prefecture === 'string' ? prefecture : undefined).officeId;
}

export const intakeAccessTarget = (offices: OfficesConfig, intake: Intake, handoff: Handoff | null): AccessTarget => ({
  ownerPersonId: intake.personId,
  officeId: officeOfIntake(offices, intake, handoff),
});

export interface AccessContext {
  channel: string;
  intakeId?: string | null;
  handoffId?: string | null;
  /** Why the read happened, for the log (`list`, `show`, `export`, `home`). */
  detail?: string;
}

const reads: readonly Permission[] = ['intake.read', 'privacy.export'];

/**
 * Decides with the one policy and writes the audit entry: every read of an intake by someone
 * other than its company, and every refusal. Changes are recorded by `auditChange` once they
 * are made, so an allowed action is not logged twice.
 */
export async function checkAccess(s: AccessDeps, principal: Principal, permission: Permission, target: AccessTarget, ctx: AccessContext): Promise<AccessDecision> {
  const decision = authorize(principal, permission, target);
  const ownRead = principal.role === 'sme' && principal.personId !== null && principal.personId === target.ownerPersonId;
  if (!decision.ok || (reads.includes(permission) && !ownRead && ctx.intakeId)) {
    await s.audit.record({
      at: s.clock.now(),
      actor: principalRef(principal),
      action: permission,
      outcome: decision.ok ? 'allowed' : 'denied',
      channel: ctx.channel,
      intakeId: ctx.intakeId ?? null,
      handoffId: ctx.handoffId ?? null,
      detail: decision.ok ? (ctx.detail ?? null) : decision.code,
    });
  }
  return decision;
}

/** Loads an intake and its handoff and checks a read of it; null when it does not exist. */
export async function readIntake(
  s: AccessDeps,
  principal: Principal,
  intakeId: string,
  ctx: Omit<AccessContext, 'intakeId'>,
): Promise<{ ok: true; intake: Intake; handoff: Handoff | null } | { ok: false; code: string } | null> {
  const intake = await s.repo.getIntake(intakeId);
  if (!intake) return null;
  const handoff = await s.handoffs.handoffForIntake(intake.id);
  const decision = await checkAccess(s, principal, 'intake.read', intakeAccessTarget(s.offices, intake, handoff), { ...ctx, intakeId: intake.id, handoffId: handoff?.id ?? null });
  return decision.ok ? { ok: true, intake, handoff } : decision;
}

/** A change of state, for the audit log (`handoff.claimed`, `intake.completed`, `privacy.deleted`, …). */
export async function auditChange(
  s: Pick<AccessDeps, 'audit' | 'clock'>,
  actor: Principal | 'system',
  action: string,
  ctx: { channel: string; intakeId?: string | null; handoffId?: string | null; detail?: string | null },
): Promise<void> {
  await s.audit.record({
    at: s.clock.now(),
    actor: actor === 'system' ? 'system' : principalRef(actor),
    action,
    outcome: 'allowed',
    channel: ctx.channel,
    intakeId: ctx.intakeId ?? null,
    handoffId: ctx.handoffId ?? null,
    detail: ctx.detail ?? null,
  });
}
