import { z } from 'zod';
import type { IntakeServices } from '../../app/intake-services.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { officeById } from '../../core/routing/office-by-id.js';
import type { Office } from '../../core/routing/offices-schema.js';
import type { Notice, Recipient } from '../../ports/inbox.js';
import type { Messenger } from '../../ports/messenger.js';
import type { CardMessage } from './card-kit.js';
import { planThreadCards, teamsDeletedHandoffCard, teamsHandoffCard } from './handoff-card.js';
import { errorCode } from '../../app/notify.js';
import { noticeCards } from './render-cards.js';
import type { TeamsSender } from './teams-sender.js';
import { officeReference, parseReference, toStored, type TeamsReference } from './teams-reference.js';

export const CARD = 'teams_card';
/** The bot's replies in a card's thread, stored as `<handoff id>:<activity id>` so a deletion can remove them. */
const THREAD = 'teams_thread';
/** The message or the conversation is gone, or the bot was removed from it: nothing left to change. */
const GONE = new Set(['teams_http_404', 'teams_http_403']);
/** A PM's personal chat with the bot, stored when they write to it (or opened by the bot). */
export const PM_REFERENCE = 'teams_ref';

const postedCard = z.object({ conversationId: z.string().min(1), serviceUrl: z.string().min(1), tenantId: z.string().optional(), activityId: z.string().min(1) });

/** Teams delivery: personal chats with companies and PMs, and the office channel's handoff cards. */
export class TeamsMessenger implements Messenger {
  readonly channel = 'teams' as const;

  constructor(
    private readonly services: () => IntakeServices,
    private readonly sender: TeamsSender,
    private readonly officeLocale: Locale,
    /** The bot's account id on Teams (`28:<app id>`), the sender of proactive messages. */
    private readonly botId: string,
  ) {}

  async deliver(recipient: Recipient, notice: Notice): Promise<boolean> {
    const s = this.services();
    if (recipient.kind === 'person') {
      const person = await s.repo.getPerson(recipient.personId);
      const ref = person?.channel === 'teams' ? parseReference(person.address) : null;
      if (!person || !ref) return false;
      const intake = notice.intakeId ? await s.repo.getIntake(notice.intakeId) : null;
      const locale = person.locale ?? intake?.locale ?? s.defaultLocale;
      await this.sendAll(ref, noticeCards(s.translator.t(locale, notice.key, notice.params)), locale);
      if (notice.kind === 'pm_question' && notice.handoffId)
        await this.postInCardThread(notice.handoffId, s.translator.t(this.officeLocale, 'teams.card.question_in_thread', { pm: this.pm(notice.params), question: String(notice.params.question ?? '') }));
      return true;
    }
    if (recipient.kind === 'pm') {
      const inThread = notice.kind === 'sme_answer' && notice.handoffId !== undefined;
      if (inThread) await this.postAnswerInThread(notice);
      const ref = await this.pmReference(recipient.pmId);
      if (!ref) return inThread && (await this.hasCard(notice.handoffId));
      await this.sendAll(ref, noticeCards(s.translator.t(this.officeLocale, notice.key, notice.params)), this.officeLocale);
      return true;
    }
    const office = officeById(s.offices, recipient.officeId);
    const ref = office ? this.officeRef(office) : null;
    if (!ref) return false;
    // A new handoff is announced by its card (showHandoff), not by a second message.
    if (notice.kind === 'handoff_created') return true;
    if (notice.kind === 'sme_answer' && notice.handoffId) {
      await this.postAnswerInThread(notice);
      return true;
    }
    await this.sendAll(ref, noticeCards(s.translator.t(this.officeLocale, notice.key, notice.params)), this.officeLocale);
    return true;
  }

  async showHandoff(handoffId: string): Promise<void> {
    const s = this.services();
    const handoff = await s.handoffs.getHandoff(handoffId);
    const office = handoff ? officeById(s.offices, handoff.officeId) : undefined;
    const ref = office ? this.officeRef(office) : null;
    if (!handoff || !ref) return;
    const message = await teamsHandoffCard(s, handoffId, this.officeLocale);
    if (!message) return;
    const note = s.translator.t(this.officeLocale, 'teams.shortened');
    const posted = postedCard.safeParse(await s.channelMessages.get(CARD, handoffId, 'teams'));
    if (posted.success) {
      await this.sender.update(this.postedRef(posted.data), posted.data.activityId, message, note);
      return;
    }
    const activityId = await this.sender.send(ref, message, note);
    if (!activityId) return;
    await s.channelMessages.put(
      CARD,
      handoffId,
      'teams',
      { conversationId: ref.conversation.id, serviceUrl: ref.serviceUrl, ...(ref.conversation.tenantId ? { tenantId: ref.conversation.tenantId } : {}), activityId },
      s.clock.now(),
    );
    const assessment = await s.handoffs.getAssessment(handoff.intakeId);
    if (!assessment) return;
    for (const m of planThreadCards(s, this.officeLocale, this.officeLocale === 'ja' ? assessment.planJa : assessment.planEn))
      await this.rememberReply(handoffId, ref, await this.sender.send(ref, m, note, activityId));
  }

  async showHandoffDeleted(handoffId: string): Promise<void> {
    const s = this.services();
    const posted = postedCard.safeParse(await s.channelMessages.get(CARD, handoffId, 'teams'));
    if (posted.success) {
      const message = teamsDeletedHandoffCard(s.translator, this.officeLocale, handoffId);
      await this.unlessGone(handoffId, () => this.sender.update(this.postedRef(posted.data), posted.data.activityId, message, s.translator.t(this.officeLocale, 'teams.shortened')));
    }
    for (const reply of await s.channelMessages.list(handoffId)) {
      const at = postedCard.safeParse(reply.address);
      if (reply.kind !== THREAD || reply.channel !== 'teams' || !at.success) continue;
      await this.unlessGone(handoffId, () => this.sender.delete(this.postedRef(at.data), at.data.activityId));
    }
  }

  private async unlessGone(handoffId: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      const code = errorCode(err);
      if (!GONE.has(code)) throw err;
      this.services().log.warn('teams message already gone', { handoffId, code });
    }
  }

  private async rememberReply(handoffId: string, ref: TeamsReference, activityId: string): Promise<void> {
    if (!activityId) return;
    await this.services().channelMessages.put(
      THREAD,
      `${handoffId}:${activityId}`,
      'teams',
      { conversationId: ref.conversation.id, serviceUrl: ref.serviceUrl, ...(ref.conversation.tenantId ? { tenantId: ref.conversation.tenantId } : {}), activityId },
      this.services().clock.now(),
    );
  }

  /** Posts into the handoff card's thread; false when the card was never posted on Teams. */
  async postInCardThread(handoffId: string, text: string): Promise<boolean> {
    const posted = postedCard.safeParse(await this.services().channelMessages.get(CARD, handoffId, 'teams'));
    if (!posted.success) return false;
    const ref = this.postedRef(posted.data);
    const note = this.services().translator.t(this.officeLocale, 'teams.shortened');
    for (const m of noticeCards(text)) await this.rememberReply(handoffId, ref, await this.sender.send(ref, m, note, posted.data.activityId));
    return true;
  }

  private async postAnswerInThread(notice: Notice): Promise<void> {
    if (!notice.handoffId) return;
    await this.postInCardThread(notice.handoffId, this.services().translator.t(this.officeLocale, 'teams.card.answer_in_thread', { answer: String(notice.params.answer ?? '') }));
  }

  private async hasCard(handoffId: string | undefined): Promise<boolean> {
    return handoffId !== undefined && postedCard.safeParse(await this.services().channelMessages.get(CARD, handoffId, 'teams')).success;
  }

  /**
   * A PM's personal chat: the reference stored when they last wrote to the bot, or a chat the
   * bot opens itself when their office's Teams tenant is configured (the app must be installed for them).
   */
  async pmReference(pmId: string): Promise<TeamsReference | null> {
    const s = this.services();
    const stored = parseReference(await s.channelMessages.get(PM_REFERENCE, pmId, 'teams'));
    if (stored) return stored;
    const office = s.offices.offices.find((o) => o.pms.some((p) => p.id === pmId));
    const aad = office?.pms.find((p) => p.id === pmId)?.teams;
    const target = office?.channels.teams;
    if (!aad || !target?.serviceUrl || !target.tenantId) return null;
    const ref = await this.sender.openPersonalChat(target.serviceUrl, target.tenantId, aad, this.botId);
    await s.channelMessages.put(PM_REFERENCE, pmId, 'teams', toStored(ref), s.clock.now());
    return ref;
  }

  private officeRef(office: Office): TeamsReference | null {
    const target = office.channels.teams;
    if (!target?.conversationId || !target.serviceUrl) return null;
    return officeReference({ conversationId: target.conversationId, serviceUrl: target.serviceUrl, tenantId: target.tenantId }, this.botId);
  }

  private postedRef(p: z.infer<typeof postedCard>): TeamsReference {
    return officeReference({ conversationId: p.conversationId, serviceUrl: p.serviceUrl, tenantId: p.tenantId }, this.botId);
  }

  private async sendAll(ref: TeamsReference, messages: CardMessage[], locale: Locale, replyToId?: string): Promise<void> {
    const note = this.services().translator.t(locale, 'teams.shortened');
    for (const m of messages) await this.sender.send(ref, m, note, replyToId);
  }

  private pm(params: Record<string, string | number>): string {
    return String(this.officeLocale === 'ja' ? (params.pm ?? '') : (params.pm_en ?? ''));
  }
}
