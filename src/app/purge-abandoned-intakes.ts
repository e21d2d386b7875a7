import { setImmediate as nextTurnOfLoop } from 'node:timers/promises';
import type { IntakeServices } from './intake-services.js';
import { deletePersonData, scrubAfterDeletion } from './delete-person-data.js';
import { errorCode } from './notify.js';

export interface PurgeResult {
  /** Intakes without activity since before this time were due; null when retention is off (0 days). */
  cutoff: Date | null;
  purged: string[];
  /** Intakes whose deletion failed; they stay and the next run tries again. */
  failed: { intakeId: string; code: string }[];
}

const DAY_MS = 86_400_000;
const PURGE_BATCH = 100;

/**
 * Retention: an intake never completed (in progress or paused) and untouched for
 * `retentionDays` is deleted with the same use case as a requested deletion, its person too
 * when it was their only intake. Completed intakes stay: they are the office's record of a
 * consultation and are deleted only on request.
 */
export async function purgeAbandonedIntakes(s: IntakeServices, channel: string): Promise<PurgeResult> {
  if (s.retentionDays <= 0) return { cutoff: null, purged: [], failed: [] };
  const cutoff = new Date(s.clock.now().getTime() - s.retentionDays * DAY_MS);
  const result: PurgeResult = { cutoff, purged: [], failed: [] };
  // Only the intakes past the cutoff are read (an index), a batch at a time, with a turn of the
  // event loop between deletions: a purge of thousands never holds up a chat request for long.
  let after: { lastActivityAt: Date; id: string } | null = null;
  for (;;) {
    const batch = await s.reviews.abandonedIntakes(cutoff, PURGE_BATCH, after);
    for (const intake of batch) {
      try {
        const report = await deletePersonData(s, { intakeId: intake.id }, { kind: 'retention', inactiveBefore: cutoff }, channel, { scrub: false });
        if (report) result.purged.push(intake.id);
      } catch (err) {
        // One intake that cannot be deleted now must not keep the others: it is reported and retried on the next run.
        const code = errorCode(err);
        s.log.error('retention purge failed', { intakeId: intake.id, code });
        result.failed.push({ intakeId: intake.id, code });
      }
      await nextTurnOfLoop();
    }
    after = batch.at(-1) ?? null;
    if (batch.length < PURGE_BATCH || !after) break;
  }
  if (result.purged.length > 0) await scrubAfterDeletion(s);
  if (result.purged.length > 0 || result.failed.length > 0) s.log.info('retention purge', { purged: result.purged.length, failed: result.failed.length, retentionDays: s.retentionDays });
  return result;
}

const lastSlot = new WeakMap<object, string>();

/**
 * The running bot purges at most once per clock hour across all replicas: the hour is claimed
 * in the shared ledger of handled events, so only the first replica to reach it runs the purge.
 * The in-memory note only spares the database a refused insert on every dispatcher round.
 */
export async function purgeWhenDue(s: IntakeServices): Promise<PurgeResult | null> {
  if (s.retentionDays <= 0) return null;
  const now = s.clock.now();
  const slot = `retention-purge:${now.toISOString().slice(0, 13)}`;
  if (lastSlot.get(s.events) === slot) return null;
  const first = await s.events.firstTime(slot, 'privacy', now);
  lastSlot.set(s.events, slot);
  if (!first) return null;
  return purgeAbandonedIntakes(s, 'system');
}
