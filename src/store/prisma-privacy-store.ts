import type { ErasureCounts, ErasureScope, PrivacyStore, ScrubReport } from '../ports/privacy-store.js';
import type { Db, Provider } from './database.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const unfinished = ['in_progress', 'paused'];

/**
 * Table by table, what a deletion removes (the AuditEntry table is not touched here: its
 * entries keep intake ids on purpose, and the person's id in them is rewritten by the audit log).
 */
export class PrismaPrivacyStore implements PrivacyStore {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
  ) {}

  /**
   * SQLite: the connection runs with `secure_delete` (store/database.ts), so the deleted rows'
   * bytes in the database file are zeros once the pages are written back; but until then the WAL
   * holds every page as it was before the deletion (and frames of earlier writes). A TRUNCATE
   * checkpoint copies the WAL into the file and cuts it to 0 bytes. It waits (busy timeout) for
   * readers of other connections; if one still holds the WAL it reports incomplete instead of
   * failing the deletion, which has happened.
   *
   * PostgreSQL: a DELETE leaves dead tuples in the heap, TOAST and index pages until VACUUM
   * removes them; VACUUM frees their space for reuse but does not overwrite every byte (measured:
   * 5 of 19 tokens still in the table files after it, in page gaps and index pages), and the WAL
   * segments, replicas and backups keep what was written (README, Privacy). Plain VACUUM takes
   * no lock that stops the bot; VACUUM FULL, which rewrites the files (0 tokens left in them),
   * locks each table for its duration and is left to the operator.
   */
  async scrub(): Promise<ScrubReport> {
    if (this.provider === 'sqlite') {
      const rows = await this.db.$queryRawUnsafe<{ busy: number | bigint }[]>('PRAGMA wal_checkpoint(TRUNCATE)');
      return { complete: rows.every((r) => Number(r.busy) === 0), step: 'wal_checkpoint(TRUNCATE)' };
    }
    const step = `VACUUM ${erasedTables.map((t) => `"${t}"`).join(', ')}`;
    // Not in a transaction (VACUUM refuses to run in one): a plain query on the pool autocommits.
    await this.db.$executeRawUnsafe(step);
    return { complete: true, step };
  }

  async erase(scope: ErasureScope): Promise<ErasureCounts | null> {
    return this.db.$transaction(async (tx) => {
      // An intake opened after the caller looked (the company wrote again meanwhile) belongs to the person too.
      const ofPerson = scope.personId ? (await tx.intake.findMany({ where: { personId: scope.personId }, select: { id: true } })).map((r) => r.id) : [];
      const intakeIds = unique([...scope.intakeIds, ...ofPerson]);
      if (scope.inactiveBefore) {
        const still = await tx.intake.count({ where: { id: { in: intakeIds }, status: { in: unfinished }, lastActivityAt: { lt: scope.inactiveBefore } } });
        if (still !== intakeIds.length) return null;
      }
      const handoffIds = unique([...scope.handoffIds, ...(await tx.handoff.findMany({ where: { intakeId: { in: intakeIds } }, select: { id: true } })).map((r) => r.id)]);
      const personRecipient = scope.personId ? [{ recipient: `person:${scope.personId}` }] : [];
      const keys = [...(scope.personId ? [scope.personId] : []), ...intakeIds, ...handoffIds];

      const counts: ErasureCounts = {
        answerRecords: (await tx.answerRecord.deleteMany({ where: { intakeId: { in: intakeIds } } })).count,
        assessments: (await tx.assessment.deleteMany({ where: { intakeId: { in: intakeIds } } })).count,
        handoffEvents: (await tx.handoffEvent.deleteMany({ where: { handoffId: { in: handoffIds } } })).count,
        handoffs: (await tx.handoff.deleteMany({ where: { id: { in: handoffIds } } })).count,
        notifications: (await tx.notification.deleteMany({ where: { OR: [{ intakeId: { in: intakeIds } }, ...personRecipient] } })).count,
        reminders: (await tx.reminder.deleteMany({ where: { OR: [{ intakeId: { in: intakeIds } }, { handoffId: { in: handoffIds } }, ...personRecipient] } })).count,
        channelMessages: await deleteChannelMessages(tx, keys),
        processedEvents: await deleteLedgerEntries(tx, scope.ledger),
        intakes: (await tx.intake.deleteMany({ where: { id: { in: intakeIds } } })).count,
        person: scope.personId ? (await tx.person.deleteMany({ where: { id: scope.personId } })).count : 0,
      };
      return counts;
    });
  }
}

/** Cards, prompts and thread replies are stored under an id (`<id>`) or beside it (`<id>:<message>`). */
async function deleteChannelMessages(tx: Tx, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await tx.channelMessage.findMany({
    where: { OR: keys.flatMap((key) => [{ key }, { key: { startsWith: `${key}:` } }]) },
    select: { id: true, key: true },
  });
  // SQLite's LIKE ignores ASCII case and reads `_` as a wildcard: only exact keys and prefixes go.
  const ids = rows.filter((r) => keys.some((k) => r.key === k || r.key.startsWith(`${k}:`))).map((r) => r.id);
  return (await tx.channelMessage.deleteMany({ where: { id: { in: ids } } })).count;
}

/** The ledger stores `<source>:<id>` (PrismaEventLedger). */
async function deleteLedgerEntries(tx: Tx, ledger: ErasureScope['ledger']): Promise<number> {
  if (ledger.length === 0) return 0;
  const prefixes = ledger.map((l) => `${l.source}:${l.idPrefix}`);
  const rows = await tx.processedEvent.findMany({ where: { OR: prefixes.map((p) => ({ id: { startsWith: p } })) }, select: { id: true } });
  const ids = rows.filter((r) => prefixes.some((p) => r.id.startsWith(p))).map((r) => r.id);
  return (await tx.processedEvent.deleteMany({ where: { id: { in: ids } } })).count;
}

const unique = (xs: string[]) => [...new Set(xs)];

/** Every table erase() deletes from, and AuditEntry, whose rewritten actor leaves the old versions of its rows behind. */
const erasedTables = ['Person', 'Intake', 'AnswerRecord', 'Assessment', 'Handoff', 'HandoffEvent', 'Notification', 'Reminder', 'ChannelMessage', 'ProcessedEvent', 'AuditEntry'];
