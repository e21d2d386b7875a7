export type EligibilityStatus = 'eligible' | 'ineligible' | 'unknown';

/** `code` is an i18n key under `eligibility.`; params fill its placeholders. */
export type EligibilityReason = { code: string; params: Record<string, string | number> };

export type EligibilityLimits = { capitalYen: number; employees: number; industry: string };

export type EligibilityResult = {
  status: EligibilityStatus;
  reasons: EligibilityReason[];
  /** The limits applied; absent when the industry is not known, so no limit could be chosen. */
  limits?: EligibilityLimits;
};

/**
 * 中小企業基本法 第2条 and, for rubber products, software / information processing and
 * hotels / ryokan, the 中小企業関連立法 ordinance exceptions. Keyed by the `industry` choice
 * ids of the questionnaire; "other" falls under the general (manufacturing) row as the act does.
 */
const SME_LIMITS: Readonly<Record<string, { capitalYen: number; employees: number }>> = {
  manufacturing: { capitalYen: 300_000_000, employees: 300 },
  construction: { capitalYen: 300_000_000, employees: 300 },
  transport: { capitalYen: 300_000_000, employees: 300 },
  other: { capitalYen: 300_000_000, employees: 300 },
  wholesale: { capitalYen: 100_000_000, employees: 100 },
  retail: { capitalYen: 50_000_000, employees: 50 },
  services: { capitalYen: 50_000_000, employees: 100 },
  rubber: { capitalYen: 300_000_000, employees: 900 },
  software: { capitalYen: 300_000_000, employees: 300 },
  hotel: { capitalYen: 50_000_000, employees: 200 },
};

type Figure = { kind: 'known'; value: number } | { kind: 'unknown' };
type Verdict = 'within' | 'over' | 'unknown';

/**
 * Whether the company is an SME under the act. The act asks for capital OR employees within
 * the limit, so one figure within its limit settles it even while the other is unknown; a
 * deemed-large company (みなし大企業) is out whatever its size.
 */
export function assessSmeEligibility(answers: Record<string, unknown>): EligibilityResult {
  const reasons: EligibilityReason[] = [];
  const industry = answers['company.industry'];
  const limits = typeof industry === 'string' && Object.hasOwn(SME_LIMITS, industry) ? SME_LIMITS[industry] : undefined;
  const capital = figureOf(answers['company.capital_yen']);
  const employees = figureOf(answers['company.employees']);
  const deemed = answers['company.deemed_large'];

  let size: Verdict = 'unknown';
  if (limits === undefined) {
    reasons.push({ code: 'industry_unknown', params: {} });
    if (capital.kind === 'unknown') reasons.push({ code: 'capital_unknown', params: {} });
    if (employees.kind === 'unknown') reasons.push({ code: 'employees_unknown', params: {} });
  } else {
    const byCapital = judge(capital, limits.capitalYen, 'capital', reasons);
    const byEmployees = judge(employees, limits.employees, 'employees', reasons);
    if (byCapital === 'within' || byEmployees === 'within') size = 'within';
    else if (byCapital === 'over' && byEmployees === 'over') size = 'over';
  }

  let status: EligibilityStatus;
  if (deemed === 'yes') {
    reasons.unshift({ code: 'deemed_large', params: {} });
    status = 'ineligible';
  } else {
    // An unanswered deemed-large question does not hold the size verdict back: the PM
    // confirms the shareholding at the first meeting, so the reason is enough.
    reasons.push({ code: deemed === 'no' ? 'not_deemed_large' : 'deemed_large_unknown', params: {} });
    status = size === 'within' ? 'eligible' : size === 'over' ? 'ineligible' : 'unknown';
  }

  const result: EligibilityResult = { status, reasons };
  if (limits !== undefined && typeof industry === 'string') result.limits = { ...limits, industry };
  return result;
}

// Anything but a finite, non-negative number (a "don't know yet", a skip, a stray string from
// an older questionnaire) is treated as unknown rather than guessed at.
function figureOf(value: unknown): Figure {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { kind: 'known', value } : { kind: 'unknown' };
}

function judge(figure: Figure, limit: number, name: 'capital' | 'employees', reasons: EligibilityReason[]): Verdict {
  if (figure.kind === 'unknown') {
    reasons.push({ code: `${name}_unknown`, params: {} });
    return 'unknown';
  }
  const verdict: Verdict = figure.value <= limit ? 'within' : 'over';
  reasons.push({ code: `${name}_${verdict}`, params: { [name]: figure.value, limit } });
  return verdict;
}
