import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator, defaultLocalesDir, loadResources } from '../../src/i18n/translator.js';
import { loadQuestionnaires, requiredTexts } from '../../src/config/load-questionnaires.js';
import { projectRoot } from '../../src/config.js';

type Tree = { [k: string]: unknown };
const keysOf = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? keysOf(v as Tree, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('locales', () => {
  const resources = loadResources();

  it('have exactly the same keys in Japanese and English', () => {
    const ja = keysOf(resources.ja).sort();
    const en = keysOf(resources.en).sort();
    expect(ja.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ja.includes(k))).toEqual([]);
  });

  it('have no empty texts except the deliberately empty examples', () => {
    for (const lng of ['ja', 'en'] as const) {
      const tr = createTranslator();
      // Judged on the text as written: one of parameters only ("{{value}}") is not empty, though it renders so without them.
      const raw = (k: string): unknown => k.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Tree)[part] : undefined), resources[lng]);
      const empty = keysOf(resources[lng]).filter((k) => !k.startsWith('ui.examples.') && (typeof raw(k) === 'string' ? String(raw(k)).trim() === '' : tr.t(lng, k).trim() === ''));
      expect(empty, lng).toEqual([]);
    }
  });

  it('cover every text the questionnaire needs, in both languages', () => {
    const tr = createTranslator();
    const catalog = loadQuestionnaires(join(projectRoot, 'config', 'questionnaire'), tr);
    for (const v of catalog.versions) {
      const def = catalog.get(v);
      if (!def) continue;
      for (const key of requiredTexts(def)) for (const lng of ['ja', 'en'] as const) expect(tr.has(lng, key), `${lng}:${key}`).toBe(true);
    }
  });

  it('cover every message key and error code the code can produce', () => {
    const tr = createTranslator();
    const sources = ['src/core', 'src/app', 'src/channels'].flatMap((d) => listTs(join(projectRoot, d)));
    const used = new Set<string>();
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/key: '((?:notice|ui|confirm)\.[a-z_.]+)'/g)) used.add(m[1] as string);
      for (const m of text.matchAll(/(?:fail|code:)\(?\s*'([a-z_]+\.[a-z_]+)'/g)) used.add(`errors.${m[1] as string}`);
    }
    expect(used.size).toBeGreaterThan(20);
    for (const key of used) for (const lng of ['ja', 'en'] as const) expect(tr.has(lng, key), `${lng}:${key}`).toBe(true);
  });

  it('are read from the locales folder', () => {
    expect(defaultLocalesDir.endsWith('locales')).toBe(true);
  });
});

import { readdirSync, statSync } from 'node:fs';
function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listTs(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}
