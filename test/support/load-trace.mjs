// Preloaded with `node --import` by test/cli/compiled-start.test.ts: writes the URL of every module
// the process loads to the file named by RENKEI_LOAD_TRACE. Plain JavaScript on purpose, so that the
// trace itself needs no TypeScript loader. ES modules are seen by a load hook (it runs on the
// hooks thread, hence the file); CommonJS modules required from CommonJS never reach the hooks on
// Node 20, so require's cache is added when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.RENKEI_LOAD_TRACE;
if (!out) throw new Error('RENKEI_LOAD_TRACE is not set');
register(new URL('./load-trace-hooks.mjs', import.meta.url), { data: { out } });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  appendFileSync(out, Object.keys(require.cache).map((path) => `${pathToFileURL(path).href}\n`).join(''));
});
