import type { RequestListener } from 'node:http';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import type { TeamsConfig } from '../../config.js';
import type { IntakeServices } from '../../app/intake-services.js';
import { errorCode } from '../../app/notify.js';
import { isDatabaseUnavailable } from '../../store/database-errors.js';
import { failureKind } from '../failure-kind.js';
import { pickLocale } from '../../app/handle-inbound.js';
import { findPm } from '../../core/routing/find-pm.js';
import { resolvePrincipal } from '../../core/access/principal.js';
import { splitRemindArgs } from '../../app/split-remind-args.js';
import { createStaffReminder } from '../../app/create-staff-reminder.js';
import { formatTokyo } from '../../core/calendar/format-tokyo.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry-policy.js';
import { noticeCards } from './render-cards.js';
import { cardDataSchema, executeValueSchema, inboundActivitySchema, isFromBot, isPersonal, onlyAttachments, textInput, userIdOf, type CardData, type InboundActivity } from './teams-activity.js';
import { cardInput, teamsTurn } from './teams-conversation.js';
import { teamsRequestListener } from './teams-http.js';
import { PM_REFERENCE, TeamsMessenger } from './teams-messenger.js';
import { teamsHandoffAction } from './teams-pm-actions.js';
import { answerFileConsent, FILE_CONSENT_INVOKE, fileConsentValueSchema, offerPlanDocx } from './teams-plan-file.js';
import { parseReference, toStored, type TeamsReference } from './teams-reference.js';
import { TeamsSender } from './teams-sender.js';
import { TurnQueue } from '../turn-queue.js';
import { teamsText } from './teams-text.js';
import { commandLanguage } from '../../app/command-language.js';

export interface TeamsChannel {
  adapter: CloudAdapter;
  messenger: TeamsMessenger;
  /** The HTTP handler for /api/messages, mounted on the shared server. */
  requestListener: RequestListener;
  authenticated: boolean;
  /** Resolves when the work acknowledged so far has been done (tests; a graceful stop). */
  idle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface TeamsChannelOptions {
  retry?: RetryPolicy;
  maxBodyBytes?: number;
}

const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

/**
 * The Teams channel: botbuilder's CloudAdapter behind /api/messages, mapping personal-chat
 * messages, card submits and Universal Actions onto the same use cases as every channel.
 * The HTTP turn only checks, deduplicates and queues; the work and every reply happen after
 * it, proactively, because Teams wants an answer within seconds and the last answer of an
 * intake (assessment, handoff card, plan) can take longer than that.
 */
export function createTeamsChannel(services: () => IntakeServices, cfg: TeamsConfig, options: TeamsChannelOptions = {}): TeamsChannel {
  const s = services;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: cfg.appId ?? '',
    MicrosoftAppPassword: cfg.appPassword ?? '',
    MicrosoftAppType: cfg.appType === 'UserAssignedMSI' ? 'UserAssignedMsi' : cfg.appType,
    MicrosoftAppTenantId: cfg.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  const appId = cfg.appId ?? '';
  const botId = cfg.appId ? `28:${cfg.appId}` : 'renkei-local-bot';
  const sender = new TeamsSender(adapter, appId, options.retry ?? defaultRetryPolicy, s().log);
  const messenger = new TeamsMessenger(s, sender, s().defaultLocale, botId);
  const queue = new TurnQueue((err) => s().log.error('teams job failed', { code: errorCode(err) }));
  const t = (locale: Locale, key: string) => s().translator.t(locale, key);

  adapter.onTurnError = async (context, err) => {
    const unavailable = isDatabaseUnavailable(err);
    s().log.error('teams turn failed', { code: errorCode(err), activity: context.activity.type, ...(unavailable ? { database: 'unavailable' } : {}) });
    // Inside the HTTP turn only checks and queueing run; their failure means nothing was done.
    if (context.activity.type === ActivityTypes.Message)
      await context.sendActivity(t(pickLocale(context.activity.locale, s().defaultLocale), unavailable ? 'availability.unavailable' : 'teams.error'));
  };

  /** Every failure is logged with ids only, and the person is told politely that nothing was lost. */
  const guarded = async (what: string, ref: TeamsReference, locale: Locale, ids: Record<string, string | undefined>, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      const unavailable = isDatabaseUnavailable(err);
      s().log.error('teams handler failed', { what, code: errorCode(err), ...ids, ...failureKind(err, unavailable) });
      // A database outage is said as such: the answers are safe and the same message works later.
      const [sorry] = noticeCards(t(locale, unavailable ? 'availability.unavailable' : 'teams.error'));
      if (sorry) await sender.send(ref, sorry, t(locale, 'teams.shortened')).catch((e: unknown) => s().log.warn('teams error notice failed', { what, code: errorCode(e) }));
    }
  };

  const referenceOf = (context: TurnContext): TeamsReference | null => {
    const { activityId: _drop, ...rest } = TurnContext.getConversationReference(context.activity);
    return parseReference(rest);
  };

  /**
   * Queues the work an activity asks for; the HTTP turn ends right after. A company's turn
   * enters the activity in the ledger in its own transaction (handle-inbound); everything
   * else is entered here, in the job, before it acts.
   */
  const dispatch = (a: InboundActivity, ref: TeamsReference, data: CardData | null) => {
    const first = async (fn: () => Promise<void>) => {
      if (await firstTime(a)) await fn();
    };
    const userId = userIdOf(a);
    const locale = pickLocale(a.locale, s().defaultLocale);
    if (data?.renkei === 'handoff' && data.action === 'plan_docx') {
      const personalChat = async (user: string) => {
        const pm = findPm(s().offices, 'teams', user);
        // The clicker's own chat when the click came from it; otherwise the one stored for the PM, or opened.
        if (isPersonal(a)) return ref;
        return pm ? messenger.pmReference(pm.pm.id) : null;
      };
      queue.run(a.conversation.id, () =>
        guarded('plan file', ref, s().defaultLocale, { handoffId: data.handoffId }, () => first(() => offerPlanDocx(s(), sender, personalChat, { ref, replyToId: a.replyToId }, userId, data.handoffId))),
      );
      return;
    }
    if (data?.renkei === 'handoff') {
      queue.run(a.conversation.id, () =>
        guarded('handoff action', ref, s().defaultLocale, { handoffId: data.handoffId }, () => first(() => teamsHandoffAction(s(), sender, { ref, replyToId: a.replyToId }, userId, data))),
      );
      return;
    }
    if (!isPersonal(a)) {
      queue.run(a.conversation.id, () => guarded('not personal', ref, locale, {}, () => first(async () => {
        const [m] = noticeCards(t(locale, 'teams.personal_only'));
        if (m) await sender.send(ref, m, t(locale, 'teams.shortened'), a.replyToId ?? a.id);
      })));
      return;
    }
    const ids: Record<string, string | undefined> = {};
    const typed = teamsText(a.text ?? '', a.textFormat);
    const typedLocale = data ? undefined : commandLanguage(typed, s().translator);
    queue.run(a.conversation.id, () =>
      guarded('turn', ref, typedLocale ?? locale, ids, async () => {
        const pm = findPm(s().offices, 'teams', userId);
        if (pm) await s().channelMessages.put(PM_REFERENCE, pm.pm.id, 'teams', toStored(ref), s().clock.now());
        // Office staff set reminders with the bot command "remind <intake | person> <when> <message>".
        const office = resolvePrincipal(s().offices, 'teams', userId).role !== 'sme';
        const command = !data && office ? /^\s*(?:remind|リマインド)\s+(.+)$/is.exec(typed) : null;
        const remindArgs = command?.[1];
        if (remindArgs) {
          return first(async () => {
            const reply = await staffRemind(s(), userId, remindArgs, locale);
            const [m] = noticeCards(reply);
            if (m) await sender.send(ref, m, t(locale, 'teams.shortened'), a.replyToId ?? a.id);
          });
        }
        const input = data ? await cardInput(s(), userId, data) : textInput(typed);
        const deliveryId = a.id ? ledgerId(a) : undefined;
        await teamsTurn(s(), sender, ref, { userId, input, ...(deliveryId ? { deliveryId } : {}), ...(a.locale ? { locale: a.locale } : {}), ...(typedLocale ? { typedLocale } : {}), ...(a.from.name ? { displayName: a.from.name } : {}) }, (reply) => {
          // Known as soon as the answer is saved, so a failed reply is logged with the intake it belongs to.
          ids.personId = reply.person.id;
          ids.intakeId = reply.intake?.id;
        });
      }),
    );
  };

  /** A file or a picture and no words: said politely, in the person's language; nothing is stored. */
  const textOnly = (a: InboundActivity, ref: TeamsReference) => {
    const userId = userIdOf(a);
    queue.run(a.conversation.id, () =>
      guarded('text only', ref, pickLocale(a.locale, s().defaultLocale), {}, async () => {
        // Redelivered: answered already.
        if (!(await firstTime(a))) return;
        const person = await s().repo.findPerson('teams', userId);
        const known = person ? (person.locale ?? (await s().repo.latestIntake(person.id))?.locale) : undefined;
        const locale = known ?? pickLocale(a.locale, s().defaultLocale);
        const [m] = noticeCards(t(locale, 'teams.text_only'));
        if (m) await sender.send(ref, m, t(locale, 'teams.shortened'), a.replyToId ?? a.id);
      }),
    );
  };

  const ledgerId = (a: InboundActivity) => `${a.conversation.id}|${a.id ?? ''}`;
  const firstTime = async (a: InboundActivity) => !a.id || (await s().events.firstTime(ledgerId(a), 'teams', s().clock.now()));

  const invokeResponse = (context: TurnContext, status: number, body: Record<string, unknown>) =>
    context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });

  const logic = async (context: TurnContext): Promise<void> => {
    const parsed = inboundActivitySchema.safeParse(context.activity);
    if (!parsed.success) {
      s().log.warn('teams activity ignored', { reason: 'unexpected payload', type: typeof context.activity.type === 'string' ? context.activity.type : 'none' });
      // An invoke left unanswered is reported by the adapter as 501, as if the bot lacked the feature.
      if (context.activity.type === ActivityTypes.Invoke) await invokeResponse(context, 400, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unexpected activity' } });
      return;
    }
    const a = parsed.data;
    const ref = referenceOf(context);
    if (a.type === ActivityTypes.Invoke && a.name === FILE_CONSENT_INVOKE) {
      const value = fileConsentValueSchema.safeParse(a.value);
      if (!value.success || !ref || isFromBot(a) || !isPersonal(a)) {
        await invokeResponse(context, 400, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unexpected file consent' } });
        return;
      }
      if (await firstTime(a)) {
        const userId = userIdOf(a);
        queue.run(a.conversation.id, () =>
          guarded('file consent', ref, s().defaultLocale, {}, () => answerFileConsent(s(), sender, ref, userId, value.data, cfg.appId !== null)),
        );
      }
      await invokeResponse(context, 200, {});
      return;
    }
    if (a.type === ActivityTypes.Invoke) {
      if (a.name !== ADAPTIVE_CARD_ACTION) {
        await invokeResponse(context, 501, { statusCode: 501, type: 'application/vnd.microsoft.error', value: { code: 'NotImplemented', message: 'not implemented' } });
        return;
      }
      const execute = executeValueSchema.safeParse(a.value);
      const data = execute.success ? cardDataSchema.safeParse({ ...(execute.data.action.verb ? { renkei: execute.data.action.verb } : {}), ...execute.data.action.data }) : null;
      if (!data?.success || !ref || isFromBot(a)) {
        await invokeResponse(context, 400, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unexpected action data' } });
        return;
      }
      dispatch(a, ref, data.data);
      await invokeResponse(context, 200, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: t(pickLocale(a.locale, s().defaultLocale), 'teams.received') });
      return;
    }
    if (a.type === ActivityTypes.Message) {
      if (isFromBot(a) || !ref) return;
      const data = a.value === undefined ? null : cardDataSchema.safeParse(a.value);
      if (data && !data.success) return s().log.warn('teams card action ignored', { reason: 'unexpected data' });
      const typed = teamsText(a.text ?? '', a.textFormat);
      if (!data && isPersonal(a) && onlyAttachments(a, typed)) return textOnly(a, ref);
      if (!data && typed === '') return;
      dispatch(a, ref, data?.data ?? null);
      return;
    }
    if (a.type === ActivityTypes.ConversationUpdate && ref && isPersonal(a) && (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id)) {
      // Installed for someone: keep a PM's chat for later notices, and say how to begin.
      const userId = userIdOf(a);
      const locale = pickLocale(a.locale, s().defaultLocale);
      queue.run(a.conversation.id, () =>
        guarded('installed', ref, locale, {}, async () => {
          const pm = findPm(s().offices, 'teams', userId);
          if (pm) await s().channelMessages.put(PM_REFERENCE, pm.pm.id, 'teams', toStored(ref), s().clock.now());
          const [m] = noticeCards(t(locale, 'teams.installed'));
          if (m) await sender.send(ref, m, t(locale, 'teams.shortened'));
        }),
      );
    }
  };

  return {
    adapter,
    messenger,
    requestListener: teamsRequestListener(adapter, logic, s().log, options.maxBodyBytes),
    authenticated: cfg.appId !== null,
    idle: () => queue.idle(),
    start: async () => {
      if (cfg.appId) s().log.info('teams endpoint ready', { auth: cfg.appType });
      else s().log.warn('teams endpoint runs WITHOUT authentication: anyone who can reach it can pose as any user; for local testing only');
    },
    stop: () => queue.idle(),
  };
}

/** The reply to a staff member's "remind …" command, in their language. */
async function staffRemind(s: IntakeServices, userId: string, args: string, locale: Locale): Promise<string> {
  const tr = (key: string, params?: Record<string, string | number>) => s.translator.t(locale, key, params);
  const split = splitRemindArgs(`${args}`, s.clock.now(), s.calendar, locale);
  if (!split) return `${tr('reminders.usage')}\n${tr('reminders.examples')}`;
  const result = await createStaffReminder(s, { channel: 'teams', externalId: userId }, split, locale);
  if (!result.ok) return `${tr(`errors.${result.code}`, result.params)}${result.code.startsWith('when.') ? `\n${tr('reminders.examples')}` : ''}`;
  const at = formatTokyo(result.at, locale);
  return [tr('reminders.created', { id: result.reminder.id, at }), ...(result.adjusted ? [tr('reminders.moved', { at })] : [])].join('\n');
}
