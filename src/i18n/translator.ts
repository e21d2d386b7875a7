import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TFunction } from 'i18next';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Text } from '../core/text.js';

export const locales: readonly Locale[] = ['ja', 'en'];

export const defaultLocalesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

type Tree = { [key: string]: string | string[] | Tree };

export interface Translator extends Text {
  resources(locale: Locale): Tree;
}

/** Each locales/<lng>/<file>.json becomes the subtree `<file>` of that language. */
export function loadResources(dir: string = defaultLocalesDir): Record<Locale, Tree> {
  const out = {} as Record<Locale, Tree>;
  for (const lng of locales) {
    const tree: Tree = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json')).sort()) {
      const path = join(dir, lng, file);
      try {
        tree[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path, 'utf8')) as Tree;
      } catch (err) {
        throw new Error(`locale file ${path} is not valid JSON: ${(err as Error).message}`);
      }
    }
    out[lng] = tree;
  }
  return out;
}

export interface TranslatorOptions {
  /**
   * A text whose parameter the caller did not pass throws instead of rendering. Tests turn this on,
   * so a call site that forgets a parameter fails its suite; in service the gap is left empty,
   * because a bare `{{outcomes}}` in a chat tells the person nothing.
   */
  strict?: boolean;
}

/** The error a strict translator throws for a text rendered without one of its parameters. */
export class MissingParameterError extends Error {
  readonly code = 'i18n.missing_parameter';
}

export function createTranslator(dir: string = defaultLocalesDir, options: TranslatorOptions = {}): Translator {
  const resources = loadResources(dir);
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: 'ja',
    fallbackLng: false,
    resources: { ja: { translation: resources.ja }, en: { translation: resources.en } },
    // Output goes to chat and terminals, not HTML; each channel escapes for its own markup.
    interpolation: { escapeValue: false },
    missingInterpolationHandler: (text: string, match: unknown) => {
      const name = Array.isArray(match) && typeof match[1] === 'string' ? match[1] : '';
      if (options.strict) throw new MissingParameterError(`parameter "${name}" missing for: ${text}`);
      return '';
    },
    returnNull: false,
  });
  const fixed: Record<Locale, TFunction> = { ja: instance.getFixedT('ja'), en: instance.getFixedT('en') };
  return {
    t: (locale, key, params) => fixed[locale](key, params ?? {}),
    has: (locale, key) => instance.exists(key, { lng: locale }),
    labels: (key) => locales.filter((l) => instance.exists(key, { lng: l })).map((l) => fixed[l](key)),
    list: (locale, key) => {
      const v: unknown = fixed[locale](key, { returnObjects: true });
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    },
    resources: (locale) => resources[locale],
  };
}
