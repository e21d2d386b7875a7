import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../src/config.js';

/**
 * Another process (a CLI command, a backup) holding the SQLite write lock for `ms`: a lock held
 * in the test's own process could not be let go while better-sqlite3 waits synchronously for it.
 * Resolves once the lock is held; `done` once it is let go.
 */
export async function lockFromAnotherProcess(path: string, ms: number, mode: 'IMMEDIATE' | 'EXCLUSIVE'): Promise<{ done: Promise<number | null> }> {
  // better-sqlite3 is a dependency of the Prisma adapter, not of the project: found through it.
  const driver = createRequire(join(projectRoot, 'node_modules', '@prisma', 'adapter-better-sqlite3', 'index.js')).resolve('better-sqlite3');
  const script = `const D = require(${JSON.stringify(driver)}); const db = new D(${JSON.stringify(path)}); db.exec('BEGIN ${mode}'); console.log('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the locking process exited with ${code}`)));
  });
  return { done };
}
