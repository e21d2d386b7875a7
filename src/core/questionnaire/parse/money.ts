import { fail, ok, type ParseResult } from '../../result.js';
import { parseExactNumber, roundExact } from './exact-number.js';
import { APPROX_PREFIXES, APPROX_SUFFIXES, stripAffixes, stripNegativeSign } from './strip-affixes.js';

// "\" is how ¥ looks on Japanese keyboards and in Shift_JIS documents ("\300,000").
const CURRENCY_PREFIXES = ['¥', '\\', 'jpy', 'yen'];
// The question's own words repeated before the amount ("資本金は1000万です").
const TOPIC_PREFIXES = ['資本金は', '資本金', '総額は', '総額で', '総額', '合計で', '合計', '全部で', '自己資金は', '自己資金', '必要資金は', '必要資金', 'うちは', 'capital is', 'capital', 'total', 'in total'];
const CURRENCY_SUFFIXES = ['円', 'えん', 'yen', 'jpy', '円也'];

const PREFIXES = [...APPROX_PREFIXES, ...CURRENCY_PREFIXES, ...TOPIC_PREFIXES];
const SUFFIXES = [...APPROX_SUFFIXES, ...CURRENCY_SUFFIXES];

const MAX_YEN = 10n ** 15n;

/** An amount of yen as a whole number: "3億5千万円", "1,200万", "¥300,000,000", "30 million". */
export function parseMoney(text: string): ParseResult<number> {
  let s = stripAffixes(text.normalize('NFKC').toLowerCase(), PREFIXES, SUFFIXES);
  const unsigned = stripNegativeSign(s);
  const negative = unsigned !== undefined;
  if (unsigned !== undefined) s = stripAffixes(unsigned, PREFIXES, SUFFIXES);

  const exact = parseExactNumber(s);
  if (exact === undefined) {
    // A digit string too long to parse is still clearly a number, just an absurd one.
    if (/^\d{16,}$/.test(s)) return negative ? fail('money.negative') : fail('money.too_large');
    return fail('money.invalid');
  }
  const yen = roundExact(exact);
  if (negative && yen > 0n) return fail('money.negative');
  if (yen > MAX_YEN) return fail('money.too_large');
  return ok(Number(yen));
}
