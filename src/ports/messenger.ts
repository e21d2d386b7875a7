import type { Notice, Recipient } from './inbox.js';

/** A chat platform that can reach people outside the current conversation. */
export interface Messenger {
  readonly channel: 'slack' | 'teams' | 'line';
  /** Sends the notice if this platform can reach the recipient; false when it has no address for them. */
  deliver(recipient: Recipient, notice: Notice): Promise<boolean>;
  /** Posts the office's card for a handoff, or updates it in place when it changed. */
  showHandoff(handoffId: string): Promise<void>;
  /**
   * The company's data was deleted: its card is rewritten in place to say so and the bot's
   * replies in the card's thread (plan draft, questions, answers) are removed. Runs before the
   * rows holding their addresses are deleted. A message already gone counts as done; any
   * other failure throws, so the caller keeps the data and can try again.
   */
  showHandoffDeleted(handoffId: string): Promise<void>;
}
