/**
 * Removes hedge words and units around a number. Repeats until nothing changes because users
 * stack them in any order ("約3億円程度です").
 */
export function stripAffixes(text: string, prefixes: readonly string[], suffixes: readonly string[]): string {
  // Longest first so "approximately" is not cut down to "ately" by "approx".
  const pre = [...prefixes].sort((a, b) => b.length - a.length);
  const suf = [...suffixes].sort((a, b) => b.length - a.length);
  let s = text.trim();
  for (;;) {
    const before = s;
    for (const p of pre) {
      if (s.startsWith(p)) {
        s = s.slice(p.length).trim();
        break;
      }
    }
    for (const x of suf) {
      if (s.endsWith(x)) {
        s = s.slice(0, s.length - x.length).trim();
        break;
      }
    }
    if (s === before) return s;
  }
}

/** Words that only say "roughly"; the bot stores the number and the answer stays approximate. */
export const APPROX_PREFIXES: readonly string[] = [
  '約', 'およそ', 'おおよそ', '凡そ', '大体', 'だいたい', 'ほぼ', '概ね', 'おおむね', 'ざっと',
  'approximately', 'approx.', 'approx', 'about', 'around', 'roughly', 'circa', 'ca.', 'some',
  '~', '〜', '≒', 'almost', 'nearly', 'just under', 'just over', 'a little over', 'a little under', 'over', 'under',
  'more than', 'less than', 'up to', 'at least', 'roughly about', 'ほぼほぼ', 'たぶん', '多分', 'おそらく',
];

export const APPROX_SUFFIXES: readonly string[] = [
  '程度', '程', 'くらい', 'ぐらい', '位', 'ほど', '前後', 'ばかり',
  'です', 'ですね', 'だと思います', 'と思います', 'かな', 'ぐらいかな',
  '。', '.', '!', 'or so', 'approximately', 'approx.', 'approx', 'roughly', 'ish', '-ish',
  '弱', '強', '余り', 'あまり', '以上', '以下', '未満', 'ちょっと', 'ちょい', 'くらいです', 'ぐらいです', 'ほどです', '程度です',
  '前後です', 'ぐらいかと', 'くらいかと', 'かと思います', 'or more', 'or less', 'give or take', 'roughly speaking',
];

// What makes a number approximate (約, くらい, about …); polite endings like です do not.
const APPROX_MARKERS: readonly string[] = [
  '約', 'およそ', 'おおよそ', '凡そ', '大体', 'だいたい', 'ほぼ', '概ね', 'おおむね', 'ざっと', '程度', '程', 'くらい', 'ぐらい',
  '位', 'ほど', '前後', 'ばかり', '弱', '強', '余り', 'あまり', '以上', '以下', '未満', 'ちょっと', 'ちょい', 'たぶん', '多分', 'おそらく',
  'approx', 'about', 'around', 'roughly', 'circa', 'ca.', 'some ', 'or so', 'ish', 'almost', 'nearly', 'over', 'under',
  'more than', 'less than', 'up to', 'at least', 'or more', 'or less', 'give or take', '~', '〜', '≒',
];

/** True when the person hedged the number ("約300名", "about 45"): it is stored, and shown, as approximate. */
export function isApproximate(text: string): boolean {
  const s = ` ${text.normalize('NFKC').toLowerCase()} `;
  return APPROX_MARKERS.some((m) => s.includes(m));
}

/** Hyphen variants, the katakana long mark that phones offer next to digits, and accounting marks. */
export const NEGATIVE_SIGNS: readonly string[] = ['-', '−', '‐', 'ー', '▲', '△', 'マイナス', 'minus'];

/** Returns the text without a leading minus sign, or undefined when there was none. */
export function stripNegativeSign(text: string): string | undefined {
  for (const sign of NEGATIVE_SIGNS) {
    if (text.startsWith(sign)) return text.slice(sign.length).trim();
  }
  return undefined;
}

/**
 * Drops trailing characters from a set. A loop instead of /[…]+$/, which backtracks
 * quadratically on a long run of those characters followed by something else.
 */
export function stripTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}
