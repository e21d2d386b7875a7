import type { Params } from '../core/messages.js';

/** Who a message is for when they are not in the conversation: a person, a PM, or an office as a whole. */
export type Recipient = { kind: 'person'; personId: string } | { kind: 'pm'; pmId: string } | { kind: 'office'; officeId: string };

export const recipientKey = (r: Recipient): string =>
  r.kind === 'person' ? `person:${r.personId}` : r.kind === 'pm' ? `pm:${r.pmId}` : `office:${r.officeId}`;

/** A message as i18n key and parameters, rendered in the recipient's language when read or sent. */
export interface Notice {
  kind: string;
  key: string;
  params: Params;
  intakeId?: string;
  handoffId?: string;
}

export interface StoredNotice extends Notice {
  id: string;
  recipient: string;
  createdAt: Date;
  readAt: Date | null;
}

/** Messages kept for recipients; the local office inbox and the SME's pending messages in the terminal. */
export interface Inbox {
  add(recipient: Recipient, notice: Notice, now: Date): Promise<StoredNotice>;
  /** Adds the notice under a fixed id, or returns the one already stored under it. */
  addOnce(id: string, recipient: Recipient, notice: Notice, now: Date): Promise<{ notice: StoredNotice; created: boolean }>;
  /** `addOnce` for many in one write; tells for each id whether it was new and whether it was already read (delivered). */
  addManyOnce(items: { id: string; recipient: Recipient; notice: Notice }[], now: Date): Promise<Map<string, { created: boolean; readAt: Date | null }>>;
  unread(recipient: Recipient): Promise<StoredNotice[]>;
  list(recipient: Recipient): Promise<StoredNotice[]>;
  markRead(ids: string[], now: Date): Promise<void>;
  forIntake(intakeId: string): Promise<StoredNotice[]>;
}
