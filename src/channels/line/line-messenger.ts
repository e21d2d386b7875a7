import { z } from 'zod';
import type { IntakeServices } from '../../app/intake-services.js';
import type { Notice, Recipient } from '../../ports/inbox.js';
import type { Messenger } from '../../ports/messenger.js';
import { textMessages } from './render-line.js';
import type { LineSender } from './line-sender.js';

/** A company's LINE chat: its LINE user id, stored as the person's address when they first write. */
export const lineAddress = z.object({ userId: z.string().min(1) });

/** Set while the company has blocked (unfollowed) the bot: nothing can reach them, and nothing is tried. */
export const UNFOLLOWED = 'line_unfollowed';

/**
 * LINE delivery: pushes to companies that talk to the bot on LINE (a PM's question, a claim,
 * a nudge, a staff reminder). PMs and offices work in Slack, Teams or the terminal, so this
 * messenger has no address for them and no handoff card to show.
 */
export class LineMessenger implements Messenger {
  readonly channel = 'line' as const;

  constructor(
    private readonly services: () => IntakeServices,
    private readonly sender: LineSender,
  ) {}

  async deliver(recipient: Recipient, notice: Notice): Promise<boolean> {
    if (recipient.kind !== 'person') return false;
    const s = this.services();
    const person = await s.repo.getPerson(recipient.personId);
    const address = person?.channel === 'line' ? lineAddress.safeParse(person.address) : null;
    if (!person || !address?.success) return false;
    if (await s.channelMessages.get(UNFOLLOWED, person.id, 'line')) return false;
    const intake = notice.intakeId ? await s.repo.getIntake(notice.intakeId) : null;
    const locale = person.locale ?? intake?.locale ?? s.defaultLocale;
    await this.sender.send({ userId: address.data.userId }, textMessages(s.translator.t(locale, notice.key, notice.params)));
    return true;
  }

  async showHandoff(): Promise<void> {
    // Handoff cards live where the office works (Slack, Teams); LINE is the companies' side only.
  }

  async showHandoffDeleted(): Promise<void> {
    // Nothing of a handoff is ever posted on LINE, so nothing needs rewriting.
  }
}
