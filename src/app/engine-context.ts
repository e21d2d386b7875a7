import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import { commandIds, type CommandVocabulary } from '../core/questionnaire/commands.js';
import type { EngineContext } from '../core/questionnaire/advance.js';
import { isRomaji, toHiragana } from 'wanakana';
import { locales, type Translator } from '../i18n/translator.js';

// Built once per questionnaire version and translator: every turn needs it, and listing the
// command words of both languages cost more than a tenth of a turn's CPU (docs/benchmarks.md).
const built = new WeakMap<Translator, WeakMap<QuestionnaireDefinition, EngineContext>>();

/** The words of every language go to the engine, so a Japanese user may type "skip" and vice versa. */
export function buildEngineContext(def: QuestionnaireDefinition, tr: Translator): EngineContext {
  let byDefinition = built.get(tr);
  if (!byDefinition) built.set(tr, (byDefinition = new WeakMap()));
  const cached = byDefinition.get(def);
  if (cached) return cached;
  const context = contextFor(def, tr);
  byDefinition.set(def, context);
  return context;
}

function contextFor(def: QuestionnaireDefinition, tr: Translator): EngineContext {
  const commands: CommandVocabulary = {};
  for (const id of commandIds) commands[id] = locales.flatMap((l) => tr.list(l, `commands.${id}`));
  return {
    choiceSets: { ...def.choiceSets, yes_no: ['yes', 'no'] },
    choiceLabels: choiceNames(def, tr),
    reading: romajiReading,
    commands,
    targetLabels: (kind, id) => tr.labels(kind === 'section' ? `sections.${id}` : `questions.${id}.label`),
  };
}

/**
 * Every name a choice answers to: its labels in both languages, then the aliases, kana readings
 * and romaji of locales/<lng>/aliases.json. Listed once per set, not on every answer.
 */
function choiceNames(def: QuestionnaireDefinition, tr: Translator): (set: string, id: string) => string[] {
  const names = new Map<string, string[]>();
  for (const [set, ids] of Object.entries({ ...def.choiceSets, yes_no: ['yes', 'no'] }))
    for (const id of ids)
      names.set(`${set}.${id}`, [...tr.labels(`choices.${set}.${id}`), ...locales.flatMap((l) => tr.list(l, `aliases.${set}.${id}`))]);
  return (set, id) => names.get(`${set}.${id}`) ?? tr.labels(`choices.${set}.${id}`);
}

// Romaji is how a Japanese label gets typed on a keyboard without an IME ("seizou", "oroshiuri").
// wanakana turns it into the hiragana the aliases list as readings; English words come out as
// nonsense kana that match nothing, so the reading is only ever an extra key.
const romajiReading = (text: string): string | undefined => {
  const latin = text.normalize('NFKC').toLowerCase().trim();
  if (latin.length < 3 || latin.length > 40 || !isRomaji(latin)) return undefined;
  const kana = toHiragana(latin.replace(/\s+/g, ''));
  return /[a-z]/.test(kana) ? undefined : kana;
};
