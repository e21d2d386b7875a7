import { describe, expect, it } from 'vitest';
import { assessSmeEligibility, type EligibilityResult } from './sme-eligibility.js';

// Copied from the SME definition table of the domain brief, so the code's table is checked against it.
const TABLE = [
  { industry: 'manufacturing', capital: 300_000_000, employees: 300 },
  { industry: 'construction', capital: 300_000_000, employees: 300 },
  { industry: 'transport', capital: 300_000_000, employees: 300 },
  { industry: 'other', capital: 300_000_000, employees: 300 },
  { industry: 'wholesale', capital: 100_000_000, employees: 100 },
  { industry: 'retail', capital: 50_000_000, employees: 50 },
  { industry: 'services', capital: 50_000_000, employees: 100 },
  { industry: 'rubber', capital: 300_000_000, employees: 900 },
  { industry: 'software', capital: 300_000_000, employees: 300 },
  { industry: 'hotel', capital: 50_000_000, employees: 200 },
] as const;

const UNKNOWN = { unknown: true };

const assess = (industry: unknown, capital: unknown, employees: unknown, deemed: unknown = 'no') =>
  assessSmeEligibility({
    'company.industry': industry,
    'company.capital_yen': capital,
    'company.employees': employees,
    'company.deemed_large': deemed,
  });

const codes = (r: EligibilityResult) => r.reasons.map((x) => x.code);

describe('assessSmeEligibility', () => {
  it('covers every industry of the questionnaire', () => {
    expect(TABLE.map((t) => t.industry).sort()).toEqual(
      ['manufacturing', 'construction', 'transport', 'wholesale', 'retail', 'services', 'rubber', 'software', 'hotel', 'other'].sort(),
    );
  });

  describe.each(TABLE)('$industry', ({ industry, capital, employees }) => {
    it('reports the limits it applied', () => {
      expect(assess(industry, 1, 1).limits).toEqual({ capitalYen: capital, employees, industry });
    });

    it('is eligible with capital exactly at the limit, even with employees over', () => {
      const r = assess(industry, capital, employees + 1);
      expect(r.status).toBe('eligible');
      expect(r.reasons).toContainEqual({ code: 'capital_within', params: { capital, limit: capital } });
      expect(r.reasons).toContainEqual({ code: 'employees_over', params: { employees: employees + 1, limit: employees } });
    });

    it('is eligible with employees exactly at the limit, even with capital over', () => {
      const r = assess(industry, capital + 1, employees);
      expect(r.status).toBe('eligible');
      expect(r.reasons).toContainEqual({ code: 'capital_over', params: { capital: capital + 1, limit: capital } });
      expect(r.reasons).toContainEqual({ code: 'employees_within', params: { employees, limit: employees } });
    });

    it('is ineligible with capital limit + 1 yen and employees limit + 1', () => {
      const r = assess(industry, capital + 1, employees + 1);
      expect(r.status).toBe('ineligible');
      expect(codes(r)).toEqual(['capital_over', 'employees_over', 'not_deemed_large']);
    });

    it('is eligible with both exactly at the limit', () => {
      expect(assess(industry, capital, employees).status).toBe('eligible');
    });
  });

  describe('ordinance exceptions', () => {
    it('rubber products allow up to 900 employees', () => {
      expect(assess('rubber', 1_000_000_000, 900).status).toBe('eligible');
      expect(assess('rubber', 1_000_000_000, 901).status).toBe('ineligible');
      // the general manufacturing limit would have refused 900
      expect(assess('manufacturing', 1_000_000_000, 900).status).toBe('ineligible');
    });

    it('software / information processing uses 3億 / 300 rather than the services row', () => {
      expect(assess('software', 300_000_000, 1_000).status).toBe('eligible');
      expect(assess('software', 1_000_000_000, 300).status).toBe('eligible');
      expect(assess('services', 300_000_000, 1_000).status).toBe('ineligible');
    });

    it('hotels and ryokan allow 200 employees with the services capital limit', () => {
      expect(assess('hotel', 100_000_000, 200).status).toBe('eligible');
      expect(assess('hotel', 100_000_000, 201).status).toBe('ineligible');
      expect(assess('hotel', 50_000_000, 5_000).status).toBe('eligible');
      expect(assess('services', 100_000_000, 200).status).toBe('ineligible');
    });
  });

  it('capital over but employees within is eligible', () => {
    const r = assess('manufacturing', 1_000_000_000, 120);
    expect(r).toEqual({
      status: 'eligible',
      reasons: [
        { code: 'capital_over', params: { capital: 1_000_000_000, limit: 300_000_000 } },
        { code: 'employees_within', params: { employees: 120, limit: 300 } },
        { code: 'not_deemed_large', params: {} },
      ],
      limits: { capitalYen: 300_000_000, employees: 300, industry: 'manufacturing' },
    });
  });

  describe('deemed large (みなし大企業)', () => {
    it('is ineligible whatever the size, with the reason first', () => {
      const r = assess('manufacturing', 10_000_000, 5, 'yes');
      expect(r.status).toBe('ineligible');
      expect(codes(r)).toEqual(['deemed_large', 'capital_within', 'employees_within']);
    });

    it('is ineligible even when the size is unknown', () => {
      expect(assess(undefined, undefined, undefined, 'yes').status).toBe('ineligible');
      expect(assess('retail', UNKNOWN, UNKNOWN, 'yes').status).toBe('ineligible');
    });

    it('unknown or unanswered keeps an eligible size eligible but asks the PM to confirm', () => {
      for (const deemed of [{ 'company.deemed_large': UNKNOWN }, {}]) {
        const r = assessSmeEligibility({ 'company.industry': 'retail', 'company.capital_yen': 10_000_000, 'company.employees': 8, ...deemed });
        expect(r.status).toBe('eligible');
        expect(r.reasons).toContainEqual({ code: 'deemed_large_unknown', params: {} });
      }
    });

    it('unknown does not rescue a company over both limits', () => {
      expect(assess('retail', 60_000_000, 51, UNKNOWN).status).toBe('ineligible');
    });

    it('"no" is recorded as a reason', () => {
      expect(codes(assess('retail', 10_000_000, 8, 'no'))).toContain('not_deemed_large');
    });
  });

  describe('unknowns', () => {
    it('one figure within is enough while the other is unknown', () => {
      const a = assess('wholesale', 100_000_000, UNKNOWN);
      expect(a.status).toBe('eligible');
      expect(codes(a)).toEqual(['capital_within', 'employees_unknown', 'not_deemed_large']);
      const b = assess('wholesale', UNKNOWN, 100);
      expect(b.status).toBe('eligible');
      expect(codes(b)).toEqual(['capital_unknown', 'employees_within', 'not_deemed_large']);
    });

    it('one figure over and the other unknown is unknown', () => {
      expect(assess('wholesale', 100_000_001, UNKNOWN).status).toBe('unknown');
      expect(assess('wholesale', undefined, 101).status).toBe('unknown');
    });

    it('both unknown or absent is unknown', () => {
      const r = assess('services', UNKNOWN, undefined);
      expect(r.status).toBe('unknown');
      expect(codes(r)).toEqual(['capital_unknown', 'employees_unknown', 'not_deemed_large']);
      expect(r.limits).toEqual({ capitalYen: 50_000_000, employees: 100, industry: 'services' });
    });

    it('nothing answered at all is unknown', () => {
      const r = assessSmeEligibility({});
      expect(r.status).toBe('unknown');
      expect(codes(r)).toEqual(['industry_unknown', 'capital_unknown', 'employees_unknown', 'deemed_large_unknown']);
      expect(r.limits).toBeUndefined();
    });

    it('an unknown industry gives no limits, even with small figures', () => {
      for (const industry of [undefined, UNKNOWN, 'mining', 'toString', '']) {
        const r = assess(industry, 1_000_000, 3);
        expect(r.status, String(industry)).toBe('unknown');
        expect(codes(r)).toEqual(['industry_unknown', 'not_deemed_large']);
        expect(r.limits).toBeUndefined();
      }
    });

    it('treats figures that are not non-negative finite numbers as unknown', () => {
      for (const bad of ['300', -1, Number.NaN, Number.POSITIVE_INFINITY, null, [], {}]) {
        const r = assess('manufacturing', bad, bad);
        expect(r.status).toBe('unknown');
        expect(codes(r)).toEqual(['capital_unknown', 'employees_unknown', 'not_deemed_large']);
      }
    });

    it('zero is a real figure', () => {
      expect(assess('retail', 0, UNKNOWN).status).toBe('eligible');
    });
  });
});
