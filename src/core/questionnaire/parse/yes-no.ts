import { fail, ok, type ParseResult } from '../../result.js';
import { stripTrailing } from './strip-affixes.js';

export type YesNo = 'yes' | 'no';

// Keys are stored as answerKey() produces them: no spaces, no apostrophes, lower case.
const YES = new Set([
  'はい', 'ハイ', 'ええ', 'うん', 'そう', 'その通り', 'イエス',
  'あります', 'ある', 'あり', '有', '有り', '有る', '有ります', 'ございます', 'います', 'いる',
  '済', '済み', '締結済み', '締結済', '締結済です', '契約済み', '契約済',
  '該当します', '該当する', '該当', '当てはまる', '当てはまります', 'あてはまる', 'あてはまります', 'オーケー', 'ok', 'okay', 'おk',
  'いいですよ', 'いいよ', '構いません', 'かまいません', 'お願いします', 'おねがいします', 'どうぞ', '何社かある', '何社かあります', 'いくつかある',
  'yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'true', 'yes,wedo', 'wedo', 'ihave', 'wehave', '1', 'yesplease', 'ofcourse', 'fine', 'agreed', 'iagree',
]);

const NO = new Set([
  'いいえ', 'イイエ', 'いえ', 'いや', 'ううん', 'ノー',
  'ない', '無い', 'ありません', 'ございません', 'なし', '無し', 'ナシ', '無', 'いない', 'いません',
  '該当しません', '該当しない', '非該当', '当てはまらない', '当てはまりません', 'あてはまらない', 'あてはまりません', 'ないです', 'まったくない', '全くない',
  'no', 'n', 'nope', 'nah', 'false', 'none', 'wedont', 'wedonot', 'idont', 'idonot', '2', 'notatall', 'noway', 'nothanks',
]);

// A bare "まだ" ("not yet") is unknown rather than no: "agreement signed?" → "まだ" means it may
// still happen, so the question stays open and is asked again instead of being recorded as a no.
const UNKNOWN = new Set([
  'わからない', '分からない', '判らない', '解らない', 'わかりません', '分かりません', 'わからん', '分からん',
  '知らない', 'しらない', '知りません', '不明', '未定', 'まだ', 'まだわからない', 'まだ分からない',
  'まだわかりません', 'まだ分かりません', 'まだ未定', '未確定', '検討中', '現在検討中', '未検討',
  // As typed on a phone, often without kanji conversion or with a casual ending.
  'みてい', 'ふめい', 'けんとうちゅう', '検討中です', '考え中', 'かんがえちゅう', '調整中', 'ちょうせいちゅう', '未決定', '未決',
  'まだ決まっていない', 'まだきまっていない', '決まっていない', 'きまっていない', 'まだ決まってない', 'まだきまってない',
  '決まってない', 'きまってない', 'まだ決まっていません', '決まっていません', 'きまっていません', 'まだ決めていない', 'まだ決めてない',
  '決めていない', 'まだ考えていない', 'まだ考えてない', 'これから', 'これから決める', 'これから考える', 'これから検討',
  'わかんない', '分かんない', 'わかりかねます', '分かりかねます', 'まだわからん', 'まだ分からん', 'さあ', '不明確', '要確認', '確認中',
  'dontknow', 'donotknow', 'idontknow', 'idonotknow', 'idk', 'unknown', 'notsure', 'imnotsure',
  'unsure', 'tbd', 'dk', 'undecided', 'notyetdecided', 'notdecided', 'notdecidedyet', 'noidea',
  'tba', 'tbc', 'tobedecided', 'tobeconfirmed', 'dunno', 'notsureyet', 'notknown', 'notknownyet', 'dontknowyet',
  'idontknowyet', 'havenotdecided', 'haventdecided', 'haventdecidedyet', 'wehaventdecided', 'wehaventdecidedyet',
  'stillthinking', 'stilldeciding', 'notdecidedyet', 'yettobedecided', 'undetermined', 'undecidedyet', 
  'noclue', '相談中', 'そうだんちゅう', '交渉中', '話し合い中', 'hardtosay', 'cantsay', 'cannotsay', 'notyetknown', 'unclear', 'stillunclear',
]);

// Whitespace is already gone from the key.
const TRAILING = '。.!！';

function answerKey(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(/[\s'’‘`´]/gu, '');
  for (;;) {
    // "です" closes almost any short Japanese answer ("不明です", "ないです", "済みです").
    const trimmed = stripTrailing(s, TRAILING);
    const next = trimmed.endsWith('です') ? trimmed.slice(0, -2) : trimmed;
    if (next === s) return s;
    s = next;
  }
}

function lookup(key: string): YesNo | undefined {
  if (YES.has(key)) return 'yes';
  if (NO.has(key)) return 'no';
  return undefined;
}

/** Yes/no in either language, or the choice numbers 1 (yes) and 2 (no). */
export function parseYesNo(text: string): ParseResult<YesNo> {
  const whole = lookup(answerKey(text));
  if (whole !== undefined) return ok(whole);
  // "はい、あります" / "いいえ、ありません": accepted only when every part agrees.
  const parts = text
    .normalize('NFKC')
    .split(/[、,\s]+/u)
    .filter((p) => p !== '')
    .map((p) => lookup(answerKey(p)));
  const first = parts[0];
  if (parts.length > 1 && first !== undefined && parts.every((p) => p === first)) return ok(first);
  return fail('yes_no.invalid');
}

/** "Don't know yet" answers, which the interview records as open rather than as a value. */
export function isUnknownAnswer(text: string): boolean {
  const key = answerKey(text);
  const words = stripTrailing(key, '?');
  // A bare "?" (or "???") is the user's way of saying "no idea".
  return (key !== '' && words === '') || UNKNOWN.has(answerKey(words));
}
