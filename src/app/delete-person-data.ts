import type { Intake, Person } from '../core/intake.js';
import type { Handoff } from '../core/handoff/handoff.js';
import { principalRef, type Principal } from '../core/access/principal.js';
import type { ErasureCounts, ErasureScope } from '../ports/privacy-store.js';
import type { IntakeServices } from './intake-services.js';
import { auditChange, checkAccess } from './access.js';
import { errorCode } from './notify.js';

/** What to delete: a person with everything of theirs, or one intake (and its person when it was their only one). */
export type DeletionTarget = { personId: string } | { intakeId: string };

/**
 * Who asked, as the audit log records it: an admin by their id; the company itself as
 * `sme:deleted` (its own id is what is being erased); the retention job as `system`.
 */
export type Deleter = { kind: 'principal'; principal: Principal } | { kind: 'self' } | { kind: 'retention'; inactiveBefore: Date };

export interface DeletionReport {
  /** The person deleted, or null when only an intake went and the person still has others. */
  personId: string | null;
  intakeIds: string[];
  handoffIds: string[];
  counts: ErasureCounts;
}

/** How a company whose data was deleted is named in the audit log from then on. */
export const deletedPerson: Principal = { role: 'sme', personId: 'deleted' };

/**
 * The one deletion every entry point uses ("delete my data" in chat, `renkei privacy delete`,
 * the retention purge). Order matters: the cards in the office channels are rewritten while
 * the rows holding their addresses still exist, and the plan files go before the rows, so a
 * failure part-way leaves the data findable for a retry rather than orphaned files. Returns
 * null when the target does not exist, or (retention) when the company came back meanwhile.
 */
export async function deletePersonData(
  s: IntakeServices,
  target: DeletionTarget,
  by: Deleter,
  channel: string,
  /** A batch (the retention purge) scrubs once after its last deletion instead of after each. */
  options: { scrub: boolean } = { scrub: true },
): Promise<DeletionReport | null> {
  const found = await resolve(s, target);
  if (!found) return null;
  const { person, intakes, wholePerson } = found;
  const handoffs = (await Promise.all(intakes.map((i) => s.handoffs.handoffForIntake(i.id)))).filter((h): h is Handoff => h !== null);

  for (const h of handoffs) for (const m of s.messengers) await m.showHandoffDeleted(h.id);
  for (const i of intakes) await s.planArchive?.remove(i.id);

  const scope: ErasureScope = {
    personId: wholePerson ? person.id : null,
    intakeIds: intakes.map((i) => i.id),
    handoffIds: handoffs.map((h) => h.id),
    ledger: wholePerson ? ledgerEntries(person) : [],
    ...(by.kind === 'retention' ? { inactiveBefore: by.inactiveBefore } : {}),
  };
  const counts = await s.privacy.erase(scope);
  if (!counts) return null;

  const actor = by.kind === 'principal' ? by.principal : by.kind === 'self' ? deletedPerson : 'system';
  const action = by.kind === 'retention' ? 'privacy.purged' : 'privacy.deleted';
  const detail = wholePerson ? 'person' : 'intake';
  if (intakes.length === 0) await auditChange(s, actor, action, { channel, detail });
  for (const i of intakes) await auditChange(s, actor, action, { channel, intakeId: i.id, handoffId: handoffs.find((h) => h.intakeId === i.id)?.id ?? null, detail });
  if (wholePerson) await s.audit.replaceActor(principalRef({ role: 'sme', personId: person.id }), principalRef(deletedPerson));
  s.log.info('personal data deleted', { action, intakes: intakes.length, handoffs: handoffs.length, wholePerson });
  // After the audit rewrite too: its old row versions still name the person's id.
  if (options.scrub) await scrubAfterDeletion(s);
  return { personId: wholePerson ? person.id : null, intakeIds: scope.intakeIds, handoffIds: scope.handoffIds, counts };
}

/**
 * The rows are gone once erase() commits; what the storage still keeps of them (SQLite's WAL,
 * PostgreSQL's dead tuples) goes here. A scrub that cannot finish now is logged, not thrown:
 * the deletion itself has happened and must be reported as done; the next scrub catches up.
 */
export async function scrubAfterDeletion(s: IntakeServices): Promise<void> {
  let report;
  try {
    report = await s.privacy.scrub();
  } catch (err) {
    s.log.error('deleted data not yet scrubbed', { code: errorCode(err) });
    return;
  }
  if (report.complete) s.log.info('deleted data scrubbed', { step: report.step });
  else s.log.warn('deleted data not yet scrubbed: old copies stay in the database log until the next checkpoint', { step: report.step });
}

/**
 * A deletion asked for by someone (the admin CLI): the policy decides (an admin for anyone, a
 * company for itself) and a refusal is audited; a company deleting its own data is recorded
 * as `sme:deleted` like the chat's "delete my data".
 */
export async function requestDeletion(
  s: IntakeServices,
  principal: Principal,
  target: DeletionTarget,
  channel: string,
): Promise<{ ok: true; report: DeletionReport } | { ok: false; code: string } | null> {
  const intake = 'intakeId' in target ? await s.repo.getIntake(target.intakeId) : null;
  const ownerPersonId = 'personId' in target ? target.personId : (intake?.personId ?? null);
  if (!ownerPersonId || !(await s.repo.getPerson(ownerPersonId))) return null;
  const decision = await checkAccess(s, principal, 'privacy.delete', { ownerPersonId, officeId: null }, { channel, intakeId: intake?.id ?? null });
  if (!decision.ok) return decision;
  const self = principal.role === 'sme' && principal.personId === ownerPersonId;
  const report = await deletePersonData(s, target, self ? { kind: 'self' } : { kind: 'principal', principal }, channel);
  return report ? { ok: true, report } : null;
}

async function resolve(s: IntakeServices, target: DeletionTarget): Promise<{ person: Person; intakes: Intake[]; wholePerson: boolean } | null> {
  if ('personId' in target) {
    const person = await s.repo.getPerson(target.personId);
    return person ? { person, intakes: await s.repo.listIntakes({ personId: person.id }), wholePerson: true } : null;
  }
  const intake = await s.repo.getIntake(target.intakeId);
  const person = intake ? await s.repo.getPerson(intake.personId) : null;
  if (!intake || !person) return null;
  const others = (await s.repo.listIntakes({ personId: person.id })).filter((i) => i.id !== intake.id);
  return { person, intakes: [intake], wholePerson: others.length === 0 };
}

/**
 * The handled-deliveries ledger records Teams activities as `<conversation id>|<activity id>`
 * (channels/teams/teams-channel.ts), and the person's personal chat id is in the reference the
 * channel stored for them. Slack's entries are event ids that name no one.
 */
function ledgerEntries(person: Person): ErasureScope['ledger'] {
  const a = person.address;
  if (typeof a !== 'object' || a === null || !('conversation' in a)) return [];
  const conversation = a.conversation;
  if (typeof conversation !== 'object' || conversation === null || !('id' in conversation) || typeof conversation.id !== 'string' || !conversation.id) return [];
  return [{ source: 'teams', idPrefix: `${conversation.id}|` }];
}
