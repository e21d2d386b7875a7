import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { simulate, type AnswersFile } from '../../src/app/simulate.js';
import { handleInbound } from '../../src/app/handle-inbound.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { createStaffReminder } from '../../src/app/create-staff-reminder.js';
import { runReminderSweep } from '../../src/app/run-reminder-sweep.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { projectRoot } from '../../src/config.js';
import type { Database } from '../../src/store/database.js';
import { translator } from '../support/harness.js';
import type { ServicesForTests } from '../support/services.js';

export const batteryFile = (): AnswersFile => JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', 'battery-ja.json'), 'utf8')) as AnswersFile;

/**
 * Texts that identify one company and the person who spoke for it. Each one is distinctive
 * enough that finding it anywhere in the database means something of theirs is left.
 */
export interface Markers {
  company: string;
  contact: string;
  email: string;
  description: string;
  partner: string;
  question: string;
  answer: string;
  displayName: string;
  externalId: string;
  conversationId: string;
  title: string;
  strength: string;
  trackRecord: string;
  market: string;
  academia: string;
  salesChannel: string;
  note: string;
  reminder: string;
}

/** `tag` is ASCII letters of one fixed length per test file, so no marker contains another's. */
export function markersFor(tag: string): Markers {
  return {
    company: `株式会社${tag}秘匿製作所`,
    contact: `秘匿 ${tag}花子`,
    email: `hanako.${tag.toLowerCase()}@himitsu.example`,
    description: `${tag}マーカー説明文 硫酸鉛を溶かす新しい添加剤`,
    partner: `${tag}秘匿パートナー電池`,
    question: `${tag}マーカー質問 初年度の売上見込みは`,
    answer: `${tag}マーカー回答 約二千万円です`,
    displayName: `${tag}表示名マーカー`,
    externalId: `ext-${tag}-7q`,
    conversationId: `a:1conversation-${tag}-marker`,
    title: `${tag}秘匿テーマ題名 電池の長寿命化`,
    strength: `${tag}秘匿強み 添加剤の配合技術`,
    trackRecord: `${tag}秘匿実績 運送会社で実証`,
    market: `${tag}秘匿市場 物流倉庫のフォークリフト`,
    academia: `${tag}秘匿工業大学`,
    salesChannel: `${tag}秘匿販路 電池販売店への直販`,
    note: `${tag}秘匿メモ 社長は来月まで出張`,
    reminder: `${tag}秘匿リマインド 見積書をお送りください`,
  };
}

export interface SeededCompany {
  markers: Markers;
  personId: string;
  intakeId: string;
  handoffId: string;
  /** Every marker plus the person id: none may survive a deletion. */
  all: string[];
}

/**
 * A completed consultation with everything hanging off it: answers with their history, the
 * assessment and both plan files, a handoff claimed by a PM, a PM question and the company's
 * answer, notices for everyone, follow-up and staff reminders, the person's chat address,
 * the last prompt and a handled Teams delivery of their chat, and their audit entries.
 */
export async function seedCompany(env: ServicesForTests, tag: string): Promise<SeededCompany> {
  const s = env.services;
  const m = markersFor(tag);
  const file: AnswersFile = {
    ...batteryFile(),
    'company.name': m.company,
    'theme.description': m.description,
    'contact.name': m.contact,
    'contact.email': m.email,
    'theme.title': m.title,
    'strengths.summary': m.strength,
    'strengths.track_record': m.trackRecord,
    'theme.market': m.market,
    'commercialization.channel': m.salesChannel,
    academia: [{ name: m.academia, type: '大学', role: '技術評価・試験・分析', form: '協力' }],
    partners: [{ name: m.partner, function: '製造', kind: '中小企業', prefecture: '愛知県', relationship: '既に取引がある', status: '合意' }],
  };
  const result = await simulate(s, file, { userId: m.externalId, locale: 'ja', render: (r) => renderText(translator, r) });
  expect(result.status).toBe('completed');
  const intakeId = result.intakeId ?? '';
  const handoff = await s.handoffs.handoffForIntake(intakeId);
  if (!handoff) throw new Error('no handoff');
  const pm = { channel: 'local' as const, externalId: 'pm-kanto' };
  expect(await performHandoffAction(s, pm, handoff.id, { kind: 'claim' })).toMatchObject({ ok: true });
  expect(await performHandoffAction(s, pm, handoff.id, { kind: 'note', text: m.note })).toMatchObject({ ok: true });
  expect(await performHandoffAction(s, pm, handoff.id, { kind: 'ask', text: m.question })).toMatchObject({ ok: true });
  // The company answers from its chat, which also stores its display name and address there.
  const reply = await handleInbound(s, {
    channel: 'simulate',
    userId: m.externalId,
    displayName: m.displayName,
    address: { channelId: 'msteams', conversation: { id: m.conversationId }, user: { id: `29:${m.externalId}` } },
    input: { kind: 'text', text: m.answer },
  });
  expect(reply.outbound).toEqual([{ kind: 'notice', key: 'notice.answer_relayed' }]);
  const personId = reply.person.id;
  const now = s.clock.now();
  // What the chat channels keep for the person: their last prompt and the deliveries of their chat already handled.
  await s.channelMessages.put('teams_prompt', personId, 'teams', { conversationId: m.conversationId, activityId: 'act-prompt', promptId: 'x', question: 'q', choiceSet: null }, now);
  expect(await s.events.firstTime(`${m.conversationId}|act-1`, 'teams', now)).toBe(true);
  // The office's card and a reply in its thread, as a messenger records them.
  await s.channelMessages.put('handoff_card', handoff.id, 'slack', { channel: 'CKANTO', ts: '1700000000.000100' }, now);
  await s.channelMessages.put('slack_thread', `${handoff.id}:1700000000.000200`, 'slack', { channel: 'CKANTO', ts: '1700000000.000200' }, now);
  for (const target of [intakeId, personId]) {
    const staff = await createStaffReminder(s, pm, { target, when: '明日10時', message: m.reminder }, 'ja');
    expect(staff.ok).toBe(true);
  }
  await runReminderSweep(s);
  expect((await s.reminders.list({ handoffId: handoff.id })).length).toBeGreaterThan(0);
  expect(existsSync(join(env.plansDir, `${intakeId}.ja.md`))).toBe(true);
  return { markers: m, personId, intakeId, handoffId: handoff.id, all: [...Object.values(m), personId] };
}

/** Every table of the database, found from the catalog so that a table added later is scanned too. */
export async function tableNames(database: Database): Promise<string[]> {
  const sql =
    database.provider === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
      : // information_schema's identifier types cannot be read by the driver adapter; cast to text.
        "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
  const rows = await database.db.$queryRawUnsafe<{ name: string }[]>(sql);
  return rows.map((r) => r.name).sort();
}

/** Every row of every table, each cell as text (JSON cells also decoded, so escaped characters cannot hide a marker). */
export async function dumpDatabase(database: Database): Promise<Map<string, string[]>> {
  const dump = new Map<string, string[]>();
  for (const table of await tableNames(database)) {
    const rows = await database.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table.replace(/"/g, '""')}"`);
    dump.set(table, rows.map((row) => Object.values(row).flatMap(texts).join('\u0001')));
  }
  return dump;
}

function texts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value, ...decodedJson(value)];
  if (value instanceof Date) return [value.toISOString()];
  if (value instanceof Uint8Array) return [Buffer.from(value).toString('utf8')];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...texts(v)]);
  return [String(value)];
}

/** A JSON column read as text (SQLite): its strings decoded, so `\u…` escapes cannot hide a marker. */
function decodedJson(text: string): string[] {
  if (!/^\s*[[{]/.test(text)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Text that only looks like JSON is searched as the text it is, above.
    return [];
  }
  return texts(parsed);
}

/** Where each marker appears: `table: marker`. */
export async function markersFound(database: Database, markers: string[]): Promise<string[]> {
  const dump = await dumpDatabase(database);
  const found: string[] = [];
  for (const [table, rows] of dump) for (const marker of markers) if (rows.some((r) => r.includes(marker))) found.push(`${table}: ${marker}`);
  return found;
}

/** Each marker is somewhere before the deletion: otherwise "nothing left" would prove nothing. */
export async function expectAllPresent(database: Database, markers: string[]): Promise<void> {
  const found = await markersFound(database, markers);
  expect(markers.filter((m) => !found.some((f) => f.endsWith(`: ${m}`)))).toEqual([]);
}

export const planFiles = (dir: string, intakeId: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(intakeId)) : []);
