import { PREFECTURES, type Prefecture } from '../../geo/prefectures.js';
import { fail, ok, type ParseResult } from '../../result.js';

const MACRONS: Record<string, string> = {
  ā: 'a', â: 'a', ī: 'i', î: 'i', ū: 'u', û: 'u', ē: 'e', ê: 'e', ō: 'o', ô: 'o',
};

/**
 * One spelling for all the ways a prefecture is romanised: macrons or doubled/"ou"/"oh" long
 * vowels (Kōchi, Kouchi, Ohita), Kunrei spellings (Sizuoka, Tiba), "Gumma", doubled consonants.
 * No two of the 47 names collapse to the same key (a test checks this).
 */
function romajiKey(latin: string): string {
  return [...latin.toLowerCase()]
    .map((c) => MACRONS[c] ?? c)
    .join('')
    .replace(/[^a-z]/g, '')
    .replace(/oh/g, 'o')
    .replace(/ou/g, 'o')
    .replace(/shi/g, 'si')
    .replace(/chi/g, 'ti')
    .replace(/tsu/g, 'tu')
    .replace(/fu/g, 'hu')
    .replace(/ji/g, 'zi')
    .replace(/m(?=[bmp])/g, 'n')
    .replace(/(.)\1+/g, '$1');
}

const toHiragana = (s: string): string =>
  s.replace(/[\u30A1-\u30F6]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

const BY_JA = new Map<string, Prefecture>();
const BY_KANA = new Map<string, Prefecture>();
const BY_ROMAJI = new Map<string, Prefecture>();
for (const pref of PREFECTURES) {
  BY_JA.set(pref.ja, pref);
  BY_JA.set(pref.short, pref);
  BY_KANA.set(pref.kana, pref);
  BY_ROMAJI.set(romajiKey(pref.romaji), pref);
}

const ROMAJI_SUFFIXES = ['prefecture', 'pref', 'metropolis', 'metropolitan', 'metro', 'japan', 'ken', 'to', 'fu', 'do'];
const KANA_SUFFIXES = ['けん', 'と', 'ふ', 'どう'];
const LATIN_ONLY = /^[a-zāâīîūûēêōô\s\-.,']+$/iu;

/** Tries the name as typed, then without one administrative suffix ("Tokyo-to", "あいちけん"). */
function lookupWithSuffixes(
  name: string,
  suffixes: readonly string[],
  find: (candidate: string) => Prefecture | undefined,
): Prefecture | undefined {
  const direct = find(name);
  if (direct !== undefined) return direct;
  for (const suffix of suffixes) {
    if (name.length > suffix.length && name.endsWith(suffix)) {
      const found = find(name.slice(0, -suffix.length));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function findJapanese(name: string): Prefecture | undefined {
  const exact = BY_JA.get(name);
  if (exact !== undefined) return exact;
  // "大阪県" is a slip of the suffix, not a different place; "愛知州" is not a suffix at all.
  const bare = /^(.+)[都道府県]$/u.exec(name)?.[1];
  const bySuffix = bare === undefined ? undefined : BY_JA.get(bare);
  if (bySuffix !== undefined) return bySuffix;
  // A full address ("東京都港区…") starts with the prefecture's official name.
  return PREFECTURES.find((pref) => name.startsWith(pref.ja));
}

/**
 * A prefecture by Japanese name (with or without 都道府県), kana reading or romaji, returned as its
 * official name ("愛知県"). JIS code numbers are refused: in a chat "23" reads as a menu choice.
 */
export function parsePrefecture(text: string): ParseResult<string> {
  const s = text.normalize('NFKC').trim();
  const compact = s.replace(/\s+/gu, '');
  if (compact === '') return fail('prefecture.unknown');

  const found =
    findJapanese(compact) ??
    lookupWithSuffixes(toHiragana(compact), KANA_SUFFIXES, (k) => BY_KANA.get(k)) ??
    (LATIN_ONLY.test(s)
      ? lookupWithSuffixes(s.toLowerCase().replace(/[^a-zāâīîūûēêōô]/gu, ''), ROMAJI_SUFFIXES, (k) =>
          BY_ROMAJI.get(romajiKey(k)),
        )
      : undefined);
  return found === undefined ? fail('prefecture.unknown') : ok(found.ja);
}
