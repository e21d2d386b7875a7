import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the bot's resident memory comes from before its first message: RSS after forced
 * collections as each layer is imported in turn, in a fresh process run like the bot
 * (compiled, plain node: bench/support/compiled.ts). Run by bench/memory.ts; prints JSON.
 */
const steps: { step: string; rss: number; heapUsed: number }[] = [];
const mark = (step: string) => {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  steps.push({ step, rss: m.rss, heapUsed: m.heapUsed });
};
mark('node');
await import('zod');
mark('+ zod');
await import('../src/store/database.js');
mark('+ Prisma clients and database drivers');
await import('../src/main.js');
mark('+ the application code (main.js and what it imports)');
await import('@slack/bolt');
mark('+ @slack/bolt');
await import('botbuilder');
mark('+ botbuilder');
const { composeApp } = await import('../src/main.js');
const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-probe-'));
const app = await composeApp({ env: { PATH: process.env.PATH, DATABASE_URL: `file:${join(dir, 'r.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans') } });
await app.database.db.intake.count();
mark('+ the app composed (config, data files, translations, database open and migrated, one query)');
await app.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify(steps));
