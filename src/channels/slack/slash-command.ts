import type { IntakeServices } from '../../app/intake-services.js';
import type { Reply } from '../../app/handle-inbound.js';
import type { EngineInput } from '../../core/questionnaire/advance.js';
import { currentPrompt } from '../../core/questionnaire/engine-flow.js';
import { progressOf } from '../../core/questionnaire/navigation.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { visibleOffices } from '../../core/access/authorize.js';
import { checkAccess, principalOf } from '../../app/access.js';
import { cancelReminder } from '../../app/cancel-reminder.js';
import { listVisibleReminders } from '../../app/reminder-access.js';
import { officeById } from '../../core/routing/office-by-id.js';
import type { SlackAddress } from './slack-conversation.js';
import { splitRemindArgs } from '../../app/split-remind-args.js';
import { createStaffReminder } from '../../app/create-staff-reminder.js';
import { formatTokyo } from '../../core/calendar/format-tokyo.js';

/** Subcommands in both languages; anything else gets the help. */
const synonyms: Record<string, string> = {
  start: 'start', はじめる: 'start', 開始: 'start', 始める: 'start',
  resume: 'resume', 再開: 'resume', 続き: 'resume',
  status: 'status', 状況: 'status', 進み具合: 'status',
  review: 'review', 確認: 'review',
  lang: 'lang', language: 'lang', 言語: 'lang',
  help: 'help', ヘルプ: 'help',
  handoffs: 'handoffs', 引き継ぎ: 'handoffs',
  remind: 'remind', リマインド: 'remind',
  reminders: 'reminders', リマインダー: 'reminders',
};

export interface SlashContext {
  turn(address: SlackAddress, input: EngineInput): Promise<Reply>;
  dm(user: string): Promise<string>;
  /** Answers the person where they typed the command (its response_url), else in their DM. */
  reply(text: string): Promise<void>;
  /** A pointer such as "it's in your DM": said where they typed, or not at all. */
  note(text: string): Promise<void>;
}

/** `/renkei …`: answers in the channel only to the person who typed it; the conversation itself moves to the DM. */
export async function handleSlashCommand(
  s: IntakeServices,
  cmd: { user: string; channel: string; text: string; team: string },
  ctx: SlashContext,
): Promise<void> {
  const [word = '', ...rest] = cmd.text.normalize('NFKC').trim().split(/\s+/);
  const sub = synonyms[word.toLowerCase()] ?? (word === '' ? 'help' : 'unknown');
  const person = await s.repo.findPerson('slack', cmd.user);
  const locale: Locale = person?.locale ?? s.defaultLocale;
  const t = (key: string, params?: Record<string, string | number>) => s.translator.t(locale, key, params);
  const caller = { channel: 'slack' as const, externalId: cmd.user };
  const ephemeral = (text: string) => ctx.reply(text);
  const inDm = async (input: EngineInput) => {
    const channel = await ctx.dm(cmd.user);
    await ctx.turn({ team: cmd.team, user: cmd.user, channel }, input);
    if (channel !== cmd.channel) await ctx.note(t('slack.sent_to_dm'));
  };

  switch (sub) {
    case 'start':
    case 'resume':
      return inDm({ kind: 'start' });
    case 'review':
      return inDm({ kind: 'command', command: 'review' });
    case 'lang':
      return inDm(rest[0] ? { kind: 'command', command: 'lang', arg: rest[0] } : { kind: 'command', command: 'lang' });
    case 'status': {
      const intake = person ? await s.repo.latestIntake(person.id) : null;
      if (!intake) return void (await ephemeral(t('slack.status_none')));
      if (intake.status === 'completed') {
        const a = await s.handoffs.getAssessment(intake.id);
        return void (await ephemeral(t('slack.status_done', { score: a?.readiness.score ?? '-', band: a ? t(`readiness.bands.${a.readiness.band}`) : '-' })));
      }
      const def = s.questionnaires.get(intake.questionnaireVersion) ?? s.questionnaires.latest;
      const p = currentPrompt(def, intake.state);
      return void (await ephemeral(t('slack.status', { ...(p?.progress ?? progressOf(def, intake.state, undefined)), section: p ? t(`sections.${p.progress.section}`) : '-', status: t(`stats.statuses.${intake.status}`) })));
    }
    case 'handoffs': {
      const principal = await principalOf(s, caller);
      const scope = visibleOffices(principal);
      if (scope === null) return void (await ephemeral(t('slack.not_staff')));
      const open = (await s.handoffs.listHandoffs(scope === 'all' ? {} : { officeId: scope })).filter((h) => h.status !== 'closed');
      if (open.length === 0) return void (await ephemeral(t('slack.home.pm_none')));
      const lines = await Promise.all(
        open.slice(0, 30).map(async (h) => {
          const intake = await s.repo.getIntake(h.intakeId);
          // The company's name on the list is a read of its intake.
          await checkAccess(s, principal, 'intake.read', { ownerPersonId: intake?.personId ?? null, officeId: h.officeId }, { channel: 'slack', intakeId: h.intakeId, handoffId: h.id, detail: 'list' });
          const name = intake?.state.answers['company.name'];
          return `${h.id} · ${typeof name === 'string' ? name : '?'} · ${t(`brief.statuses.${h.status}`)}`;
        }),
      );
      const office = scope === 'all' ? null : officeById(s.offices, scope);
      return void (await ephemeral(`${t('slack.home.pm_title', { office: office ? office.name[locale] : t('slack.home.all_offices') })}\n${lines.join('\n')}`));
    }
    case 'remind': {
      // Through checkAccess, so that a company trying staff commands is in the audit log like every refusal.
      if (!(await checkAccess(s, await principalOf(s, caller), 'reminder.create', { ownerPersonId: null, officeId: null }, { channel: 'slack' })).ok) return void (await ephemeral(t('slack.not_staff')));
      const split = splitRemindArgs(rest.join(' '), s.clock.now(), s.calendar, locale);
      if (!split) return void (await ephemeral(`${t('reminders.usage')}\n${t('reminders.examples')}`));
      const result = await createStaffReminder(s, { channel: 'slack', externalId: cmd.user }, split, locale);
      if (!result.ok) return void (await ephemeral(`${t(`errors.${result.code}`, result.params)}${result.code.startsWith('when.') ? `\n${t('reminders.examples')}` : ''}`));
      const at = formatTokyo(result.at, locale);
      return void (await ephemeral([t('reminders.created', { id: result.reminder.id, at }), ...(result.adjusted ? [t('reminders.moved', { at })] : [])].join('\n')));
    }
    case 'reminders': {
      const principal = await principalOf(s, caller);
      const allowed = await checkAccess(s, principal, 'reminder.manage', { ownerPersonId: null, officeId: null }, { channel: 'slack' });
      if (!allowed.ok) return void (await ephemeral(t('slack.not_staff')));
      if (rest[0] === 'cancel' && rest[1]) {
        const done = await cancelReminder(s, caller, rest[1]);
        return void (await ephemeral(done.ok ? t('reminders.cancelled', { id: rest[1] }) : t(`errors.${done.code}`, done.params)));
      }
      const list = await listVisibleReminders(s, principal, rest[0] === 'failed' ? { status: 'failed' } : { status: 'pending' });
      return void (await ephemeral(list.length === 0 ? t('reminders.list_empty') : list.slice(0, 30).map((r) => `${r.id} · ${r.kind} · ${formatTokyo(r.dueAt, locale)} · ${r.status}`).join('\n')));
    }
    case 'unknown':
      return void (await ephemeral(`${t('slack.unknown_subcommand')}\n${t('slack.help')}`));
    default:
      return void (await ephemeral(t('slack.help')));
  }
}
