import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depsFor, person, sqliteForTests, type Turn } from '../support/harness.js';
import type { HandleInboundDeps } from '../../src/app/handle-inbound.js';

let db: Awaited<ReturnType<typeof sqliteForTests>>;
let deps: HandleInboundDeps;
beforeAll(async () => {
  db = await sqliteForTests();
  deps = depsFor(db.repo);
});
afterAll(() => db.close());

/** Each step: what the person types, and the question key the bot must ask next. */
type Script = [said: string, nextKey: string | 'completed'][];

async function play(userId: string, locale: 'ja' | 'en', firstKey: string, script: Script): Promise<Turn> {
  const p = person(deps, userId);
  let turn = await p.start(locale);
  expect(turn.prompt?.key).toBe(firstKey);
  for (const [said, next] of script) {
    turn = await p.say(said);
    if (next === 'completed') expect(turn.reply.outbound.map((o) => o.kind), `after "${said}"`).toContain('completed');
    else expect(turn.prompt?.key, `after "${said}": ${turn.text}`).toBe(next);
  }
  return turn;
}

describe('a complete first consultation', () => {
  it('in Japanese, with Japanese input forms, groups, a mistake and "don\'t know"', async () => {
    const end = await play('ja-user', 'ja', 'questions.company.name.prompt', [
      ['株式会社バッテリー再生工房', 'questions.company.prefecture.prompt'],
      ['静岡', 'questions.company.industry.prompt'],
      ['製造業', 'questions.company.capital_yen.prompt'],
      ['たくさん', 'questions.company.capital_yen.prompt'],
      ['３千万円', 'questions.company.employees.prompt'],
      ['約４５名', 'questions.company.deemed_large.prompt'],
      ['いいえ', 'questions.theme.title.prompt'],
      ['鉛蓄電池の長寿命化・再生サービス', 'questions.theme.description.prompt'],
      ['添加剤で電池の寿命を約3倍にする。', 'questions.theme.category.prompt'],
      ['3', 'questions.theme.novelty.prompt'],
      ['日本初', 'questions.theme.novelty_detail.prompt'],
      ['スキップ', 'questions.theme.market.prompt'],
      ['物流倉庫のフォークリフト', 'questions.strengths.summary.prompt'],
      ['添加剤の配合技術', 'questions.strengths.ip.prompt'],
      ['特許出願中', 'questions.strengths.track_record.prompt'],
      ['スキップ', 'questions.missing.functions.prompt'],
      ['3、5', 'questions.partners.has_candidates.prompt'],
      ['はい', 'questions.partners.fields.name.prompt'],
      ['東海電池製造', 'questions.partners.fields.function.prompt'],
      ['製造', 'questions.partners.fields.kind.prompt'],
      ['中小企業', 'questions.partners.fields.prefecture.prompt'],
      ['愛知県', 'questions.partners.fields.relationship.prompt'],
      ['1', 'questions.partners.fields.status.prompt'],
      ['合意', 'questions.partners.more.prompt'],
      ['いいえ', 'questions.agreement.status.prompt'],
      ['作成中', 'questions.agreement.nda.prompt'],
      ['わからない', 'questions.academia.involved.prompt'],
      ['はい', 'questions.academia.fields.name.prompt'],
      ['豊橋技術科学大学', 'questions.academia.fields.type.prompt'],
      ['大学', 'questions.academia.fields.role.prompt'],
      ['1', 'questions.academia.fields.form.prompt'],
      ['協力', 'questions.academia.more.prompt'],
      ['いいえ', 'questions.funding.total_yen.prompt'],
      ['8,000万円', 'questions.funding.own_yen.prompt'],
      ['2000万', 'questions.funding.sources.prompt'],
      ['1,3,5', 'questions.funding.bank_involved.prompt'],
      ['はい', 'questions.commercialization.months_to_first_sales.prompt'],
      ['1年', 'questions.commercialization.channel.prompt'],
      ['直販', 'questions.commercialization.plan_years.prompt'],
      ['7', 'questions.commercialization.plan_years.prompt'],
      ['5', 'questions.contact.name.prompt'],
      ['山田太郎', 'questions.contact.email.prompt'],
      ['yamada@example.co.jp', 'questions.consent.share_with_office.prompt'],
      ['はい', 'completed'],
    ]);
    const intake = end.reply.intake;
    expect(intake?.status).toBe('completed');
    expect(intake?.state.answers).toMatchObject({
      'company.prefecture': '静岡県',
      'company.capital_yen': 30_000_000,
      'company.employees': 45,
      'theme.novelty': 'japan_first',
      'missing.functions': ['manufacturing', 'service_maintenance'],
      partners: [{ name: '東海電池製造', function: 'manufacturing', kind: 'sme', prefecture: '愛知県', relationship: 'existing', status: 'agreed' }],
      'agreement.nda': { unknown: true },
      academia: [{ name: '豊橋技術科学大学', type: 'university', role: 'evaluation', form: 'cooperative' }],
      'funding.sources': ['own', 'gov_bank', 'shinkin'],
      'commercialization.months_to_first_sales': 12,
      'commercialization.plan_years': 5,
    });
    expect(end.text).toContain('ご回答ありがとうございました');
    // The bad answers were re-prompted with the reason, and the history keeps every answer with its raw text.
    const history = await db.repo.answerHistory(intake?.id ?? '');
    expect(history.find((h) => h.questionId === 'company.capital_yen')).toMatchObject({ raw: '３千万円', value: 30_000_000 });
    expect(history.find((h) => h.questionId === 'partners[1].prefecture')).toMatchObject({ raw: '愛知県', value: '愛知県' });
  });

  it('in English, with English input forms and a language switch half-way', async () => {
    const p = person(deps, 'en-user');
    let t = await p.start('en');
    expect(t.text).toContain('What is your company');
    const answers: [string, string][] = [
      ['Sakura Foods Ltd.', 'questions.company.prefecture.prompt'],
      ['Kyoto', 'questions.company.industry.prompt'],
      ['retail', 'questions.company.capital_yen.prompt'],
      ['10 million', 'questions.company.employees.prompt'],
      ['12 people', 'questions.company.deemed_large.prompt'],
      ['no', 'questions.theme.title.prompt'],
    ];
    for (const [said, next] of answers) {
      t = await p.say(said);
      expect(t.prompt?.key, said).toBe(next);
    }
    t = await p.say('日本語');
    expect(t.text).toContain('日本語でお聞きします');
    expect(t.text).toContain('新しい事業のテーマ');
    t = await p.say('english');
    expect(t.text).toContain('In a few words');
    for (const said of ['Obanzai for hotels', 'Kyoto home cooking for hotel buffets.', 'daily life', "don't know", 'Hotels in Kyoto', 'Family recipes', 'know-how', 'skip', 'manufacturing, sales / marketing', 'not sure', 'not yet', 'no', 'no', "don't know", '3m', 'own funds, shinkin', 'no', '18 months', "don't know", '3', 'Hanako Sato', 'skip']) {
      t = await p.say(said);
      expect(t.text, said).not.toContain('⚠');
    }
    t = await p.say('yes');
    expect(t.reply.intake?.status).toBe('completed');
    expect(t.text).toContain('Thank you');
    expect(t.reply.intake?.state.answers).toMatchObject({
      'company.prefecture': '京都府',
      'company.capital_yen': 10_000_000,
      'theme.novelty': { unknown: true },
      'partners.has_candidates': { unknown: true },
      'funding.own_yen': 3_000_000,
      'commercialization.months_to_first_sales': 18,
    });
  });
});

describe('prompts in both languages', () => {
  it('render every question of the questionnaire with text in the chosen language, never a raw key', async () => {
    for (const locale of ['ja', 'en'] as const) {
      const p = person(deps, `render-${locale}`);
      let t = await p.start(locale);
      const seen = new Set<string>();
      for (let i = 0; i < 80 && t.prompt; i++) {
        seen.add(t.prompt.key);
        expect(t.text, t.prompt.key).not.toMatch(/questions\.|choices\.|ui\.|errors\./);
        t = await p.say(sampleAnswer(t.prompt.type, t.prompt.purpose));
      }
      expect(t.reply.intake?.status).toBe('completed');
      expect(seen.size).toBeGreaterThan(35);
    }
  });
});

function sampleAnswer(type: string, purpose: string): string {
  if (purpose === 'group_more') return 'no';
  switch (type) {
    case 'yes_no':
      return 'yes';
    case 'money':
      return '1000万';
    case 'integer':
      return '3';
    case 'months':
      return '12';
    case 'prefecture':
      return '北海道';
    case 'choice':
    case 'multi_choice':
      return '1';
    case 'email':
      return 'a@example.jp';
    default:
      return 'テキスト';
  }
}
