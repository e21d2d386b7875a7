import { describe, expect, it } from 'vitest';
import { buildPlanDraft } from '../../src/core/plan/build-plan-draft.js';
import { renderPlanMarkdown } from '../../src/core/plan/render-plan-markdown.js';
import { scoreReadiness } from '../../src/core/readiness/score-readiness.js';
import { loadLatestRubric } from '../../src/config/load-rubric.js';
import { projectRoot } from '../../src/config.js';
import { join } from 'node:path';
import { defaultCatalog, translator } from '../support/harness.js';
import { batteryAnswers } from '../fixtures/battery-answers.js';

const def = defaultCatalog().latest;
const rubric = loadLatestRubric(join(projectRoot, 'config', 'rubric'));

const render = (answers: Record<string, unknown>, locale: 'ja' | 'en') => {
  const readiness = scoreReadiness(rubric, { answers, eligibility: { status: 'eligible' } });
  const plan = buildPlanDraft({ intakeId: 'in_test', questionnaireVersion: '1', answers, readiness, eligibility: 'eligible', region: 'kanto', programs: ['keiei_kakushin', 'go_tech'] });
  return renderPlanMarkdown(translator, locale, def, plan, { keiei_kakushin: locale === 'ja' ? '経営革新計画' : 'Business innovation plan', go_tech: 'Go-Tech' });
};

describe('the plan draft in Markdown', () => {
  it.each(['ja', 'en'] as const)('has every section and label in %s, with no raw keys', (locale) => {
    const md = render(batteryAnswers, locale);
    expect(md).not.toMatch(/\b(plan|questions|choices|readiness|regions)\.[a-z_]+/);
    expect(md.match(/^## \d\./gm)).toHaveLength(9);
    expect(md).toContain(locale === 'ja' ? '| コア企業 | 株式会社バッテリー再生工房 |' : '| Core company | 株式会社バッテリー再生工房 |');
    expect(md).toContain(locale === 'ja' ? '豊橋技術科学大学 | 大学 | 技術評価・試験・分析 | 協力' : '豊橋技術科学大学 | University | Evaluation, testing, analysis | Cooperation (kyoryoku)');
    expect(md).toContain(locale === 'ja' ? '8,000万円' : '¥80,000,000');
    expect(md).toContain('Go-Tech');
  });

  it('quotes what the company typed as typed and keeps table cells intact', () => {
    const md = render({ ...batteryAnswers, 'theme.description': '一行目\n二行目 | 区切り', partners: [{ name: 'A|B社', function: 'manufacturing', kind: 'sme', prefecture: '愛知県', relationship: 'new', status: 'agreed' }] }, 'ja');
    expect(md).toContain('> 一行目\n> 二行目 | 区切り');
    expect(md).toContain('| A\\|B社 |');
  });

  it('lists "don\'t know" answers as open points and says when there are no partners', () => {
    const md = render({ ...batteryAnswers, 'theme.novelty': { unknown: true }, 'partners.has_candidates': 'no', partners: undefined }, 'en');
    expect(md).toContain('## 8. Open points (to confirm)\n- Novelty');
    expect(md).toContain('No candidate partners yet.');
    expect(md).toContain("Don't know yet (to confirm)");
  });
});
