import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { summarize, type Summary } from './support/stats.js';
import { buildForBench } from './support/compiled.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface StartupFigures {
  /** `npm start` in local mode until the first question is on screen; the first run creates and migrates the database. */
  npmStartCold: number;
  npmStart: Summary;
  /** The same without npm's launcher: `node bin/renkei.js start`. */
  nodeStart: Summary;
  /** Baselines, process start to exit. */
  bareNode: Summary;
  nodeWithTsx: Summary;
  /** `node --import tsx` importing @slack/bolt and exiting: what local mode pays for Bolt, which it never uses. */
  tsxWithBolt: Summary;
  firstScreen: string;
  /** Packages of the chat platforms that importing the CLI (as local mode does) loads. */
  sdksInLocalMode: string[];
}

/** An environment without Slack or Teams settings: local mode, the terminal chat on SQLite. */
const localEnv = (dir: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATABASE_URL: `file:${join(dir, 'renkei.db')}`,
  RENKEI_PLANS_DIR: join(dir, 'plans'),
  RENKEI_LOCAL_USER: 'bench-startup',
});

/** Milliseconds from spawning `command` until its first line that is not npm's own banner; then it is told to quit. */
function untilFirstPrompt(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; screen: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    let seen: { ms: number; screen: string } | null = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (seen) return;
      const lines = out.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> '));
      if (lines.length === 0) return;
      seen = { ms: performance.now() - started, screen: lines.join('\n') };
      // Closing stdin ends the chat, as Ctrl-D would.
      child.stdin.end();
    });
    child.once('error', reject);
    child.once('exit', (code) => (seen ? resolve(seen) : reject(new Error(`${command} ${args.join(' ')} exited with ${code} before showing a prompt`))));
  });
}

function untilExit(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} exited with ${code}`))));
  });
}

const SDKS = ['@slack/bolt', '@slack/web-api', 'botbuilder', '@line/bot-sdk', 'express', 'pg', 'docx', 'vega', 'prom-client'];

/**
 * Which SDKs and heavy libraries the compiled CLI (`dist/cli.js`, as every command, local mode
 * included, imports it) pulls in, seen by the module trace of test/support/load-trace.mjs.
 */
function sdksLoadedByCli(dir: string): string[] {
  const trace = join(dir, 'load-trace.txt');
  execFileSync(process.execPath, ['--import', join(root, 'test', 'support', 'load-trace.mjs'), '--input-type=module', '-e', `await import(${JSON.stringify(join(root, 'dist', 'cli.js'))});`], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, RENKEI_LOAD_TRACE: trace },
    stdio: 'ignore',
  });
  const loaded = readFileSync(trace, 'utf8');
  return z.array(z.string()).parse(SDKS.filter((p) => loaded.includes(`/node_modules/${p}/`)));
}

export async function benchStartup(runs = 5): Promise<StartupFigures> {
  // `npm start` runs dist/: built from today's sources first.
  buildForBench();
  const dir = mkdtempSync(join(tmpdir(), 'renkei-bench-start-'));
  try {
    const env = localEnv(dir);
    const cold = await untilFirstPrompt('npm', ['start'], env);
    const npm: number[] = [];
    const node: number[] = [];
    const bare: number[] = [];
    const tsx: number[] = [];
    const bolt: number[] = [];
    // Interleaved, so a burst of load elsewhere on the machine touches every series alike.
    for (let i = 0; i < runs; i++) {
      npm.push((await untilFirstPrompt('npm', ['start'], env)).ms);
      node.push((await untilFirstPrompt(process.execPath, ['bin/renkei.js', 'start'], env)).ms);
      bare.push(await untilExit(process.execPath, ['-e', '']));
      tsx.push(await untilExit(process.execPath, ['--import', 'tsx', '-e', '']));
      bolt.push(await untilExit(process.execPath, ['--import', 'tsx', '-e', "await import('@slack/bolt')"]));
    }
    return { npmStartCold: cold.ms, npmStart: summarize(npm), nodeStart: summarize(node), bareNode: summarize(bare), nodeWithTsx: summarize(tsx), tsxWithBolt: summarize(bolt), firstScreen: cold.screen, sdksInLocalMode: sdksLoadedByCli(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchStartup(Number(process.env.BENCH_RUNS ?? 5)), null, 2));
