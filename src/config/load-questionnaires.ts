import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGroup, type QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import { validateDefinition } from '../core/questionnaire/validate-definition.js';
import type { QuestionnaireCatalog } from '../app/questionnaire-catalog.js';
import { locales, type Translator } from '../i18n/translator.js';
import { ConfigError } from './config-error.js';

/**
 * Every version stays loadable: an intake is pinned to the version it started with, so a
 * new version never changes the questions of a consultation already under way.
 */
export function loadQuestionnaires(dir: string, tr: Translator): QuestionnaireCatalog {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^intake-v\d+\.json$/.test(f));
  } catch {
    throw new ConfigError(`questionnaire folder ${dir} cannot be read`);
  }
  if (files.length === 0) throw new ConfigError(`no questionnaire (intake-v<N>.json) in ${dir}`);
  const defs = files.map((file) => {
    const path = join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new ConfigError(`questionnaire ${path} is not valid JSON: ${(err as Error).message}`);
    }
    const check = validateDefinition(raw);
    if (!check.ok) throw new ConfigError(`questionnaire ${path}: ${check.problems.join('; ')}`);
    const missing = missingTexts(check.definition, tr);
    if (missing.length > 0) throw new ConfigError(`questionnaire ${path}: missing text ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
    return check.definition;
  });
  return catalogOf(defs);
}

export function catalogOf(defs: QuestionnaireDefinition[]): QuestionnaireCatalog {
  const sorted = [...defs].sort((a, b) => Number(a.version) - Number(b.version));
  const latest = sorted[sorted.length - 1];
  if (!latest) throw new ConfigError('no questionnaire definition');
  const byVersion = new Map(sorted.map((d) => [d.version, d]));
  return { latest, get: (v) => byVersion.get(v), versions: sorted.map((d) => d.version) };
}

/** The locale keys a definition needs, in every language, naming the question they belong to. */
export function requiredTexts(def: QuestionnaireDefinition): string[] {
  const keys = def.sections.map((s) => `sections.${s}`);
  // The reason given when "not decided yet" is refused must exist, or the person would see a key.
  const refusalKey = (reason: string | undefined) => (reason ? [`errors.unknown.refused.${reason}`] : []);
  const choiceKeys = (set: string | undefined) => (set ? (def.choiceSets[set] ?? []).map((c) => `choices.${set}.${c}`) : []);
  for (const q of def.questions) {
    if (isGroup(q)) {
      keys.push(`questions.${q.id}.label`, `questions.${q.id}.more.prompt`);
      for (const f of q.fields)
        keys.push(`questions.${q.id}.fields.${f.id}.prompt`, `questions.${q.id}.fields.${f.id}.label`, ...choiceKeys(f.choices), ...refusalKey(f.unknownRefused));
    } else {
      keys.push(`questions.${q.id}.prompt`, `questions.${q.id}.label`, ...choiceKeys(q.choices), ...refusalKey(q.unknownRefused));
    }
  }
  return keys;
}

function missingTexts(def: QuestionnaireDefinition, tr: Translator): string[] {
  return requiredTexts(def).flatMap((k) => locales.filter((l) => !tr.has(l, k)).map((l) => `${l}:${k}`));
}
