import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { loadQuestionnaires } from '../../src/config/load-questionnaires.js';
import { buildEngineContext } from '../../src/app/engine-context.js';
import { splitRemindArgs } from '../../src/app/split-remind-args.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { commandIds, recogniseCommand, type CommandId } from '../../src/core/questionnaire/commands.js';
import { createBusinessCalendar } from '../../src/core/calendar/business-calendar.js';
import { JP_HOLIDAYS_2025_2027 } from '../../src/core/calendar/jp-holidays.fixture.js';
import { parseWhen, WHEN_ERRORS, WHEN_MAX_DAYS_AHEAD } from '../../src/core/calendar/parse-when.js';
import { DAY_MS, fromTokyo, HOUR_MS, MINUTE_MS, tokyoParts } from '../../src/core/calendar/tokyo-time.js';
import { anyText, expectResultShape, pieceText, runs, surroundingSpace, toFullWidth } from './fuzz-support.js';

const translator = createTranslator();
const def = loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), translator).latest;
const vocabulary = buildEngineContext(def, translator).commands;

const SAMPLE = { numRuns: runs(200) };

// ---------------------------------------------------------------------------------------------
// Commands

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
const TAKES_ARGUMENT: readonly CommandId[] = ['edit', 'lang', 'remove'];
const WORDS: Array<{ command: CommandId; word: string }> = commandIds.flatMap((command) => (vocabulary[command] ?? []).map((word) => ({ command, word })));
/** A word listed under two commands belongs to the first in `commandIds` order. */
const ownerOf = (word: string): CommandId | undefined => commandIds.find((c) => (vocabulary[c] ?? []).some((w) => fold(w) === fold(word)));
/** Lower-case Latin words no vocabulary contains: an answer's words. */
const plainWord = fc.stringMatching(/^zq[a-z]{1,8}$/);

describe('fuzz: the command recogniser', () => {
  it('never throws, and recognises only known commands, with an argument only where one is taken', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, pieceText, fc.constantFrom(...WORDS.map((w) => w.word)).chain((w) => fc.tuple(fc.constant(w), anyText).map(([a, b]) => `${a}${b}`))), (text) => {
        const r = recogniseCommand(text, vocabulary);
        if (r === undefined) return;
        expect(commandIds).toContain(r.command);
        expect(Object.keys(r).every((k) => k === 'command' || k === 'arg')).toBe(true);
        if (r.arg !== undefined) {
          expect(TAKES_ARGUMENT).toContain(r.command);
          expect(r.arg.length).toBeGreaterThan(0);
          expect(r.arg).toBe(r.arg.trim());
        }
        // A pasted paragraph is an answer, whatever it starts with.
        expect(fold(text).length).toBeLessThanOrEqual(81);
      }),
      SAMPLE,
    );
  });

  it('every command word of both languages is recognised however it is typed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WORDS), fc.boolean(), fc.boolean(), fc.boolean(), surroundingSpace, surroundingSpace, ({ word }, slash, upper, wide, before, after) => {
        let typed = upper ? word.toUpperCase() : word;
        if (slash) typed = `/${typed}`;
        if (wide) typed = toFullWidth(typed);
        expect(recogniseCommand(`${before}${typed}${after}`, vocabulary), typed).toEqual({ command: ownerOf(word) });
      }),
      SAMPLE,
    );
  });

  it('"edit", "lang" and "remove" take what follows as their argument when it is one of theirs', () => {
    const argWords = WORDS.filter((w) => TAKES_ARGUMENT.includes(w.command));
    const argumentsOf: Record<string, fc.Arbitrary<string>> = {
      edit: fc.oneof(fc.integer({ min: 1, max: 999 }).map(String), fc.constantFrom('資金', 'funding', '会社名', 'company name', 'q3', '3番')),
      lang: fc.constantFrom('en', 'ja', '日本語', '英語', 'english'),
      remove: fc.oneof(fc.integer({ min: 1, max: 999 }).map(String), fc.constantFrom('2番目', '#2')),
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...argWords).chain((w) => fc.tuple(fc.constant(w), argumentsOf[w.command] ?? fc.constant('1'))),
        fc.constantFrom(' ', '  ', '\u3000'),
        ([{ word }, arg], space) => {
          const r = recogniseCommand(`${word}${space}${arg}`, vocabulary, (command, a) => command !== 'edit' || /^(資金|funding|会社名|company name|q?\d+番?)$/.test(a));
          expect(r, `${word} ${arg}`).toEqual({ command: ownerOf(word), arg: fold(arg) });
        },
      ),
      SAMPLE,
    );
  });

  it('a command word followed by anything that is not its argument is an answer (「修正液の新製法」, "change management")', () => {
    const argWords = WORDS.filter((w) => TAKES_ARGUMENT.includes(w.command));
    fc.assert(
      fc.property(fc.constantFrom(...argWords), fc.array(plainWord, { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '', '\u3000'), ({ word }, rest, space) => {
        const text = `${word}${space}${rest.join(' ')}`;
        expect(recogniseCommand(text, vocabulary), text).toBeUndefined();
      }),
      SAMPLE,
    );
  });

  it('an answer that merely starts with a command word stays an answer', () => {
    const plain = WORDS.filter((w) => !TAKES_ARGUMENT.includes(w.command));
    fc.assert(
      fc.property(fc.constantFrom(...plain), fc.array(plainWord, { minLength: 1, maxLength: 4 }), ({ word }, rest) => {
        const text = `${word} ${rest.join(' ')}`;
        expect(recogniseCommand(text, vocabulary), text).toBeUndefined();
      }),
      SAMPLE,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// When

const cal = createBusinessCalendar({ holidays: new Set(JP_HOLIDAYS_2025_2027) });
/** Instants in 2025–2026, so that a year ahead stays inside the holiday data (2025–2027). */
const now = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms));
const ERROR_CODES: readonly string[] = Object.values(WHEN_ERRORS);

const WHEN_PHRASES = [
  '3日後', '3営業日後', '明日10時', '明後日', '来週月曜', '来週の金曜日 9:30', '12月1日 10:00', '2026-12-01 10:00', '今月末', '31日',
  'in 3 days', 'tomorrow 9am', 'next monday', 'dec 1 10:00', '1 december', 'in an hour', 'at noon', '2時間後', '午後3時半', '10時',
  'in 3 business hours', 'friday (fri)', '12/1(火)', '今日', 'today 17:00', '99999999日後', '2月30日', '25:00', '0時',
];
const whenText = fc.oneof(
  anyText,
  pieceText,
  fc.constantFrom(...WHEN_PHRASES),
  fc.array(fc.constantFrom(...WHEN_PHRASES), { minLength: 2, maxLength: 3 }).map((ps) => ps.join(' ')),
);

const pad = (n: number) => String(n).padStart(2, '0');

describe('fuzz: parseWhen', () => {
  it('never throws; a time it accepts is ahead, within a year, and moved only into a business slot', () => {
    fc.assert(
      fc.property(whenText, now, fc.constantFrom('ja' as const, 'en' as const), (text, at, locale) => {
        const r = parseWhen(text, at, cal, locale);
        expectResultShape(r);
        if (!r.ok) {
          expect(ERROR_CODES).toContain(r.code);
          if (r.code === WHEN_ERRORS.tooFar) expect(r.params).toEqual({ maxDays: WHEN_MAX_DAYS_AHEAD });
          return;
        }
        const { requested, at: sendAt, adjusted } = r.value;
        expect(Number.isFinite(requested.getTime()) && Number.isFinite(sendAt.getTime())).toBe(true);
        expect(requested.getTime()).toBeGreaterThan(at.getTime());
        expect(requested.getTime() - at.getTime()).toBeLessThanOrEqual(WHEN_MAX_DAYS_AHEAD * DAY_MS);
        expect(sendAt.getTime()).toBeGreaterThanOrEqual(requested.getTime());
        expect(adjusted).toBe(sendAt.getTime() !== requested.getTime());
        expect(cal.isBusinessSlot(sendAt)).toBe(true);
      }),
      { numRuns: runs(400) },
    );
  });

  it('the same in either locale, full width, upper case or padded with spaces', () => {
    fc.assert(
      fc.property(whenText, now, surroundingSpace, (text, at, space) => {
        const base = parseWhen(text, at, cal, 'ja');
        expect(parseWhen(text, at, cal, 'en')).toEqual(base);
        expect(parseWhen(`${space}${text}${space}`, at, cal, 'ja')).toEqual(base);
        expect(parseWhen(toFullWidth(text), at, cal, 'ja')).toEqual(base);
        expect(parseWhen(text.replace(/[a-z]/g, (c) => c.toUpperCase()), at, cal, 'ja')).toEqual(base);
      }),
      SAMPLE,
    );
  });

  it('"N日後", "in N days", "N時間後" and "N分後" are exactly that far ahead', () => {
    fc.assert(
      fc.property(now, fc.integer({ min: 1, max: WHEN_MAX_DAYS_AHEAD }), fc.integer({ min: 1, max: 24 * 30 }), (at, days, hours) => {
        const later = (text: string) => {
          const r = parseWhen(text, at, cal, 'ja');
          return r.ok ? r.value.requested.getTime() - at.getTime() : r.code;
        };
        expect(later(`${days}日後`)).toBe(days * DAY_MS);
        expect(later(`in ${days} days`)).toBe(days * DAY_MS);
        expect(later(`${hours}時間後`)).toBe(hours * HOUR_MS);
        expect(later(`in ${hours} hours`)).toBe(hours * HOUR_MS);
        expect(later(`${hours}分後`)).toBe(hours * MINUTE_MS);
        expect(later(`${WHEN_MAX_DAYS_AHEAD + days}日後`)).toBe(WHEN_ERRORS.tooFar);
      }),
      SAMPLE,
    );
  });

  it('a date and time written out parses back to that instant, in every way of writing it', () => {
    fc.assert(
      fc.property(now, fc.integer({ min: 1, max: 360 * 24 * 60 }), (at, minutesAhead) => {
        const target = new Date(Math.ceil(at.getTime() / MINUTE_MS) * MINUTE_MS + minutesAhead * MINUTE_MS);
        const p = tokyoParts(target);
        expect(fromTokyo(p.year, p.month, p.day, p.hour, p.minute).getTime()).toBe(target.getTime());
        for (const text of [
          `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`,
          `${p.year}/${p.month}/${p.day} ${p.hour}:${pad(p.minute)}`,
          `${p.year}年${p.month}月${p.day}日 ${p.hour}時${p.minute}分`,
          `${p.month}月${p.day}日の${p.hour}時${p.minute}分に`,
          `${p.month}/${p.day} ${p.hour}:${pad(p.minute)}`,
          `${['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'][p.month - 1]} ${p.day}, ${p.year} ${p.hour}:${pad(p.minute)}`,
        ]) {
          // Without a year the next occurrence is meant, which is the target while it is less than a year ahead.
          const r = parseWhen(text, at, cal, 'en');
          expect(r.ok ? r.value.requested.toISOString() : r.code, text).toBe(target.toISOString());
        }
      }),
      SAMPLE,
    );
  });
});

describe('fuzz: splitting "remind <target> <when> <message>"', () => {
  it('never throws; the target is the first word and the when and message are the rest, in order', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.array(fc.oneof(whenText, plainWord, pieceText), { maxLength: 8 }).map((ws) => ws.join(' '))), now, (text, at) => {
        const r = splitRemindArgs(text, at, cal, 'ja');
        const words = text.normalize('NFKC').trim().split(/\s+/).filter((w) => w.length > 0);
        if (words.length < 3) {
          expect(r).toBeNull();
          return;
        }
        expect(r).not.toBeNull();
        if (r === null) return;
        expect(r.target).toBe(words[0]);
        expect(r.when.length).toBeGreaterThan(0);
        expect(r.message.length).toBeGreaterThan(0);
        expect(`${r.when} ${r.message}`).toBe(words.slice(1).join(' '));
      }),
      SAMPLE,
    );
  });

  it('a well-formed command splits back into its target, when and message', () => {
    const goodWhen = ['明日10時', '明日 10時', '3日後', '来週月曜 9:30', 'tomorrow 9am', 'next monday 10:00', 'dec 1 10:00', 'in 3 days', '12月1日 10:00'];
    fc.assert(
      fc.property(
        fc.stringMatching(/^(?:in_[a-z0-9]{8}|pm-[a-z]{3,8})$/),
        fc.constantFrom(...goodWhen),
        fc.array(fc.oneof(plainWord, fc.constantFrom('見積書をお送りください', 'call', 'the', 'bank', 'お電話ください')), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 10, 1) }).map((ms) => new Date(ms)),
        (target, when, message, at) => {
          expect(splitRemindArgs(`${target} ${when} ${message.join(' ')}`, at, cal, 'ja')).toEqual({ target, when, message: message.join(' ') });
        },
      ),
      SAMPLE,
    );
  });
});
