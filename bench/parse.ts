import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distance as fastDistance } from 'fastest-levenshtein';
import { kanji2number } from '@geolonia/japanese-numeral';
import { buildEngineContext } from '../src/app/engine-context.js';
import { loadQuestionnaires } from '../src/config/load-questionnaires.js';
import { editDistance, foldKana } from '../src/core/questionnaire/parse/choice-key.js';
import { isRomaji, toHiragana } from 'wanakana';
import { parseExactNumber } from '../src/core/questionnaire/parse/exact-number.js';
import { understandAnswer } from '../src/core/questionnaire/parse-answer.js';
import { isGroup, type FieldDefinition } from '../src/core/questionnaire/definition.js';
import { createTranslator } from '../src/i18n/translator.js';
import { summarize, type Summary } from './support/stats.js';

/**
 * The answer parser's own cost (issue 12: under 1 ms per answer), on the typed-answer corpus of
 * test/fixtures/typed/ — kana, synonyms, typos that end in "did you mean", numbers in kanji and
 * words, ranges — in a loop inside this process: no database, no channel, just what a turn adds
 * by parsing. Beside it, the libraries that were tried for parts of the parser, on the same inputs.
 */
export interface ParseFigures {
  answers: number;
  rounds: number;
  /** Microseconds per answer, each answer timed on its own. */
  perAnswerUs: Summary;
  /** Microseconds per answer by question type (mean). */
  byTypeUs: Record<string, number>;
  libraries: { name: string; kept: boolean; ours: number; library: number; unit: string; note: string }[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

export async function benchParse(rounds = 20): Promise<ParseFigures> {
  const tr = createTranslator();
  const catalog = loadQuestionnaires(join(root, 'config', 'questionnaire'), tr);
  const def = catalog.get(catalog.versions.at(-1) ?? '1');
  if (!def) throw new Error('no questionnaire installed');
  const ctx = buildEngineContext(def, tr);
  const field = (id: string): FieldDefinition => {
    const q = def.questions.find((x) => x.id === id);
    if (q && !isGroup(q)) return q;
    const [group, name] = id.split(/\.(?=[a-z_]+$)/u);
    const g = def.questions.find((x) => x.id === group);
    const f = g && isGroup(g) ? g.fields.find((x) => x.id === name) : undefined;
    if (!f) throw new Error(`unknown question ${id}`);
    return f;
  };
  const dir = join(root, 'test', 'fixtures', 'typed');
  const corpus = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { question: string; cases: [string, unknown][] }[]).flatMap((g) => g.cases.map(([typed]) => ({ field: field(g.question), typed }))));

  // Warm-up: JIT and the label-key cache, as in a bot that has answered a few turns.
  for (const c of corpus) understandAnswer(c.field, c.typed, ctx);
  const times: number[] = [];
  const byType = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++)
    for (const c of corpus) {
      const started = performance.now();
      understandAnswer(c.field, c.typed, ctx);
      const us = (performance.now() - started) * 1000;
      times.push(us);
      const list = byType.get(c.field.type) ?? [];
      list.push(us);
      byType.set(c.field.type, list);
    }

  const libraries: ParseFigures['libraries'] = [];
  const pairs = corpus.map((c) => c.typed.normalize('NFKC').toLowerCase()).flatMap((a) => ['manufacturing', 'service maintenance', 'せいぞう', 'とっきょしゅとくずみ'].map((b) => [a.slice(0, 48), b] as const));
  const timeEach = (fn: () => void, n: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) fn();
    return ((performance.now() - started) * 1000) / n;
  };
  let sink = 0;
  const ours = timeEach(() => { for (const [a, b] of pairs) sink += editDistance(a, b); }, 20) / pairs.length;
  const theirs = timeEach(() => { for (const [a, b] of pairs) sink += fastDistance(a, b); }, 20) / pairs.length;
  libraries.push({ name: 'fastest-levenshtein', kept: false, ours, library: theirs, unit: 'µs per pair', note: 'edit distance of a typed key and a label key' });
  const numerals = ['一億二千万', '二千万', '四十五', '2千5百万', '千二百', '三百', '1.5億'];
  const oursN = timeEach(() => { for (const n of numerals) sink += Number(parseExactNumber(n)?.num ?? 0n); }, 2000) / numerals.length;
  const theirsN = timeEach(() => { for (const n of numerals) sink += kanji2number(n); }, 2000) / numerals.length;
  libraries.push({ name: '@geolonia/japanese-numeral', kept: false, ours: oursN, library: theirsN, unit: 'µs per numeral', note: `kanji2number("1.5億") = ${kanji2number('1.5億')} (ours: 150,000,000)` });
  // wanakana is kept: romaji to kana has no hand-written equivalent here; its cost per Latin answer.
  const latin = corpus.map((c) => c.typed).filter((t) => /^[a-z ]{3,40}$/iu.test(t));
  const oursK = timeEach(() => { for (const t of latin) sink += foldKana(t).length; }, 200) / latin.length;
  const theirsK = timeEach(() => { for (const t of latin) sink += (isRomaji(t) ? toHiragana(t) : t).length; }, 200) / latin.length;
  libraries.push({ name: 'wanakana', kept: true, ours: oursK, library: theirsK, unit: 'µs per Latin answer', note: 'romaji reading of a typed answer (ours: katakana folding only, which cannot read romaji)' });
  if (sink === Number.MIN_VALUE) process.stdout.write('');

  return {
    answers: corpus.length,
    rounds,
    perAnswerUs: summarize(times),
    byTypeUs: Object.fromEntries([...byType].map(([t, v]) => [t, v.reduce((a, b) => a + b, 0) / v.length])),
    libraries,
  };
}

/** `tsx bench/parse.ts` runs this part alone and prints its figures. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await benchParse(process.argv.includes('--quick') ? 3 : 20);
  const s = figures.perAnswerUs;
  process.stdout.write(
    [
      `answer parser: ${figures.answers} typed answers × ${figures.rounds} rounds`,
      `per answer: mean ${s.mean.toFixed(1)} µs, p50 ${s.p50.toFixed(1)} µs, p99 ${s.p99.toFixed(1)} µs, max ${s.max.toFixed(1)} µs (target < 1000 µs)`,
      ...Object.entries(figures.byTypeUs).map(([t, us]) => `  ${t.padEnd(13)} ${us.toFixed(1)} µs`),
      ...figures.libraries.map((l) => `${l.name} (${l.kept ? 'kept' : 'tried, not used'}): ours ${l.ours.toFixed(2)} vs library ${l.library.toFixed(2)} ${l.unit} — ${l.note}`),
      '',
    ].join('\n'),
  );
}
