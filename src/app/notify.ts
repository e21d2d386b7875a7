import type { Notice, Recipient } from '../ports/inbox.js';
import type { IntakeServices } from './intake-services.js';

/**
 * Keeps the message in the inbox and hands it to every chat platform that can reach the
 * recipient; delivered messages are marked read so the terminal does not show them again.
 * A platform failure never loses the message: it stays unread and staff are told.
 */
export async function notify(s: IntakeServices, recipient: Recipient, notice: Notice): Promise<void> {
  const now = s.clock.now();
  const stored = await s.inbox.add(recipient, notice, now);
  for (const m of s.messengers) {
    try {
      if (await m.deliver(recipient, notice)) await s.inbox.markRead([stored.id], now);
    } catch (err) {
      await reportDeliveryFailure(s, m.channel, notice.kind, err, notice.intakeId, notice.handoffId);
    }
  }
}

/**
 * Delivery of one occurrence (a reminder): the inbox record is keyed by `id`, so an occurrence
 * already handed to a platform is not sent again. Platform errors propagate for the caller to
 * retry; the record stays and the retry delivers it.
 */
export async function deliverOnce(s: IntakeServices, recipient: Recipient, notice: Notice, id: string): Promise<'delivered' | 'duplicate'> {
  const now = s.clock.now();
  const { notice: stored } = await s.inbox.addOnce(id, recipient, notice, now);
  if (stored.readAt) return 'duplicate';
  let delivered = false;
  for (const m of s.messengers) if (await m.deliver(recipient, notice)) delivered = true;
  if (delivered) await s.inbox.markRead([stored.id], s.clock.now());
  return 'delivered';
}

/** Posts or updates the handoff's card on every platform the office uses. */
export async function refreshHandoffCards(s: IntakeServices, handoffId: string, intakeId: string): Promise<void> {
  for (const m of s.messengers) {
    try {
      await m.showHandoff(handoffId);
    } catch (err) {
      await reportDeliveryFailure(s, m.channel, 'handoff_card', err, intakeId, handoffId);
    }
  }
}

async function reportDeliveryFailure(s: IntakeServices, channel: string, kind: string, err: unknown, intakeId?: string, handoffId?: string): Promise<void> {
  const code = errorCode(err);
  s.log.error('delivery failed', { channel, kind, code, intakeId, handoffId });
  const handoff = handoffId ? await s.handoffs.getHandoff(handoffId) : null;
  const officeId = handoff?.officeId ?? s.offices.defaultOffice;
  await s.inbox.add(
    { kind: 'office', officeId },
    { kind: 'delivery_failed', key: 'handoff.notice.delivery_failed', params: { channel, kind, code }, ...(intakeId ? { intakeId } : {}), ...(handoffId ? { handoffId } : {}) },
    s.clock.now(),
  );
}

/** Platform errors carry a code (Slack: `data.error`, HTTP: `statusCode`); never the message text. */
export function errorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return 'unknown';
  const e = err as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown };
  if (typeof e.data?.error === 'string') return e.data.error;
  if (typeof e.statusCode === 'number') return `http_${e.statusCode}`;
  return typeof e.code === 'string' ? e.code : 'unknown';
}
