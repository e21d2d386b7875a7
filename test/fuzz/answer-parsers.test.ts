import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { loadQuestionnaires } from '../../src/config/load-questionnaires.js';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { isGroup, type FieldDefinition } from '../../src/core/questionnaire/definition.js';
import { fieldValueSchema, isUnknown } from '../../src/core/questionnaire/answer-value.js';
import { acceptChoiceValue, MAX_LONG_TEXT, MAX_SHORT_TEXT, parseAnswer } from '../../src/core/questionnaire/parse-answer.js';
import { parseChoice, parseMultiChoice, type Choice } from '../../src/core/questionnaire/parse/choice.js';
import { parseCount } from '../../src/core/questionnaire/parse/count.js';
import { parseEmail } from '../../src/core/questionnaire/parse/email.js';
import { parseExactNumber } from '../../src/core/questionnaire/parse/exact-number.js';
import { parseMoney } from '../../src/core/questionnaire/parse/money.js';
import { parseMonths } from '../../src/core/questionnaire/parse/months.js';
import { normalizeForMatch, normalizeInput } from '../../src/core/questionnaire/parse/normalize-input.js';
import { parsePrefecture } from '../../src/core/questionnaire/parse/prefecture.js';
import { APPROX_PREFIXES, APPROX_SUFFIXES, stripAffixes, stripNegativeSign, stripTrailing } from '../../src/core/questionnaire/parse/strip-affixes.js';
import { isUnknownAnswer, parseYesNo } from '../../src/core/questionnaire/parse/yes-no.js';
import { PREFECTURES, regionOfPrefecture } from '../../src/core/geo/prefectures.js';
import { decideHandoffAction } from '../../src/core/handoff/decide-handoff-action.js';
import { handoffOutcomes, type Handoff } from '../../src/core/handoff/handoff.js';
import { escapeMrkdwn, quoteUserText } from '../../src/channels/slack/escape-mrkdwn.js';
import {
  anyText,
  expectResultShape,
  fullWidthDigits,
  japaneseGrouped,
  pieceText,
  runs,
  surroundingSpace,
  toFullWidth,
  withThousands,
} from './fuzz-support.js';

const translator = createTranslator();
const def = loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), translator).latest;
const ctx = buildEngineContext(def, translator);

/** Every field of the real questionnaire, group fields included, as the engine parses them. */
const FIELDS: FieldDefinition[] = def.questions.flatMap((q) => (isGroup(q) ? q.fields.map((f) => ({ ...f, id: `${q.id}.${f.id}` })) : [q]));
const choicesOf = (set: string): Choice[] => (ctx.choiceSets[set] ?? []).map((id) => ({ id, labels: ctx.choiceLabels(set, id) }));
const CHOICE_SETS = Object.keys(def.choiceSets);
const EXCLUSIVE: Record<string, string[]> = Object.fromEntries(
  FIELDS.filter((f) => f.type === 'multi_choice' && f.choices).map((f) => [f.choices ?? '', f.exclusive ?? []]),
);

const YES = ['はい', 'ハイ', 'ええ', 'うん', 'あります', 'あり', '有り', '済み', '締結済み', 'yes', 'y', 'yeah', 'yep', 'true', '1', 'sure'];
const NO = ['いいえ', 'いえ', 'ない', 'ありません', 'なし', '無し', 'no', 'n', 'nope', 'false', '2', 'none'];
const UNKNOWN = ['わからない', '分かりません', '不明', '未定', 'まだ', '検討中', "don't know", 'dont know', "I don't know", 'unknown', 'not sure', 'TBD', 'idk', '?', '？？'];

const SAMPLE = { numRuns: runs(100) };
const LIGHT = { numRuns: runs(40) };

/** Each text parser with the ok-values it may produce; `check` fails the property on a bad value. */
interface Parser {
  name: string;
  parse: (text: string) => unknown;
  codes: readonly string[];
  check: (value: unknown) => void;
  /** For checks that depend on the text too. */
  checkWith?: (text: string, value: unknown) => void;
}

/**
 * Choice sets n, n+4, n+8, … in turn, chosen by the text so that a test's sets rotate
 * deterministically; by its trimmed length, so that padding or widening it keeps the set.
 */
const pickSet = (sets: readonly string[], n: number, text: string): string => {
  const mine = sets.filter((_s, i) => i % 4 === n);
  return mine[text.trim().length % mine.length] ?? sets[0] ?? '';
};

const isSafeNonNegative = (v: unknown) => expect(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0, `value ${String(v)}`).toBe(true);
const setIds = (set: string) => ctx.choiceSets[set] ?? [];

const PARSERS: Parser[] = [
  {
    name: 'normalizeInput',
    parse: (t) => normalizeInput(t, 200),
    codes: ['input.empty', 'input.too_long', 'input.control_chars'],
    check: (v) => {
      expect(typeof v).toBe('string');
      const s = v as string;
      expect([...s].length).toBeLessThanOrEqual(200);
      expect(s).toBe(s.trim());
      expect(s.length).toBeGreaterThan(0);
      // What is stored must be valid UTF-16 and free of controls and bidi overrides.
      expect(/\p{Cs}|(?![\n\t])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u.test(s), JSON.stringify(s)).toBe(false);
    },
  },
  {
    name: 'parseMoney',
    parse: parseMoney,
    codes: ['money.invalid', 'money.negative', 'money.too_large'],
    check: (v) => {
      isSafeNonNegative(v);
      expect(v as number).toBeLessThanOrEqual(1e15);
    },
  },
  { name: 'parseCount', parse: (t) => parseCount(t), codes: ['count.invalid', 'count.not_integer', 'count.out_of_range'], check: isSafeNonNegative },
  {
    name: 'parseCount(3..5)',
    parse: (t) => parseCount(t, { min: 3, max: 5 }),
    codes: ['count.invalid', 'count.not_integer', 'count.out_of_range'],
    check: (v) => expect([3, 4, 5]).toContain(v),
  },
  {
    name: 'parseMonths',
    parse: parseMonths,
    codes: ['months.invalid', 'months.out_of_range'],
    check: (v) => {
      isSafeNonNegative(v);
      expect(v as number).toBeLessThanOrEqual(240);
    },
  },
  { name: 'parseYesNo', parse: parseYesNo, codes: ['yes_no.invalid'], check: (v) => expect(['yes', 'no']).toContain(v) },
  {
    name: 'parsePrefecture',
    parse: parsePrefecture,
    codes: ['prefecture.unknown'],
    check: (v) => {
      expect(PREFECTURES.map((p) => p.ja)).toContain(v);
      // Routing needs a region for every prefecture the parser accepts.
      expect(regionOfPrefecture(v as string)).toBeDefined();
    },
  },
  {
    name: 'parseEmail',
    parse: parseEmail,
    codes: ['email.invalid'],
    check: (v) => {
      expect(typeof v).toBe('string');
      const s = v as string;
      expect(s.length).toBeLessThanOrEqual(254);
      expect(s.split('@')).toHaveLength(2);
      expect(/\s/.test(s)).toBe(false);
    },
  },
  ...[0, 1, 2, 3].map(
    (n): Parser => ({
      // Several sets per test, picked by the text's length, so that all of them are covered without a test each.
      name: `parseChoice(sets ${n} mod 4)`,
      parse: (t) => parseChoice(t, choicesOf(pickSet(CHOICE_SETS, n, t))),
      codes: ['choice.invalid', 'choice.out_of_range', 'choice.ambiguous'],
      check: () => undefined,
      checkWith: (t, v) => expect(setIds(pickSet(CHOICE_SETS, n, t))).toContain(v),
    }),
  ),
  ...Object.entries(EXCLUSIVE).map(
    ([set, exclusive]): Parser => ({
      name: `parseMultiChoice(${set})`,
      parse: (t) => parseMultiChoice(t, choicesOf(set), { exclusive }),
      codes: ['choice.invalid', 'choice.out_of_range', 'choice.ambiguous', 'multi_choice.exclusive'],
      check: (v) => {
        expect(Array.isArray(v)).toBe(true);
        const ids = v as string[];
        expect(ids.length).toBeGreaterThan(0);
        // Deduplicated and in the order of the list, whatever order was typed.
        expect(ids).toEqual(setIds(set).filter((id) => ids.includes(id)));
        if (ids.length > 1) expect(ids.some((id) => exclusive.includes(id))).toBe(false);
      },
    }),
  ),
];

describe('fuzz: every answer parser on arbitrary text', () => {
  it.each(PARSERS.map((p) => [p.name, p] as const))('%s never throws, keeps its result shape and names known error codes', (_name, p) => {
    fc.assert(
      fc.property(fc.oneof(anyText, pieceText), (text) => {
        const r = p.parse(text);
        expectResultShape(r);
        if (r.ok) {
          p.check(r.value);
          p.checkWith?.(text, r.value);
        } else expect(p.codes, `${p.name} code`).toContain(r.code);
      }),
      SAMPLE,
    );
  });

  it.each(PARSERS.map((p) => [p.name, p] as const))('%s: surrounding whitespace does not change the result', (_name, p) => {
    fc.assert(
      fc.property(fc.oneof(anyText, pieceText), surroundingSpace, surroundingSpace, (text, before, after) => {
        expect(p.parse(`${before}${text}${after}`)).toEqual(p.parse(text));
      }),
      LIGHT,
    );
  });

  it.each(PARSERS.map((p) => [p.name, p] as const))('%s: full-width ASCII reads the same as ASCII', (_name, p) => {
    fc.assert(
      fc.property(fc.oneof(anyText, pieceText), (text) => {
        expect(p.parse(toFullWidth(text))).toEqual(p.parse(text));
      }),
      LIGHT,
    );
  });

  it('the helpers never throw and stay within their input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(typeof normalizeForMatch(text)).toBe('string');
        const stripped = stripAffixes(text, APPROX_PREFIXES, APPROX_SUFFIXES);
        expect(text.includes(stripped)).toBe(true);
        const unsigned = stripNegativeSign(text);
        if (unsigned !== undefined) expect(text.includes(unsigned)).toBe(true);
        const trailing = stripTrailing(text, '。.!?');
        expect(text.startsWith(trailing)).toBe(true);
        const exact = parseExactNumber(text);
        if (exact !== undefined) {
          expect(exact.num >= 0n && Number.isInteger(exact.scale) && exact.scale >= 0).toBe(true);
        }
        expect(typeof isUnknownAnswer(text)).toBe('boolean');
      }),
      SAMPLE,
    );
  });
});

describe('fuzz: numbers round-trip through the parsers', () => {
  const yen = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((n) => n % (1e15 + 1)));

  it('an amount of yen parses back to itself however it is written', () => {
    fc.assert(
      fc.property(yen, fc.constantFrom('', '円', ' 円', 'えん', ' yen'), fc.constantFrom('', '約', '¥', '\\', 'およそ', 'about '), fc.constantFrom('', 'くらい', '程度', 'です'), (n, unit, prefix, hedge) => {
        for (const written of [String(n), withThousands(n), fullWidthDigits(withThousands(n)), japaneseGrouped(n)]) {
          expect(parseMoney(`${prefix}${written}${unit}${hedge}`), `${prefix}${written}${unit}${hedge}`).toEqual({ ok: true, value: n });
        }
      }),
      SAMPLE,
    );
  });

  it('millions and decimals of 万/億 are exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 9 }), (whole, tenth) => {
        expect(parseMoney(`${whole} million`)).toEqual({ ok: true, value: whole * 1_000_000 });
        expect(parseMoney(`${whole}.${tenth}万円`)).toEqual({ ok: true, value: whole * 10_000 + tenth * 1000 });
        expect(parseMoney(`${whole}.${tenth}億`)).toEqual({ ok: true, value: whole * 100_000_000 + tenth * 10_000_000 });
      }),
      SAMPLE,
    );
  });

  it('a negative amount is refused as negative, never read as positive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.constantFrom('-', '−', 'ー', '▲', '△', 'マイナス', 'minus '), (n, sign) => {
        expect(parseMoney(`${sign}${withThousands(n)}円`)).toEqual({ ok: false, code: 'money.negative' });
      }),
      SAMPLE,
    );
  });

  it('a count parses back to itself and respects the bounds it is given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('', '人', '名', '社', ' people', ' employees'),
        fc.constantFrom('', '約', '従業員', 'about '),
        (n, min, span, unit, prefix) => {
          const max = min + span;
          for (const written of [String(n), withThousands(n), fullWidthDigits(String(n))]) {
            const text = `${prefix}${written}${unit}`;
            expect(parseCount(text), text).toEqual({ ok: true, value: n });
            const bounded = parseCount(text, { min, max });
            expect(bounded, text).toEqual(n >= min && n <= max ? { ok: true, value: n } : { ok: false, code: 'count.out_of_range', params: { min, max } });
          }
        },
      ),
      SAMPLE,
    );
  });

  it('a fraction is never taken as a count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 9 }), (whole, tenth) => {
        expect(parseCount(`${whole}.${tenth}人`)).toEqual({ ok: false, code: 'count.not_integer' });
      }),
      SAMPLE,
    );
  });

  it('a period in months parses back to itself in years, months and halves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 11 }), fc.constantFrom('ヶ月', 'か月', 'カ月', 'ケ月', 'ヵ月', '箇月'), (years, months, counter) => {
        const total = years * 12 + months;
        if (total <= 240) {
          expect(parseMonths(`${total}${counter}`)).toEqual({ ok: true, value: total });
          expect(parseMonths(`${total} months`)).toEqual({ ok: true, value: total });
          expect(parseMonths(`約${fullWidthDigits(String(total))}${counter}後`)).toEqual({ ok: true, value: total });
        }
        if (years > 0 && total <= 240) expect(parseMonths(`${years}年${months > 0 ? `${months}${counter}` : ''}`)).toEqual({ ok: true, value: total });
        if (years > 0 && years * 12 + 6 <= 240) expect(parseMonths(`${years}年半`)).toEqual({ ok: true, value: years * 12 + 6 });
        if (years > 0 && total <= 240) expect(parseMonths(`${years} years ${months} months`)).toEqual({ ok: true, value: total });
        if (total > 240) expect(parseMonths(`${total}ヶ月`)).toEqual({ ok: false, code: 'months.out_of_range', params: { min: 0, max: 240 } });
      }),
      SAMPLE,
    );
  });
});

describe('fuzz: names and words round-trip', () => {
  it('every prefecture is found by any of its names, in any case and width, with or without its suffix', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PREFECTURES), fc.constantFrom('ja', 'short', 'kana', 'romaji', 'ROMAJI', 'romaji-ken', 'romaji Prefecture'), fc.boolean(), (pref, form, wide) => {
        const name =
          form === 'ja' ? pref.ja
          : form === 'short' ? pref.short
          : form === 'kana' ? pref.kana
          : form === 'romaji' ? pref.romaji
          : form === 'ROMAJI' ? pref.romaji.toUpperCase()
          : form === 'romaji-ken' ? `${pref.romaji}-ken`
          : `${pref.romaji} Prefecture`;
        // "-ken" only belongs to 県; 都/道/府 have their own suffixes.
        if (form === 'romaji-ken' && !pref.ja.endsWith('県')) return;
        expect(parsePrefecture(wide ? toFullWidth(name) : name), name).toEqual({ ok: true, value: pref.ja });
      }),
      SAMPLE,
    );
  });

  it('every choice is found by its list number, its id and each of its labels', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CHOICE_SETS), fc.nat(), fc.constantFrom('%', '%番', 'No.%', '#%', '(%)', '%番です'), fc.boolean(), (set, pick, numberForm, wide) => {
        const choices = choicesOf(set);
        const i = pick % choices.length;
        const c = choices[i] as Choice;
        const numbered = numberForm.replace('%', String(i + 1));
        expect(parseChoice(wide ? toFullWidth(numbered) : numbered, choices), numbered).toEqual({ ok: true, value: c.id });
        expect(parseChoice(c.id, choices)).toEqual({ ok: true, value: c.id });
        for (const label of c.labels) {
          expect(parseChoice(label, choices), label).toEqual({ ok: true, value: c.id });
          expect(parseChoice(label.toUpperCase(), choices), label).toEqual({ ok: true, value: c.id });
        }
        expect(parseChoice(String(choices.length + 1 + (pick % 50)), choices)).toEqual({ ok: false, code: 'choice.out_of_range', params: { count: choices.length } });
      }),
      SAMPLE,
    );
  });

  it('several choices by number or label: any order, any separator, the same ids in list order', () => {
    const sets = Object.keys(EXCLUSIVE);
    fc.assert(
      fc.property(
        fc.constantFrom(...sets),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(', ', ',', '、', ' ', '，', ' / ', '・'),
        fc.constantFrom('number', 'ja', 'en'),
        (set, picks, separator, form) => {
          const choices = choicesOf(set);
          const chosen = picks.map((p) => choices[p % choices.length] as Choice);
          const typed = chosen.map((c) => (form === 'number' ? String(choices.indexOf(c) + 1) : form === 'ja' ? (c.labels[0] ?? c.id) : (c.labels[1] ?? c.id)));
          // Labels contain "・" and spaces themselves, so only list punctuation separates labels safely.
          if (form !== 'number' && /^[ ・]|\/ $/.test(separator)) return;
          const ids = setIds(set).filter((id) => chosen.some((c) => c.id === id));
          const exclusive = (EXCLUSIVE[set] ?? []).find((e) => ids.includes(e));
          const expected = ids.length > 1 && exclusive !== undefined ? { ok: false, code: 'multi_choice.exclusive', params: { choice: exclusive } } : { ok: true, value: ids };
          expect(parseMultiChoice(typed.join(separator), choices, { exclusive: EXCLUSIVE[set] ?? [] }), typed.join(separator)).toEqual(expected);
          expect(parseMultiChoice([...typed].reverse().join(separator), choices, { exclusive: EXCLUSIVE[set] ?? [] })).toEqual(expected);
        },
      ),
      SAMPLE,
    );
  });

  it('yes and no words, in any case, with closing punctuation or "です", or said twice', () => {
    fc.assert(
      fc.property(fc.constantFrom(...YES.map((w) => [w, 'yes'] as const), ...NO.map((w) => [w, 'no'] as const)), fc.constantFrom('', '。', '!', '！', '.', 'です', 'です。'), fc.boolean(), fc.boolean(), ([word, expected], tail, upper, twice) => {
        const w = upper ? word.toUpperCase() : word;
        const text = twice ? `${w}、${w}${tail}` : `${w}${tail}`;
        expect(parseYesNo(text), text).toEqual({ ok: true, value: expected });
      }),
      SAMPLE,
    );
  });

  it('"don\'t know" is never also a yes or a no (yes/no questions check it first)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...UNKNOWN, ...YES, ...NO), anyText, pieceText), fc.constantFrom('', '。', '?', 'です'), (text, tail) => {
        const t = `${text}${tail}`;
        if (isUnknownAnswer(t)) expect(parseYesNo(t).ok, t).toBe(false);
      }),
      SAMPLE,
    );
    for (const w of UNKNOWN) expect(isUnknownAnswer(w), w).toBe(true);
  });

  it('an e-mail address parses to itself, and its parse is idempotent', () => {
    const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
    const local = fc.stringMatching(/^[A-Za-z0-9._%+-]{1,30}$/);
    fc.assert(
      fc.property(local, fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/), fc.boolean(), (user, labels, tld, mailto) => {
        const address = `${user}@${labels.join('.')}.${tld}`;
        expect(parseEmail(`${mailto ? 'mailto:' : ''}${address}`)).toEqual({ ok: true, value: address });
      }),
      SAMPLE,
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parseEmail(text);
        if (r.ok) expect(parseEmail(r.value)).toEqual(r);
      }),
      SAMPLE,
    );
  });

  it('normalizeInput is idempotent: a stored answer normalises to itself', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, pieceText), fc.integer({ min: 1, max: 5000 }), (text, max) => {
        const r = normalizeInput(text, max);
        if (r.ok) expect(normalizeInput(r.value, max)).toEqual(r);
      }),
      SAMPLE,
    );
  });
});

describe('fuzz: parseAnswer on every field of intake-v1', () => {
  const field = fc.constantFrom(...FIELDS);

  it('never throws, and an accepted value has the type of its field', () => {
    fc.assert(
      fc.property(field, fc.oneof(anyText, pieceText), (f, text) => {
        const r = parseAnswer(f, text, ctx);
        expectResultShape(r);
        if (!r.ok) return;
        expect(fieldValueSchema.safeParse(r.value).success).toBe(true);
        if (isUnknown(r.value)) {
          expect(f.allowUnknown, `${f.id} took "don't know"`).toBe(true);
          return;
        }
        const v = r.value;
        switch (f.type) {
          case 'text':
          case 'long_text':
          case 'email':
            expect(typeof v).toBe('string');
            expect([...(v as string)].length).toBeLessThanOrEqual(f.maxLength ?? (f.type === 'long_text' ? MAX_LONG_TEXT : MAX_SHORT_TEXT));
            break;
          case 'integer':
            expect(Number.isSafeInteger(v)).toBe(true);
            if (f.min !== undefined) expect(v as number).toBeGreaterThanOrEqual(f.min);
            if (f.max !== undefined) expect(v as number).toBeLessThanOrEqual(f.max);
            break;
          case 'money':
          case 'months':
            expect(Number.isSafeInteger(v) && (v as number) >= 0).toBe(true);
            break;
          case 'yes_no':
            expect(['yes', 'no']).toContain(v);
            break;
          case 'prefecture':
            expect(PREFECTURES.map((p) => p.ja)).toContain(v);
            break;
          case 'choice':
            expect(setIds(f.choices ?? '')).toContain(v);
            break;
          case 'multi_choice':
            expect(Array.isArray(v) && v.length > 0 && v.every((id) => setIds(f.choices ?? '').includes(id))).toBe(true);
            break;
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('"don\'t know" is taken as unknown exactly where the field allows it (unless a choice is labelled so)', () => {
    fc.assert(
      fc.property(field, fc.constantFrom(...UNKNOWN), surroundingSpace, (f, text, space) => {
        const r = parseAnswer(f, `${space}${text}${space}`, ctx);
        const isChoice = f.type === 'choice' || f.type === 'multi_choice';
        if (f.allowUnknown && !(isChoice && r.ok && !isUnknown(r.value))) expect(r).toEqual({ ok: true, value: { unknown: true } });
        // Where the definition says why "not decided yet" cannot be the answer, the message says that reason.
        if (!f.allowUnknown && !isChoice) expect(r).toEqual({ ok: false, code: f.unknownRefused ? `unknown.refused.${f.unknownRefused}` : 'unknown.not_allowed' });
        if (!f.allowUnknown && r.ok) expect(isUnknown(r.value)).toBe(false);
      }),
      SAMPLE,
    );
  });

  it('a button value is accepted only when it is one of the field\'s ids', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('unknown', 'yes', 'no', '__proto__', 'constructor', '', ...Object.values(def.choiceSets).flat()),
      fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...Object.values(def.choiceSets).flat())), { maxLength: 12 }),
    );
    fc.assert(
      fc.property(field, value, (f, v) => {
        const r = acceptChoiceValue(f, v, ctx);
        expectResultShape(r);
        if (!r.ok) return;
        if (isUnknown(r.value)) {
          expect(f.allowUnknown && v === 'unknown').toBe(true);
          return;
        }
        const ids = f.type === 'yes_no' ? ['yes', 'no'] : setIds(f.choices ?? '');
        const got = Array.isArray(r.value) ? r.value : [r.value];
        expect(got.length).toBeGreaterThan(0);
        expect(got.every((id) => typeof id === 'string' && ids.includes(id))).toBe(true);
      }),
      SAMPLE,
    );
  });
});

describe('fuzz: other text the core and channels take from people', () => {
  const handoff: Handoff = {
    id: 'h1',
    intakeId: 'i1',
    officeId: 'kanto',
    region: 'kanto',
    status: 'claimed',
    claimedBy: 'pm-a',
    claimedAt: new Date('2026-11-24T01:00:00Z'),
    outcome: null,
    closedAt: null,
    createdAt: new Date('2026-11-20T01:00:00Z'),
    version: 1,
  };

  it('handoff notes, questions and outcomes: a decision or a known refusal, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, pieceText, fc.constantFrom(...handoffOutcomes)), fc.constantFrom('note', 'ask', 'close'), (text, kind) => {
        const action = kind === 'close' ? { kind, outcome: text } as const : { kind, text } as const;
        const r = decideHandoffAction(handoff, { pmId: 'pm-a', officeId: 'kanto', isLead: false }, action, ['pm-a'], new Date('2026-11-25T01:00:00Z'));
        if (!r.ok) {
          expectResultShape({ ok: false, code: r.code, ...(r.params ? { params: r.params } : {}) });
          return;
        }
        if (kind === 'close') expect(handoffOutcomes).toContain(text);
        else expect(r.event.body).toBe(text.trim());
      }),
      SAMPLE,
    );
  });

  it('escaped Slack text has no control sequence left and unescapes to the original', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: fc.constantFrom('<', '>', '&', '!', '@', 'channel', 'amp;', 'lt;', '|', '\n', 'x'), maxLength: 20 })), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(/[<>]/.test(escaped)).toBe(false);
        expect(escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(text);
        // Every quoted line starts as a quote, so an answer cannot end the quote and speak as the bot.
        expect(quoteUserText(text).split('\n').every((line) => line.startsWith('>'))).toBe(true);
      }),
      SAMPLE,
    );
  });
});
