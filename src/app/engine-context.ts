import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import { commandIds, type CommandVocabulary } from '../core/questionnaire/commands.js';
import type { EngineContext } from '../core/questionnaire/advance.js';
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
    choiceLabels: (set, id) => tr.labels(`choices.${set}.${id}`),
    commands,
    targetLabels: (kind, id) => tr.labels(kind === 'section' ? `sections.${id}` : `questions.${id}.label`),
  };
}
