import { z } from 'zod';
import type { IntakeServices } from '../../app/intake-services.js';
import { principalOf, readIntake } from '../../app/access.js';
import { errorCode } from '../../app/notify.js';
import { planDocumentFor } from '../../app/plan-document-for.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { planDocxBuffer } from '../../documents/plan-docx-on-demand.js';
import { noticeCards } from './render-cards.js';
import type { TeamsSender } from './teams-sender.js';
import type { TeamsReference } from './teams-reference.js';

/**
 * The plan's Word file for a PM on Teams. A bot cannot put a file into a channel; in a
 * personal chat Teams lets it offer one with a file consent card: the PM clicks Allow, Teams
 * creates the file in the PM's OneDrive and sends the bot an upload URL (the
 * `fileConsent/invoke`), the bot PUTs the bytes there and posts a file card that opens it.
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4)
 */
export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const consentContext = z.object({ renkei: z.literal('plan_docx'), handoffId: z.string().min(1).max(100), locale: z.enum(['ja', 'en']) });

export const fileConsentValueSchema = z.object({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: z.unknown(),
  uploadInfo: z
    .object({ name: z.string().min(1), uploadUrl: z.url(), contentUrl: z.url(), uniqueId: z.string().min(1), fileType: z.string().optional() })
    .optional(),
});
export type FileConsentValue = z.infer<typeof fileConsentValueSchema>;

interface PlanFile {
  name: string;
  bytes: Buffer;
  intakeId: string;
}

/** The Word file of the handoff's plan, if the person may read that intake (the read is audited). */
async function planFileFor(s: IntakeServices, userId: string, handoffId: string, locale: Locale): Promise<{ ok: true; file: PlanFile } | { ok: false; key: string; params?: Record<string, string> }> {
  const handoff = await s.handoffs.getHandoff(handoffId);
  if (!handoff) return { ok: false, key: 'errors.handoff.not_found', params: { id: handoffId } };
  const principal = await principalOf(s, { channel: 'teams', externalId: userId });
  const access = await readIntake(s, principal, handoff.intakeId, { channel: 'teams', handoffId, detail: 'plan_docx' });
  if (!access) return { ok: false, key: 'errors.handoff.not_found', params: { id: handoffId } };
  if (!access.ok) return { ok: false, key: `errors.${access.code}` };
  const assessment = await s.handoffs.getAssessment(handoff.intakeId);
  if (!assessment) return { ok: false, key: 'errors.handoff.not_found', params: { id: handoffId } };
  const bytes = await planDocxBuffer(planDocumentFor(s, assessment.plan, locale));
  return { ok: true, file: { name: `${handoff.intakeId}.${locale}.docx`, bytes, intakeId: handoff.intakeId } };
}

/**
 * "Word file" on a handoff card: the file consent card goes to the PM's personal chat with
 * the bot (the only place Teams allows it); the card's thread says where to look.
 */
export async function offerPlanDocx(
  s: IntakeServices,
  sender: TeamsSender,
  personalChat: (userId: string) => Promise<TeamsReference | null>,
  where: { ref: TeamsReference; replyToId?: string | undefined },
  userId: string,
  handoffId: string,
): Promise<void> {
  const locale = s.defaultLocale;
  const t = (key: string, params?: Record<string, string | number>) => s.translator.t(locale, key, params);
  const say = async (text: string) => {
    for (const m of noticeCards(text)) await sender.send(where.ref, m, t('teams.shortened'), where.replyToId);
  };
  const plan = await planFileFor(s, userId, handoffId, locale);
  if (!plan.ok) return say(t(plan.key, plan.params));
  const chat = await personalChat(userId);
  if (!chat) return say(t('teams.card.plan_docx_no_chat'));
  await sender.sendAttachment(chat, {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: plan.file.name,
    content: {
      description: t('teams.card.plan_docx_description', { intake: plan.file.intakeId }),
      sizeInBytes: plan.file.bytes.length,
      acceptContext: { renkei: 'plan_docx', handoffId, locale },
      declineContext: { renkei: 'plan_docx', handoffId, locale },
    },
  });
  if (where.ref.conversation.id !== chat.conversation.id) await say(t('teams.card.plan_docx_sent'));
}

/**
 * The PM's answer to the consent card. On Allow the plan is built again (the PM's access is
 * checked again: the card may be days old), uploaded to the URL Teams gave, and shown as a
 * file card. `httpsOnly`: an authenticated bot uploads only to https URLs (OneDrive's).
 */
export async function answerFileConsent(
  s: IntakeServices,
  sender: TeamsSender,
  ref: TeamsReference,
  userId: string,
  value: FileConsentValue,
  httpsOnly: boolean,
  upload: (url: string, bytes: Buffer) => Promise<void> = putFile,
): Promise<void> {
  const context = consentContext.safeParse(value.context);
  const locale = context.success ? context.data.locale : s.defaultLocale;
  const t = (key: string, params?: Record<string, string | number>) => s.translator.t(locale, key, params);
  const say = async (text: string) => {
    for (const m of noticeCards(text)) await sender.send(ref, m, t('teams.shortened'));
  };
  if (!context.success) return say(t('teams.card.plan_docx_failed'));
  if (value.action === 'decline') return say(t('teams.card.plan_docx_declined'));
  const info = value.uploadInfo;
  if (!info || (httpsOnly && new URL(info.uploadUrl).protocol !== 'https:')) return say(t('teams.card.plan_docx_failed'));
  const plan = await planFileFor(s, userId, context.data.handoffId, locale);
  if (!plan.ok) return say(t(plan.key, plan.params));
  try {
    await upload(info.uploadUrl, plan.file.bytes);
  } catch (err) {
    s.log.error('teams plan upload failed', { handoffId: context.data.handoffId, code: errorCode(err) });
    return say(t('teams.card.plan_docx_failed'));
  }
  await sender.sendAttachment(ref, { contentType: FILE_INFO_CONTENT_TYPE, name: info.name, contentUrl: info.contentUrl, content: { uniqueId: info.uniqueId, fileType: info.fileType ?? 'docx' } });
}

/** One PUT of the whole file, as OneDrive's upload session takes a file under 4 MB. */
async function putFile(url: string, bytes: Buffer): Promise<void> {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': DOCX_TYPE, 'content-length': String(bytes.length), 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
    body: bytes,
  });
  if (!res.ok) throw Object.assign(new Error('upload refused'), { code: `teams_upload_http_${res.status}` });
}
