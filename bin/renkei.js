#!/usr/bin/env node
// Runs the compiled output (dist/, built by `npm install`): no TypeScript loader in production.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('renkei: dist/ is missing; run `npm run build` (npm install does it).\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
