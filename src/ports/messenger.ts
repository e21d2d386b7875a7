import type { Notice, Recipient } from './inbox.js';

/** A chat platform that can reach people outside the current conversation. */
export interface Messenger {
  readonly channel: 'slack' | 'teams';
  /** Sends the notice if this platform can reach the recipient; false when it has no address for them. */
  deliver(recipient: Recipient, notice: Notice): Promise<boolean>;
  /** Posts the office's card for a handoff, or updates it in place when it changed. */
  showHandoff(handoffId: string): Promise<void>;
}
