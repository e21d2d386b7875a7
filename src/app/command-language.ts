import { commandIds, recogniseCommand, type CommandVocabulary } from '../core/questionnaire/commands.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Text } from '../core/text.js';
import { locales } from '../i18n/translator.js';

const vocabularies = new WeakMap<Text, Map<Locale, CommandVocabulary>>();

function vocabularyOf(tr: Text, locale: Locale): CommandVocabulary {
  let byLocale = vocabularies.get(tr);
  if (!byLocale) vocabularies.set(tr, (byLocale = new Map()));
  const cached = byLocale.get(locale);
  if (cached) return cached;
  const vocabulary: CommandVocabulary = {};
  for (const id of commandIds) vocabulary[id] = tr.list(locale, `commands.${id}`);
  // "start" opens the consultation in the channels (it is not an engine command); its words count too.
  vocabulary.resume = [...(vocabulary.resume ?? []), ...tr.list(locale, 'commands.start')];
  byLocale.set(locale, vocabulary);
  return vocabulary;
}

/**
 * The language a typed command is in, when the message is a command word of one language only
 * and written in that language's own script: 「開始」 or 「確認」 is Japanese whatever the client's
 * language setting. Words in Latin letters say nothing — Japanese users type "skip" and "help"
 * too — so they never switch anyone to English.
 */
export function commandLanguage(text: string, tr: Text): Locale | undefined {
  if (!/[^\p{Script=Latin}\p{N}\p{P}\p{S}\s]/u.test(text.normalize('NFKC'))) return undefined;
  const recognised = locales.filter((l) => recogniseCommand(text, vocabularyOf(tr, l)) !== undefined);
  return recognised.length === 1 ? recognised[0] : undefined;
}
