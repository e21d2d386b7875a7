import { fail, ok, type ParseResult } from '../../result.js';
import { isWholeExact, parseExactNumber } from './exact-number.js';
import { APPROX_PREFIXES, APPROX_SUFFIXES, stripAffixes, stripNegativeSign } from './strip-affixes.js';

const COUNT_PREFIXES = ['従業員数は', '従業員は', '従業員数', '従業員', '正社員は', '正社員', '社員数は', '社員は', '社員数', '社員', '人数は', '人数', 'うちは', '全部で', '合計で', '合計', '計画期間は', '期間は', 'total', 'we have', 'we are'];
const COUNT_SUFFIXES = [
  '人', '名', '社', '件', '個', '台', '者', 'います', 'いる', 'おります', 'ぐらいいます', 'くらいいます',
  // Units as typed before kanji conversion ("45にん", "45めい").
  'にん', 'めい', 'しゃ', 'けん', 'こ', 'だい',
  // Whole years, for counts such as the plan period ("5年", "3か年", "5 years").
  '年間', '年', 'ねん', 'ヶ年', 'か年', 'カ年', '箇年', 'years', 'year', 'yrs', 'yr',
  'people', 'persons', 'person', 'employees', 'employee', 'staff', 'members', 'member',
  'workers', 'worker', 'staff members', 'full-time', 'full time', 'fulltime', 'regular employees', 'headcount', 'companies', 'company', 'firms', 'pax', 'ppl', 'heads', 'in total',
];

const PREFIXES = [...APPROX_PREFIXES, ...COUNT_PREFIXES];
const SUFFIXES = [...APPROX_SUFFIXES, ...COUNT_SUFFIXES];

// Larger than any SME headcount or partner list; callers narrow it with opts.
const DEFAULT_MAX = 10_000_000;

/** A whole count of people or things: "約300名", "３００人くらい", "1,200人", "about 300". */
export function parseCount(text: string, opts?: { min?: number; max?: number }): ParseResult<number> {
  const min = opts?.min ?? 0;
  const max = opts?.max ?? DEFAULT_MAX;
  let s = stripAffixes(text.normalize('NFKC').toLowerCase(), PREFIXES, SUFFIXES);
  const unsigned = stripNegativeSign(s);
  const negative = unsigned !== undefined;
  if (unsigned !== undefined) s = stripAffixes(unsigned, PREFIXES, SUFFIXES);

  const exact = parseExactNumber(s);
  if (exact === undefined) {
    if (/^\d{16,}$/.test(s)) return fail('count.out_of_range', { min, max });
    return fail('count.invalid');
  }
  if (!isWholeExact(exact)) return fail('count.not_integer');
  const magnitude = Number(exact.num / 10n ** BigInt(exact.scale));
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;
  if (!(value >= min && value <= max)) return fail('count.out_of_range', { min, max });
  return ok(value);
}
