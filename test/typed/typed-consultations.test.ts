import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { runCli } from '../support/cli-process.js';
import { createTestDatabase, postgresForTests } from '../support/postgres.js';

/**
 * Complete consultations typed the way managers type (test/fixtures/answers/typed-*.json: kana
 * without conversion, synonyms, typos, kanji numerals, ranges, "not decided yet" on required
 * questions), run through `renkei simulate` — the real CLI, engine and database — in both languages.
 */
const dir = mkdtempSync(join(tmpdir(), 'renkei-typed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join(projectRoot, 'test', 'fixtures', 'answers', name);
const pg = await postgresForTests();

type Result = { plan?: { ja: string; en: string }; status: string; answers: Record<string, unknown>; notes: Record<string, unknown>; unanswered: string[]; transcript: { from: string; text: string }[] };

async function simulate(url: string, file: string, lang: 'ja' | 'en'): Promise<Result> {
  const { code, stdout, stderr } = await runCli(['simulate', '--answers', fixture(file), '--lang', lang, '--json'], { DATABASE_URL: url });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Result;
}

const JAPANESE = {
  'company.prefecture': '福井県',
  'company.industry': 'manufacturing',
  'company.capital_yen': 20_000_000,
  'company.employees': 45,
  'company.deemed_large': 'no',
  'theme.title': 'unknown',
  'theme.category': 'health_welfare',
  'theme.novelty': 'industry_region_first',
  'theme.market': 'unknown',
  'strengths.ip': 'patent_pending',
  'missing.functions': ['design', 'sales_marketing'],
  'agreement.status': 'none',
  'funding.total_yen': 75_000_000,
  'funding.own_yen': 10_000_000,
  'funding.sources': ['own', 'subsidy', 'shinkin'],
  'funding.bank_involved': 'unknown',
  'commercialization.months_to_first_sales': 18,
  'commercialization.plan_years': 5,
  'contact.email': 'sasaki@example.co.jp',
  'consent.share_with_office': 'yes',
};

const ENGLISH = {
  'company.prefecture': '兵庫県',
  'company.industry': 'manufacturing',
  'company.capital_yen': 120_000_000,
  'company.employees': 45,
  'theme.category': 'next_gen',
  'theme.novelty': 'japan_first',
  'theme.market': 'unknown',
  'strengths.ip': 'patent_pending',
  'missing.functions': ['sales_marketing', 'service_maintenance'],
  'agreement.status': 'none',
  'funding.total_yen': 1_200_000,
  'funding.own_yen': 'unknown',
  'funding.sources': ['own', 'gov_bank'],
  'commercialization.plan_years': 5,
};

function checkJapanese(r: Result) {
  // Only the optional question the file answered with 「スキップ」 is left open.
  expect(r).toMatchObject({ status: 'completed', unanswered: ['strengths.track_record'] });
  expect(r.answers).toMatchObject(JAPANESE);
  expect(r.answers.partners).toEqual([
    { name: '北陸メディカル販売', function: 'sales_marketing', kind: 'sme', prefecture: '石川県', relationship: 'existing', status: 'discussing' },
    { name: 'unknown', function: 'design', kind: 'unknown', prefecture: 'unknown', relationship: 'new', status: 'idea' },
  ]);
  expect(r.answers.academia).toEqual([{ name: '福井大学', type: 'university', role: 'joint_research', form: 'undecided' }]);
  expect(r.notes).toEqual({
    'funding.total_yen': { approximate: true, range: [50_000_000, 100_000_000] },
    'funding.own_yen': { approximate: true },
    'commercialization.months_to_first_sales': { approximate: true },
  });
  const bot = r.transcript.filter((l) => l.from === 'bot').map((l) => l.text);
  // The close match was asked about, and the yes stored it; every parsed answer was read back.
  expect(bot.some((t) => t.includes('「特許出願中」のことですか？'))).toBe(true);
  expect(bot.some((t) => t.includes('資本金: 2,000万円 として記録しました（違う場合は「戻る」）'))).toBe(true);
  expect(bot.some((t) => t.includes('必要資金の総額: 5,000万円〜1億円（範囲・要確認） として記録しました'))).toBe(true);
  expect(bot.at(-1)).toContain('確認が必要な点: 顧客・市場、金融機関の関与、テーマ、連携先候補、必要資金の総額');
  // The plan draft the PM receives keeps the estimate and the range as such, and lists them to confirm.
  expect(r.plan?.ja).toContain('- 必要資金の総額: 5,000万円〜1億円（範囲・要確認）');
  expect(r.plan?.ja).toContain('- 自己資金: 約1,000万円');
  expect(r.plan?.ja).toMatch(/## 8\. 確認が必要な点[^\n]*\n- 顧客・市場\n- 金融機関の関与\n- テーマ\n- 連携先候補\n- 必要資金の総額/u);
  expect(r.plan?.en).toContain('about ¥10,000,000');
}

function checkEnglish(r: Result) {
  expect(r).toMatchObject({ status: 'completed', unanswered: ['strengths.track_record'] });
  expect(r.answers).toMatchObject(ENGLISH);
  expect(r.answers.partners).toEqual([{ name: 'Setouchi Marine Service', function: 'service_maintenance', kind: 'sme', prefecture: '岡山県', relationship: 'existing', status: 'discussing' }]);
  expect(r.notes).toEqual({ 'company.employees': { approximate: true } });
  const bot = r.transcript.filter((l) => l.from === 'bot').map((l) => l.text);
  expect(bot.some((t) => t.includes('Did you mean "Manufacturing"?'))).toBe(true);
  expect(bot.some((t) => t.includes('Did you mean "Existing trading partner"?'))).toBe(true);
  expect(bot.some((t) => t.includes('Regular employees: recorded as about 45 people'))).toBe(true);
}

/** A hurried manager who has decided little: 未定 on required questions is an answer, never a refusal. */
function checkUndecided(r: Result) {
  expect(r).toMatchObject({ status: 'completed', unanswered: ['strengths.track_record', 'contact.email'] });
  const unknown = Object.entries(r.answers).filter(([, v]) => v === 'unknown').map(([k]) => k);
  expect(unknown).toEqual(expect.arrayContaining(['company.capital_yen', 'theme.title', 'theme.description', 'theme.market', 'missing.functions', 'partners.has_candidates', 'funding.total_yen', 'commercialization.plan_years']));
  expect(r.answers).toMatchObject({ 'funding.sources': ['undecided'], 'funding.own_yen': 3_000_000, 'commercialization.months_to_first_sales': 30 });
  expect(r.notes).toEqual({ 'company.employees': { approximate: true }, 'commercialization.months_to_first_sales': { approximate: true, range: [24, 36] } });
  const bot = r.transcript.filter((l) => l.from === 'bot').map((l) => l.text);
  expect(bot.some((t) => t.includes('⚠'))).toBe(false);
  const summary = bot.at(-1) ?? '';
  expect(summary).toContain('連携先で補えていない機能があります: 要確認');
  for (const label of ['資本金', 'テーマ', '事業の内容', '顧客・市場', '不足機能', '必要資金の総額', '計画期間', '初売上までの期間']) expect(summary).toMatch(new RegExp(`確認が必要な点: [^\\n]*${label}`, 'u'));
}

describe('typed consultations through renkei simulate (SQLite)', () => {
  it('completes one where most is not decided yet, every 未定 kept and listed to confirm', async () => {
    checkUndecided(await simulate(`file:${join(dir, 'und.db')}`, 'typed-ja-undecided.json', 'ja'));
  }, 60_000);
  it('completes the Japanese one with every value right', async () => {
    checkJapanese(await simulate(`file:${join(dir, 'ja.db')}`, 'typed-ja.json', 'ja'));
  }, 60_000);
  it('completes the English one with every value right', async () => {
    checkEnglish(await simulate(`file:${join(dir, 'en.db')}`, 'typed-en.json', 'en'));
  }, 60_000);
});

describe.runIf(pg.available)('typed consultations through renkei simulate (PostgreSQL)', () => {
  it('completes all three with every value right', async () => {
    const db = await createTestDatabase();
    try {
      checkJapanese(await simulate(db.url, 'typed-ja.json', 'ja'));
      checkEnglish(await simulate(db.url, 'typed-en.json', 'en'));
      checkUndecided(await simulate(db.url, 'typed-ja-undecided.json', 'ja'));
    } finally {
      await db.drop();
    }
  }, 120_000);
});
