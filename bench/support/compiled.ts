import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The bench's own child scripts compiled: beside bench/, so that their relative paths to
 * test/fixtures still hold, with their imports of src/ turned into imports of dist/.
 */
const outDir = join(root, 'dist-bench');
const scripts = ['app-child.ts', 'dispatch-replica.ts', 'module-probe.ts', 'support/script.ts'];

let built = false;

/**
 * Where the bench measures production (the bot, the dispatcher replicas, the memory probe) it runs what
 * `npm start` runs: dist/, plain node, no tsx (whose loader thread alone is about 34 MiB and
 * whose transpiler runs at every start). dist/ is built again first, so the figures are those
 * of today's sources. BENCH_FROM_SOURCES=1 runs the sources through tsx instead.
 */
export function benchScript(script: string): string {
  if (process.env.BENCH_FROM_SOURCES === '1') return join(root, 'bench', script);
  buildForBench();
  if (!scripts.includes(script)) throw new Error(`bench/support/compiled.ts does not compile ${script}`);
  return join(outDir, script.replace(/\.ts$/, '.js'));
}

/** Builds dist/ and the bench's child scripts, once per bench process. */
export function buildForBench(): void {
  if (!built) {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    for (const name of scripts) {
      const { outputText } = ts.transpileModule(readFileSync(join(root, 'bench', name), 'utf8'), {
        fileName: name,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      const js = outputText.replace(/(['"])\.\.\/src\//g, '$1../dist/');
      const out = join(outDir, name.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, js);
    }
    built = true;
  }
}

/** Node's arguments for a script benchScript returned: tsx only for TypeScript. */
export const loaderArgs = (path: string): string[] => (path.endsWith('.ts') ? ['--import', 'tsx'] : []);
