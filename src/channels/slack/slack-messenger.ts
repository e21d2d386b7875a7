import type { WebClient } from '@slack/web-api';
import type { IntakeServices } from '../../app/intake-services.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { officeById } from '../../core/routing/office-by-id.js';
import type { Notice, Recipient } from '../../ports/inbox.js';
import type { Messenger } from '../../ports/messenger.js';
import type { Assessment } from '../../core/handoff/assessment.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { truncate } from './block-limits.js';
import { fallbackText } from './fallback-text.js';
import { mrkdwnSections } from './render-slack.js';
import { deletedHandoffCard, handoffCard, planThreadMessages } from './handoff-card.js';
import { errorCode } from '../../app/notify.js';
import { planDocumentFor } from '../../app/plan-document-for.js';
import { planDocxBuffer } from '../../documents/plan-docx-on-demand.js';

const CARD = 'handoff_card';
/** The bot's replies in a card's thread, stored as `<handoff id>:<ts>` so a deletion can remove them. */
const THREAD = 'slack_thread';
/** The plan's Word file uploaded to a card's thread, stored as `<handoff id>:<file id>` so a deletion can remove it. */
const FILE = 'slack_file';
/** Errors after which there is nothing left to change: the message or channel is gone, or out of the bot's reach for good. */
const GONE = new Set(['message_not_found', 'channel_not_found', 'thread_not_found', 'not_in_channel', 'is_archived', 'cant_update_message', 'cant_delete_message', 'file_not_found', 'file_deleted']);

/** Slack delivery: DMs to companies and PMs, and the office channel's handoff cards. */
export class SlackMessenger implements Messenger {
  readonly channel = 'slack' as const;

  constructor(
    private readonly services: () => IntakeServices,
    private readonly client: WebClient,
    private readonly officeLocale: Locale,
  ) {}

  async deliver(recipient: Recipient, notice: Notice): Promise<boolean> {
    const s = this.services();
    if (recipient.kind === 'person') {
      const person = await s.repo.getPerson(recipient.personId);
      if (person?.channel !== 'slack') return false;
      const intake = notice.intakeId ? await s.repo.getIntake(notice.intakeId) : null;
      const locale = person.locale ?? intake?.locale ?? s.defaultLocale;
      const channel = await this.dmChannel(person.externalId, person.address);
      const text = s.translator.t(locale, notice.key, notice.params);
      if (notice.kind === 'sme_stalled') {
        // A nudge carries the Resume button, so carrying on is one tap on a phone.
        const resume = { type: 'actions', block_id: 'nudge', elements: [{ type: 'button', action_id: 'home_resume', style: 'primary', text: { type: 'plain_text', text: truncate(s.translator.t(locale, 'slack.buttons.resume'), 75) }, value: 'resume' }] };
        await this.client.chat.postMessage({ channel, text: fallbackText(text), blocks: [...mrkdwnSections(escapeMrkdwn(text)), resume] });
      } else await this.post(channel, text);
      if (notice.kind === 'pm_question' && notice.handoffId)
        await this.postInCardThread(notice.handoffId, s.translator.t(this.officeLocale, 'slack.card.question_in_thread', { pm: this.pm(notice.params), question: String(notice.params.question ?? '') }));
      return true;
    }
    if (recipient.kind === 'pm') {
      const slackId = s.offices.offices.flatMap((o) => o.pms).find((p) => p.id === recipient.pmId)?.slack;
      if (notice.kind === 'sme_answer' && notice.handoffId) await this.postAnswerInThread(notice);
      if (!slackId) return notice.kind === 'sme_answer' && notice.handoffId !== undefined;
      await this.post(await this.dmChannel(slackId, null), s.translator.t(this.officeLocale, notice.key, notice.params));
      return true;
    }
    const office = officeById(s.offices, recipient.officeId);
    const channel = office?.channels.slack?.channel;
    if (!channel) return false;
    // A new handoff is announced by its card (showHandoff), not by a second message.
    if (notice.kind === 'handoff_created') return true;
    if (notice.kind === 'sme_answer' && notice.handoffId) {
      await this.postAnswerInThread(notice);
      return true;
    }
    await this.post(channel, s.translator.t(this.officeLocale, notice.key, notice.params));
    return true;
  }

  async showHandoff(handoffId: string): Promise<void> {
    const s = this.services();
    const handoff = await s.handoffs.getHandoff(handoffId);
    const channel = handoff ? officeById(s.offices, handoff.officeId)?.channels.slack?.channel : undefined;
    if (!handoff || !channel) return;
    const card = await handoffCard(s, handoffId, this.officeLocale);
    if (!card) return;
    const posted = await s.channelMessages.get(CARD, handoffId, 'slack');
    if (posted && typeof posted.channel === 'string' && typeof posted.ts === 'string') {
      await this.client.chat.update({ channel: posted.channel, ts: posted.ts, text: card.text, blocks: card.blocks });
      return;
    }
    const res = await this.client.chat.postMessage({ channel, text: card.text, blocks: card.blocks });
    if (typeof res.ts !== 'string') return;
    await s.channelMessages.put(CARD, handoffId, 'slack', { channel: typeof res.channel === 'string' ? res.channel : channel, ts: res.ts }, s.clock.now());
    const assessment = await s.handoffs.getAssessment(handoff.intakeId);
    if (!assessment) return;
    await this.rememberReply(handoffId, await this.client.chat.postMessage({ channel, thread_ts: res.ts, text: s.translator.t(this.officeLocale, 'slack.card.plan_thread') }));
    for (const m of planThreadMessages(this.officeLocale === 'ja' ? assessment.planJa : assessment.planEn))
      await this.rememberReply(handoffId, await this.client.chat.postMessage({ channel, thread_ts: res.ts, text: m.text, blocks: m.blocks }));
    await this.uploadPlanDocx(handoffId, channel, res.ts, assessment);
  }

  /**
   * The plan as a Word file in the card's thread, for the PM to download, edit and file. The
   * card and the plan's text are already there: a failed upload is logged and leaves them be.
   */
  private async uploadPlanDocx(handoffId: string, channel: string, threadTs: string, assessment: Assessment): Promise<void> {
    const s = this.services();
    const locale = this.officeLocale;
    try {
      const file = await planDocxBuffer(planDocumentFor(s, assessment.plan, locale));
      const uploaded = await this.client.filesUploadV2({
        channel_id: channel,
        thread_ts: threadTs,
        file,
        filename: `${assessment.intakeId}.${locale}.docx`,
        title: s.translator.t(locale, 'slack.card.plan_docx_title', { intake: assessment.intakeId }),
        initial_comment: s.translator.t(locale, 'slack.card.plan_docx'),
      });
      const ids = uploaded.files.flatMap((f) => (f.files ?? []).map((x) => x.id)).filter((id): id is string => typeof id === 'string');
      for (const id of ids) await s.channelMessages.put(FILE, `${handoffId}:${id}`, 'slack', { file: id }, s.clock.now());
    } catch (err) {
      s.log.error('slack plan upload failed', { handoffId, intakeId: assessment.intakeId, code: errorCode(err) });
    }
  }

  async showHandoffDeleted(handoffId: string): Promise<void> {
    const s = this.services();
    const posted = await s.channelMessages.get(CARD, handoffId, 'slack');
    const channel = posted?.channel;
    const ts = posted?.ts;
    if (typeof channel === 'string' && typeof ts === 'string') {
      const card = deletedHandoffCard(s.translator, this.officeLocale, handoffId);
      await this.unlessGone(handoffId, () => this.client.chat.update({ channel, ts, text: card.text, blocks: card.blocks }));
    }
    for (const reply of await s.channelMessages.list(handoffId)) {
      const { file } = reply.address;
      if (reply.kind === FILE && reply.channel === 'slack' && typeof file === 'string') {
        await this.unlessGone(handoffId, () => this.client.files.delete({ file }));
        continue;
      }
      const { channel: replyChannel, ts: replyTs } = reply.address;
      if (reply.kind !== THREAD || reply.channel !== 'slack' || typeof replyChannel !== 'string' || typeof replyTs !== 'string') continue;
      await this.unlessGone(handoffId, () => this.client.chat.delete({ channel: replyChannel, ts: replyTs }));
    }
  }

  private async unlessGone(handoffId: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      const code = errorCode(err);
      if (!GONE.has(code)) throw err;
      this.services().log.warn('slack message already gone', { handoffId, code });
    }
  }

  private async rememberReply(handoffId: string, res: { channel?: string; ts?: string }): Promise<void> {
    if (typeof res.channel !== 'string' || typeof res.ts !== 'string') return;
    await this.services().channelMessages.put(THREAD, `${handoffId}:${res.ts}`, 'slack', { channel: res.channel, ts: res.ts }, this.services().clock.now());
  }

  private async postAnswerInThread(notice: Notice): Promise<void> {
    if (!notice.handoffId) return;
    await this.postInCardThread(notice.handoffId, this.services().translator.t(this.officeLocale, 'slack.card.answer_in_thread', { answer: String(notice.params.answer ?? '') }));
  }

  private async postInCardThread(handoffId: string, text: string): Promise<void> {
    const card = await this.services().channelMessages.get(CARD, handoffId, 'slack');
    if (!card || typeof card.channel !== 'string' || typeof card.ts !== 'string') return;
    await this.rememberReply(handoffId, await this.client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, text: fallbackText(text), blocks: mrkdwnSections(escapeMrkdwn(text)).slice(0, 50) }));
  }

  private async post(channel: string, text: string): Promise<void> {
    await this.client.chat.postMessage({ channel, text: fallbackText(text), blocks: mrkdwnSections(escapeMrkdwn(text)).slice(0, 50) });
  }

  private async dmChannel(user: string, address: unknown): Promise<string> {
    if (typeof address === 'object' && address !== null && 'channel' in address && typeof address.channel === 'string') return address.channel;
    const res = await this.client.conversations.open({ users: user });
    const id = res.channel?.id;
    if (!id) throw Object.assign(new Error('conversations.open returned no channel'), { code: 'no_dm_channel' });
    return id;
  }

  private pm(params: Record<string, string | number>): string {
    return String(this.officeLocale === 'ja' ? (params.pm ?? '') : (params.pm_en ?? ''));
  }
}

