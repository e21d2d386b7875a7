import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction of docs/architecture: core/ is pure domain and imports nothing
 * but zod and itself; time reaches it through ports; only store/ touches Prisma.
 * Imports are read from the TypeScript syntax tree, so comments and strings never count and
 * `export … from`, `import type`, `import()` and `require()` all do.
 */

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));
const coreDir = join(srcDir, 'core');
const storeDir = join(srcDir, 'store');
const generatedDir = join(storeDir, 'generated');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const isTest = (file: string) => /\.test\.ts$/.test(file);
const show = (file: string) => relative(join(srcDir, '..'), file).split(sep).join('/');
const inside = (dir: string, file: string) => file === dir || file.startsWith(dir + sep);

interface Found {
  specifier: string;
  line: number;
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    parsed.set(file, source);
  }
  return source;
}

const lineOf = (source: ts.SourceFile, node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

function importsOf(source: ts.SourceFile): Found[] {
  const found: Found[] = [];
  const add = (node: ts.Node, spec: ts.Node | undefined) => {
    if (spec && ts.isStringLiteralLike(spec)) found.push({ specifier: spec.text, line: lineOf(source, node) });
    else if (spec) found.push({ specifier: `<computed: ${spec.getText(source)}>`, line: lineOf(source, node) });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require'))
        add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `new Date()` / `new Date` (the current time) and `Date.now()`; `new Date(value)` is fine. */
function clockReadsOf(source: ts.SourceFile): Found[] {
  const found: Found[] = [];
  const isDate = (e: ts.Expression) => ts.isIdentifier(e) && e.text === 'Date';
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && isDate(node.expression) && (node.arguments?.length ?? 0) === 0)
      found.push({ specifier: node.getText(source), line: lineOf(source, node) });
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      isDate(node.expression.expression) &&
      node.expression.name.text === 'now'
    )
      found.push({ specifier: node.getText(source), line: lineOf(source, node) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Why a core file may not import `specifier`, or null when it may. */
function coreImportProblem(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    return inside(coreDir, target) ? null : `leaves src/core (resolves to ${show(target)})`;
  }
  if (specifier === 'zod' || specifier.startsWith('zod/')) return null;
  if (specifier === 'vitest') return isTest(file) ? null : 'vitest outside a test file';
  if (specifier.startsWith('node:')) return 'a Node built-in: I/O belongs behind a port';
  return 'only zod, vitest (in tests) and relative paths inside src/core are allowed';
}

describe('src/core is pure domain', () => {
  const files = tsFiles(coreDir);

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.some(isTest)).toBe(true);
  });

  it('imports nothing but zod, vitest (tests only) and itself', () => {
    const violations = files.flatMap((file) =>
      importsOf(parse(file)).flatMap(({ specifier, line }) => {
        const problem = coreImportProblem(file, specifier);
        return problem ? [`${show(file)}:${line} imports "${specifier}": ${problem}`] : [];
      }),
    );
    expect(violations, violations.join('\n')).toEqual([]);
  });

  it('never reads the clock outside tests (time comes in through ports)', () => {
    const violations = files
      .filter((file) => !isTest(file))
      .flatMap((file) => clockReadsOf(parse(file)).map(({ specifier, line }) => `${show(file)}:${line} reads the clock: ${specifier}`));
    expect(violations, violations.join('\n')).toEqual([]);
  });

  // The checker must itself catch what it is meant to catch.
  it('recognises forbidden imports and clock reads in every syntactic form', () => {
    const file = join(coreDir, 'questionnaire', 'example.ts');
    const source = ts.createSourceFile(
      file,
      [
        "import { readFileSync } from 'node:fs';",
        "import type { App } from '@slack/bolt';",
        "export { x } from '../../store/generated/sqlite/client.js';",
        "const pg = require('pg');",
        "const later = () => import('i18next');",
        "type T = import('botbuilder').TurnContext;",
        "import { ok } from './result.js';",
        "import { z } from 'zod';",
        '// new Date() in a comment does not count',
        "const s = 'Date.now() in a string does not count';",
        'const a = new Date(); const b = Date.now(); const c = new Date; const d = new Date(0);',
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    const flagged = importsOf(source)
      .filter((f) => coreImportProblem(file, f.specifier) !== null)
      .map((f) => f.specifier);
    expect(flagged).toEqual(['node:fs', '@slack/bolt', '../../store/generated/sqlite/client.js', 'pg', 'i18next', 'botbuilder']);
    expect(clockReadsOf(source).map((f) => f.specifier)).toEqual(['new Date()', 'Date.now()', 'new Date']);
    expect(coreImportProblem(join(coreDir, 'x.test.ts'), 'vitest')).toBeNull();
    expect(coreImportProblem(join(coreDir, 'x.ts'), 'vitest')).not.toBeNull();
  });
});

describe('only src/store touches Prisma', () => {
  const prismaImport = (file: string, specifier: string): boolean => {
    if (specifier.startsWith('.')) return inside(generatedDir, resolve(dirname(file), specifier));
    return specifier.startsWith('@prisma/') || specifier.startsWith('.prisma/') || specifier === 'prisma';
  };

  it('src/channels, src/app and everything else outside src/store import neither @prisma/* nor store/generated', () => {
    const files = tsFiles(srcDir).filter((f) => !inside(storeDir, f));
    expect(files.some((f) => inside(join(srcDir, 'app'), f))).toBe(true);
    expect(files.some((f) => inside(join(srcDir, 'channels'), f))).toBe(true);
    const violations = files.flatMap((file) =>
      importsOf(parse(file))
        .filter(({ specifier }) => prismaImport(file, specifier))
        .map(({ specifier, line }) => `${show(file)}:${line} imports "${specifier}"; only src/store may use Prisma`),
    );
    expect(violations, violations.join('\n')).toEqual([]);
  });
});

/** Import cycles among the given files, each as the chain of files that closes it. */
function cyclesAmong(files: string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(
    files.map((file) => [
      file,
      importsOf(parse(file))
        .filter(({ specifier }) => specifier.startsWith('.'))
        .map(({ specifier }) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts'))
        .filter((target) => known.has(target)),
    ]),
  );
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe('modules under src/ form no import cycle', () => {
  it('(type imports included: a cycle of types is still two modules that cannot be read apart)', () => {
    const files = tsFiles(srcDir).filter((f) => !isTest(f) && !inside(generatedDir, f));
    const cycles = cyclesAmong(files).map((c) => c.map(show).join(' → '));
    expect(cycles, cycles.join('\n')).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const a = join(srcDir, 'app', 'cycle-a.ts');
    const b = join(srcDir, 'app', 'cycle-b.ts');
    parsed.set(a, ts.createSourceFile(a, "import type { B } from './cycle-b.js';", ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
    parsed.set(b, ts.createSourceFile(b, "import { a } from './cycle-a.js';", ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
    expect(cyclesAmong([a, b]).map((c) => c.map(show))).toEqual([['src/app/cycle-a.ts', 'src/app/cycle-b.ts', 'src/app/cycle-a.ts']]);
  });
});
