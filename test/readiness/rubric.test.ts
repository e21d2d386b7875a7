import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { validateRubric, type Rubric } from '../../src/core/readiness/rubric-schema.js';
import { scoreReadiness } from '../../src/core/readiness/score-readiness.js';
import type { ReadinessFacts } from '../../src/core/readiness/evaluate-part.js';
import { batteryAnswers } from '../fixtures/battery-answers.js';

const raw = JSON.parse(readFileSync(join(projectRoot, 'config', 'rubric', 'readiness-v1.json'), 'utf8')) as Record<string, unknown>;
const check = validateRubric(raw);
if (!check.ok) throw new Error(check.problems.join('; '));
const rubric: Rubric = check.rubric;

const U = { unknown: true };

const facts = (answers: Record<string, unknown>, status: ReadinessFacts['eligibility']['status'] = 'eligible'): ReadinessFacts => ({
  answers,
  eligibility: { status },
});
const criterion = (answers: Record<string, unknown>, id: string, status: ReadinessFacts['eligibility']['status'] = 'eligible') => {
  const c = scoreReadiness(rubric, facts(answers, status)).criteria.find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c;
};
const withAnswers = (patch: Record<string, unknown>) => ({ ...batteryAnswers, ...patch });

describe('the shipped readiness rubric', () => {
  it('is valid, versioned, and its non-bonus maxima add up to 100', () => {
    expect(rubric.version).toBe('1');
    expect(rubric.criteria.filter((c) => !c.bonus).reduce((s, c) => s + c.max, 0)).toBe(100);
  });

  it('scores the battery-maintenance example as ready, with every criterion met and the version recorded', () => {
    const r = scoreReadiness(rubric, facts(batteryAnswers));
    expect(r.band).toBe('ready');
    expect(r.score).toBe(100);
    expect(r.rubricVersion).toBe('1');
    expect(r.criteria.filter((c) => c.status !== 'met').map((c) => c.id)).toEqual([]);
    expect(r.toConfirm).toEqual([]);
    expect(criterion(batteryAnswers, 'academia').evidence).toEqual(['academia']);
    expect(criterion(batteryAnswers, 'wide_area')).toMatchObject({ status: 'met', points: 0, max: 0 });
  });

  it('bands a company over the limits as ineligible whatever its score', () => {
    expect(scoreReadiness(rubric, facts(batteryAnswers, 'ineligible')).band).toBe('ineligible');
  });

  it('bands a sound idea with no partners as needs_partners, and a bare idea as early', () => {
    const noPartners = withAnswers({ 'partners.has_candidates': 'no', partners: undefined, 'agreement.status': 'none', 'agreement.nda': 'no' });
    const r = scoreReadiness(rubric, facts(noPartners));
    expect(r.band).toBe('needs_partners');
    expect(r.nextSteps.map((g) => g.code)).toEqual(['no_sme_partner', 'functions_uncovered', 'no_agreement']);
    const bare = { 'company.industry': 'retail', 'theme.novelty': 'similar_exists', 'missing.functions': ['sales_marketing'], 'partners.has_candidates': 'no' };
    expect(scoreReadiness(rubric, facts(bare)).band).toBe('early');
  });

  describe('each criterion alone', () => {
    it('eligibility: eligible earns it, unknown is to confirm, ineligible is missing', () => {
      expect(criterion(batteryAnswers, 'eligibility')).toMatchObject({ points: 10, status: 'met' });
      expect(criterion(batteryAnswers, 'eligibility', 'unknown')).toMatchObject({ points: 0, status: 'unknown' });
      expect(criterion(batteryAnswers, 'eligibility', 'ineligible')).toMatchObject({ points: 0, status: 'missing' });
    });

    it('partnership: an SME partner weighted by status; a large company alone does not count', () => {
      const one = (status: string, kind = 'sme') => withAnswers({ partners: [{ name: 'P', function: 'manufacturing', kind, prefecture: '静岡県', relationship: 'new', status }] });
      expect(criterion(one('agreed'), 'partnership').points).toBe(15);
      expect(criterion(one('discussing'), 'partnership')).toMatchObject({ points: 11, status: 'partial' });
      expect(criterion(one('idea'), 'partnership').points).toBe(3);
      expect(criterion(one('agreed', 'large'), 'partnership')).toMatchObject({ points: 0, status: 'missing' });
      expect(criterion(withAnswers({ 'partners.has_candidates': U }), 'partnership')).toMatchObject({ status: 'unknown' });
    });

    it('strength: know-how and track record add to the summary', () => {
      expect(criterion(withAnswers({ 'strengths.ip': 'none', 'strengths.track_record': undefined }), 'strength')).toMatchObject({ points: 5, status: 'partial' });
      expect(criterion(withAnswers({ 'strengths.ip': 'know_how' }), 'strength').points).toBe(9);
    });

    it('novelty: first in Japan or the world scores, "similar exists" does not', () => {
      expect(criterion(withAnswers({ 'theme.novelty': 'world_first' }), 'novelty').points).toBe(10);
      expect(criterion(withAnswers({ 'theme.novelty': 'industry_region_first' }), 'novelty').points).toBe(8);
      expect(criterion(withAnswers({ 'theme.novelty': 'similar_exists', 'theme.novelty_detail': undefined }), 'novelty')).toMatchObject({ points: 0, status: 'missing' });
      const unknown = criterion(withAnswers({ 'theme.novelty': U, 'theme.novelty_detail': undefined }), 'novelty');
      expect(unknown).toMatchObject({ points: 0, status: 'unknown' });
      expect(unknown.gaps[0]).toMatchObject({ code: 'novelty_weak', toConfirm: true });
    });

    it('market: customers and a channel', () => {
      expect(criterion(withAnswers({ 'commercialization.channel': U }), 'market')).toMatchObject({ points: 5, status: 'partial' });
    });

    it('coverage: each missing function covered, weighted by the partner status, uncovered ones listed', () => {
      const c = criterion(withAnswers({ 'missing.functions': ['manufacturing', 'sales_marketing'] }), 'coverage');
      expect(c).toMatchObject({ points: 8, status: 'partial' });
      expect(c.gaps[0]?.list).toEqual({ choiceSet: 'business_function', ids: ['sales_marketing'] });
      expect(criterion(withAnswers({ 'missing.functions': ['none'] }), 'coverage').status).toBe('met');
      expect(criterion(withAnswers({ 'missing.functions': U }), 'coverage').status).toBe('unknown');
    });

    it('agreement: signed and NDA; drafting earns half; "don\'t know" stays apart from "no"', () => {
      expect(criterion(withAnswers({ 'agreement.status': 'drafting' }), 'agreement').points).toBe(7);
      const dk = criterion(withAnswers({ 'agreement.status': U, 'agreement.nda': 'no' }), 'agreement');
      const no = criterion(withAnswers({ 'agreement.status': 'none', 'agreement.nda': 'no' }), 'agreement');
      expect(dk).toMatchObject({ points: 0, status: 'unknown' });
      expect(no).toMatchObject({ points: 0, status: 'missing' });
    });

    it('academia: a plus when the form fits the role, absent is no failure', () => {
      const joint = (form: string, agreement = 'signed') => withAnswers({ academia: [{ name: 'U', type: 'university', role: 'joint_research', form }], 'agreement.status': agreement });
      expect(criterion(joint('formal'), 'academia').points).toBe(5);
      expect(criterion(joint('formal', 'none'), 'academia').points).toBe(0);
      expect(criterion(joint('cooperative'), 'academia').points).toBe(0);
      const none = scoreReadiness(rubric, facts(withAnswers({ 'academia.involved': 'no', academia: undefined })));
      expect(none.criteria.find((c) => c.id === 'academia')).toMatchObject({ bonus: true, points: 0 });
      expect(none.band).toBe('ready');
      expect(none.score).toBe(100);
    });

    it('funding: named sources, a bank, an own share', () => {
      expect(criterion(withAnswers({ 'funding.sources': ['undecided'], 'funding.bank_involved': 'no', 'funding.own_yen': 0 }), 'funding')).toMatchObject({ points: 0, status: 'missing' });
      expect(criterion(withAnswers({ 'funding.own_yen': 10_000_000 }), 'funding').points).toBe(11);
      expect(criterion(withAnswers({ 'funding.total_yen': U }), 'funding').gaps).toEqual([expect.objectContaining({ code: 'own_funds_low', toConfirm: true })]);
    });

    it('first sales: within a year scores, within two years half', () => {
      expect(criterion(withAnswers({ 'commercialization.months_to_first_sales': 18 }), 'first_sales').points).toBe(4);
      expect(criterion(withAnswers({ 'commercialization.months_to_first_sales': 36 }), 'first_sales').points).toBe(0);
    });

    it('wide area: noted as information, never scored', () => {
      const local = withAnswers({ partners: [{ name: 'P', function: 'manufacturing', kind: 'sme', prefecture: '静岡県', relationship: 'new', status: 'agreed' }] });
      expect(criterion(local, 'wide_area')).toMatchObject({ status: 'missing', points: 0, max: 0 });
    });
  });

  it('keeps "don\'t know" answers in the to-confirm list', () => {
    const r = scoreReadiness(rubric, facts(withAnswers({ 'theme.novelty': U, 'funding.bank_involved': U })));
    expect(r.toConfirm).toEqual(expect.arrayContaining(['theme.novelty', 'funding.bank_involved']));
  });

  it('refuses a broken rubric naming the criterion', () => {
    const broken = structuredClone(raw) as { criteria: { id: string; max: number; parts: { weight: number }[] }[] };
    (broken.criteria[1] as { max: number }).max = 20;
    const r = validateRubric(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join()).toContain('add up to 105, not 100');
    const badPart = structuredClone(raw) as { criteria: { parts: { test: string }[] }[] };
    (badPart.criteria[2]?.parts[0] as { test: string }).test = 'vibes';
    const r2 = validateRubric(badPart);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.problems.join()).toContain('criterion "strength"');
  });
});
