import type { AnswerRecord, ChannelId, Intake, IntakeStatus, Person } from '../core/intake.js';
import type { Handoff, HandoffEvent } from '../core/handoff/handoff.js';
import type { IntakeState, Locale } from '../core/questionnaire/intake-state.js';
import type { Reminder } from '../core/reminders/reminder.js';
import type { AuditEntry } from '../core/access/audit-entry.js';
import type { Principal } from '../core/access/principal.js';
import type { Assessment } from '../core/handoff/assessment.js';
import type { StoredNotice } from '../ports/inbox.js';
import type { StoredChannelMessage } from '../ports/channel-state.js';
import { recipientKey } from '../ports/inbox.js';
import type { IntakeServices } from './intake-services.js';
import { auditChange, checkAccess } from './access.js';

/** Bumped only when a field is renamed or removed; new fields may appear in the same version. */
export const personExportFormat = 'renkei-person-export/1';

/**
 * Everything the service holds about one person (README "Privacy"). Times are ISO 8601 once
 * written as JSON; answer values are as the questionnaire stores them (yen and counts as
 * numbers, choice ids, `"unknown"`).
 */
export interface PersonExport {
  format: typeof personExportFormat;
  exportedAt: Date;
  person: {
    id: string;
    channel: ChannelId;
    externalId: string;
    displayName: string | null;
    locale: Locale | null;
    remindersOptOut: boolean;
    createdAt: Date;
    /** Where the chat platform reaches them (Slack ids, Teams conversation reference). */
    address: unknown;
  };
  intakes: {
    id: string;
    status: IntakeStatus;
    questionnaireVersion: string;
    locale: Locale;
    createdAt: Date;
    lastActivityAt: Date;
    completedAt: Date | null;
    /** The answers as they stand now, and where the conversation is. */
    state: IntakeState;
    /** Every answer as given, edits included, with the text typed. */
    answerHistory: Omit<AnswerRecord, 'intakeId'>[];
    /** Eligibility, readiness and the plan draft (structured, and as the Japanese and English Markdown). */
    assessment: Omit<Assessment, 'intakeId'> | null;
    handoff: (Omit<Handoff, 'version'> & { events: Omit<HandoffEvent, 'handoffId'>[] }) | null;
  }[];
  /** Messages kept for the person, and about their intakes for the office and PMs. */
  notifications: StoredNotice[];
  reminders: Reminder[];
  /** Messages the bot posted and may still update: the last question in their chat, handoff cards and their threads. */
  channelMessages: StoredChannelMessage[];
  /** Who read or changed their intakes, and what they did themselves. */
  audit: AuditEntry[];
}

export type ExportResult = { ok: true; export: PersonExport } | { ok: false; code: string } | null;

// The audit port lists newest first with a limit; an export wants all of it.
const ALL = 2_147_483_647;

/** Builds the export after the policy allowed it, and records it (`privacy.exported`) per intake. */
export async function exportPersonData(s: IntakeServices, principal: Principal, personId: string, channel: string): Promise<ExportResult> {
  const person = await s.repo.getPerson(personId);
  if (!person) return null;
  const decision = await checkAccess(s, principal, 'privacy.export', { ownerPersonId: person.id, officeId: null }, { channel });
  if (!decision.ok) return decision;
  const intakes = await s.repo.listIntakes({ personId: person.id });
  const data = await collect(s, person, intakes);
  if (intakes.length === 0) await auditChange(s, principal, 'privacy.exported', { channel });
  for (const i of data.intakes) await auditChange(s, principal, 'privacy.exported', { channel, intakeId: i.id, handoffId: i.handoff?.id ?? null });
  return { ok: true, export: data };
}

async function collect(s: IntakeServices, person: Person, intakes: Intake[]): Promise<PersonExport> {
  const recipient = recipientKey({ kind: 'person', personId: person.id });
  const notifications: StoredNotice[] = await s.inbox.list({ kind: 'person', personId: person.id });
  const reminders: Reminder[] = await s.reminders.list({ recipient });
  const channelMessages: StoredChannelMessage[] = await s.channelMessages.list(person.id);
  const audit: AuditEntry[] = await s.audit.list({ actor: `sme:${person.id}`, limit: ALL });
  const out: PersonExport['intakes'] = [];
  for (const intake of intakes) {
    const [history, assessment, handoff] = await Promise.all([s.repo.answerHistory(intake.id), s.handoffs.getAssessment(intake.id), s.handoffs.handoffForIntake(intake.id)]);
    const events = handoff ? await s.handoffs.events(handoff.id) : [];
    notifications.push(...(await s.inbox.forIntake(intake.id)));
    reminders.push(...(await s.reminders.list({ intakeId: intake.id })), ...(handoff ? await s.reminders.list({ handoffId: handoff.id }) : []));
    channelMessages.push(...(await s.channelMessages.list(intake.id)), ...(handoff ? await s.channelMessages.list(handoff.id) : []));
    audit.push(...(await s.audit.list({ intakeId: intake.id, limit: ALL })));
    out.push({
      id: intake.id,
      status: intake.status,
      questionnaireVersion: intake.questionnaireVersion,
      locale: intake.locale,
      createdAt: intake.createdAt,
      lastActivityAt: intake.lastActivityAt,
      completedAt: intake.completedAt,
      state: intake.state,
      answerHistory: history.map(({ intakeId: _intake, ...a }) => a),
      assessment: assessment ? withoutKey(assessment, 'intakeId') : null,
      handoff: handoff ? { ...withoutKey(handoff, 'version'), events: events.map(({ handoffId: _handoff, ...e }) => e) } : null,
    });
  }
  return {
    format: personExportFormat,
    exportedAt: s.clock.now(),
    person: {
      id: person.id,
      channel: person.channel,
      externalId: person.externalId,
      displayName: person.displayName,
      locale: person.locale,
      remindersOptOut: person.remindersOptOut,
      createdAt: person.createdAt,
      address: person.address,
    },
    intakes: out,
    notifications: uniqueBy(notifications, (n) => n.id),
    reminders: uniqueBy(reminders, (r) => r.id),
    channelMessages: uniqueBy(channelMessages, (m) => `${m.kind}\u0000${m.key}\u0000${m.channel}`),
    audit: uniqueBy(audit, (a) => a.id).sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1)),
  };
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

/** First occurrence wins; sorted by the key so that two exports of the same data are identical. */
function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
