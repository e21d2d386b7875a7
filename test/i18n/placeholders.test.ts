import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { createTranslator, loadResources, MissingParameterError } from '../../src/i18n/translator.js';
import { translator as harnessTranslator } from '../support/harness.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { viewSubmission } from '../support/slack-requests.js';
import { startTeamsHarness, KANTO_TEAMS_CHANNEL, PM_A, type TeamsHarness } from '../support/teams-harness.js';
import { channelSubmitActivity } from '../support/teams-activities.js';
import { cardOf, textsOf } from '../support/teams-user.js';

type Tree = { [k: string]: unknown };
const resources = loadResources();
const flatten = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : typeof v === 'object' && v !== null && !Array.isArray(v) ? flatten(v as Tree, `${prefix}${k}.`) : [],
  );
const texts = { ja: new Map(flatten(resources.ja)), en: new Map(flatten(resources.en)) };
/** i18next's own parameters, which callers never pass by name. */
const BUILT_IN = new Set(['count', 'context', 'ordinal']);
const paramsOf = (text: string): string[] => [...text.matchAll(/\{\{\s*([a-zA-Z_][\w]*)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1] as string).filter((n) => !BUILT_IN.has(n));

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listTs(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The names of an object literal's top-level properties (`{ a: x, b, ...c }` → a, b, and `...` when spread). */
function literalKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let part = '';
  for (const ch of `${body},`) {
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      const p = part.trim();
      if (p.startsWith('...')) keys.push('...');
      else {
        const m = /^['"]?([\w]+)['"]?\s*(?::|$)/.exec(p);
        if (m?.[1]) keys.push(m[1]);
      }
      part = '';
    } else part += ch;
  }
  return keys;
}

/** The object literal that starts at `at` (an opening brace), or undefined. */
function literalAt(source: string, at: number): string | undefined {
  if (source[at] !== '{') return undefined;
  let depth = 0;
  for (let i = at; i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}' && --depth === 0) return source.slice(at + 1, i);
  }
  return undefined;
}

interface CallSite {
  where: string;
  key: string;
  /** Keys passed; undefined when the parameters are not a literal (a variable: not judged here). */
  passed: string[] | undefined;
}

/**
 * Every call site that names a text by a literal key: `t(…, 'key', {…})`, `tr('key', {…})`, and
 * outbound messages `{ key: 'notice.x', params: {…} }` / `{ code: 'x.y', params: {…} }`.
 */
function callSites(): CallSite[] {
  const sites: CallSite[] = [];
  for (const file of ['src'].flatMap((d) => listTs(join(projectRoot, d)))) {
    const source = readFileSync(file, 'utf8');
    const rel = relative(projectRoot, file);
    const line = (i: number) => `${rel}:${source.slice(0, i).split('\n').length}`;
    for (const m of source.matchAll(/\b(?:t|tr|say|translate)\(\s*(?:[\w.()]+,\s*)?'([a-z][\w]*(?:\.[\w]+)+)'\s*(\)|,\s*)/g)) {
      const after = (m.index ?? 0) + m[0].length;
      if (m[2] === ')') sites.push({ where: line(m.index ?? 0), key: m[1] as string, passed: [] });
      else {
        const body = literalAt(source, after);
        sites.push({ where: line(m.index ?? 0), key: m[1] as string, passed: body === undefined ? undefined : literalKeys(body) });
      }
    }
    for (const m of source.matchAll(/\{\s*kind: '(?:notice|invalid|relayed)', (key|code): '([a-z][\w]*(?:\.[\w]+)+)'(\s*\}|,\s*params: )/g)) {
      const key = m[1] === 'code' ? `errors.${m[2] as string}` : (m[2] as string);
      const after = (m.index ?? 0) + m[0].length;
      const body = m[3]?.includes('params') ? literalAt(source, after) : '';
      sites.push({ where: line(m.index ?? 0), key, passed: body === undefined ? undefined : literalKeys(body) });
    }
  }
  return sites;
}

describe('no placeholder ever reaches a person', () => {
  it('the translator of the tests throws on a parameter left out, in Japanese and in English', () => {
    const strict = createTranslator(undefined, { strict: true });
    for (const lng of ['ja', 'en'] as const) {
      expect(() => strict.t(lng, 'errors.handoff.unknown_outcome', { outcome: 'x' })).toThrow(MissingParameterError);
      expect(() => harnessTranslator.t(lng, 'notice.group_full')).toThrow(MissingParameterError);
      expect(strict.t(lng, 'notice.group_full', { max: 10 })).toContain('10');
    }
    // In service a forgotten parameter is left empty: never `{{…}}` in a chat.
    expect(createTranslator().t('ja', 'errors.handoff.unknown_outcome')).not.toContain('{{');
  });

  it('every call site with a literal key passes every parameter its text needs, in both languages', () => {
    const sites = callSites();
    expect(sites.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const site of sites) {
      if (site.passed === undefined || site.passed.includes('...')) continue;
      for (const lng of ['ja', 'en'] as const) {
        const text = texts[lng].get(site.key);
        if (text === undefined) continue;
        const missing = paramsOf(text).filter((p) => !(site.passed ?? []).includes(p));
        if (missing.length > 0) problems.push(`${site.where} ${lng}:${site.key} lacks ${missing.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no locale text has a broken placeholder (an unclosed or single brace pair)', () => {
    for (const lng of ['ja', 'en'] as const)
      for (const [key, text] of texts[lng]) {
        const stripped = text.replace(/\{\{\s*[a-zA-Z_][\w]*\s*(?:,[^}]*)?\}\}/g, '').replace(/\$t\([^)]*\)/g, '');
        expect(stripped.includes('{{') || stripped.includes('}}'), `${lng}:${key}: ${text}`).toBe(false);
      }
  });
});

describe('the close form without an outcome says which outcomes there are, through the real endpoints', () => {
  let slack: SlackHarness;
  let teams: TeamsHarness;
  beforeAll(async () => {
    slack = await startSlackHarness();
    teams = await startTeamsHarness();
  });
  afterAll(async () => {
    await slack.close();
    await teams.close();
  });

  it('Slack: the modal error lists the outcomes by name', async () => {
    const res = await slack.post(viewSubmission({ user: 'UPMA', callbackId: 'ho_modal_close', privateMetadata: 'ho_missing', values: { outcome: { value: { type: 'static_select', selected_option: null } } } }));
    const error = JSON.stringify(res.json);
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { outcome: expect.stringContaining('申請済み') } });
    expect(error).not.toContain('{{');
  });

  it('Teams: the reply in the card thread lists the outcomes by name', async () => {
    await teams.post(channelSubmitActivity(teams.standin.url, PM_A, KANTO_TEAMS_CHANNEL, 'card-1', { renkei: 'handoff', action: 'close', handoffId: 'ho_missing', outcome: '' }));
    const said = teams.standin.activities().flatMap((a) => textsOf(cardOf(a.activity))).join('\n');
    expect(said).toContain('結果を次から選んでください: 申請済み、認定済み');
    expect(said).not.toContain('{{');
  });
});
