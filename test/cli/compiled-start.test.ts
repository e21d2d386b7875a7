import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-compiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// dist/ is what `npm install` builds; built again here so the test checks today's sources, not a stale build.
beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'build'], { cwd: projectRoot });
}, 180_000);

const packageJson = z.object({ bin: z.object({ renkei: z.string() }), scripts: z.record(z.string(), z.string()) });

/**
 * `node bin/renkei.js start`, traced, until `ready` appears; then it is asked to stop (stdin closed
 * for the terminal chat, SIGTERM for the server). The environment is built from nothing, so no
 * Slack, Teams, LINE or PostgreSQL setting of the machine leaks in.
 */
async function tracedStart(ready: string, stop: 'close stdin' | 'SIGTERM', extraEnv: Record<string, string> = {}, beforeStop: (screen: string) => Promise<void> = async () => undefined): Promise<{ screen: string; code: number | null; modules: string[] }> {
  const trace = join(dir, `trace-${Date.now()}.txt`);
  const child = spawn(process.execPath, ['--import', join(projectRoot, 'test', 'support', 'load-trace.mjs'), join(projectRoot, 'bin', 'renkei.js'), 'start'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, RENKEI_LOAD_TRACE: trace, DATABASE_URL: `file:${join(dir, 'local.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans'), RENKEI_LOCAL_USER: 'compiled-start', ...extraEnv },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let asked = false;
  const onData = (d: Buffer) => {
    screen += d.toString('utf8');
    if (asked || !screen.includes(ready)) return;
    asked = true;
    void beforeStop(screen).finally(() => {
      if (stop === 'SIGTERM') child.kill('SIGTERM');
      else child.stdin.end();
    });
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const modules = readFileSync(trace, 'utf8').split('\n').filter((l) => l !== '');
  return { screen, code, modules };
}

const loadedPackages = (modules: string[], packages: string[]) => packages.filter((p) => modules.some((m) => m.includes(`/node_modules/${p}/`)));

describe('compiled start (dist/)', () => {
  it('npm start and the renkei command run bin/renkei.js, which imports dist/ and no TypeScript loader', () => {
    const pkg = packageJson.parse(JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')));
    expect(pkg.scripts.start).toBe('node bin/renkei.js start');
    expect(pkg.bin.renkei).toBe('bin/renkei.js');
    const bin = readFileSync(join(projectRoot, 'bin', 'renkei.js'), 'utf8');
    expect(bin).toContain('../dist/cli.js');
    expect(bin).not.toContain('tsx');
  });

  it('reaches the first prompt in local mode loading no .ts file, no tsx, and nothing from src/', async () => {
    const { screen, code, modules } = await tracedStart('会社名', 'close stdin');
    expect(screen).toContain('会社名');
    expect(code).toBe(0);
    const files = modules.filter((m) => m.startsWith('file:')).map((m) => fileURLToPath(m));
    // A trace that saw nothing would pass every check below, so it must have seen the compiled CLI.
    expect(files).toContain(join(projectRoot, 'dist', 'cli.js'));
    expect(files.filter((f) => /\.[mc]?ts$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.includes('/node_modules/tsx/') || f.includes('/node_modules/esbuild/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith(join(projectRoot, 'src') + '/'))).toEqual([]);
  }, 60_000);

  it('loads only what local mode uses: no chat-platform SDK, no PostgreSQL client, no Word or chart library', async () => {
    const { modules } = await tracedStart('会社名', 'close stdin');
    const packages = ['@slack/bolt', '@slack/web-api', 'botbuilder', '@line/bot-sdk', 'pg', '@prisma/adapter-pg', 'docx', 'vega', 'vega-lite', 'prom-client'];
    expect(loadedPackages(modules, packages)).toEqual([]);
    // The packages local mode does use show up, so the trace sees CommonJS dependencies as well.
    expect(modules.some((m) => m.includes('/node_modules/better-sqlite3/'))).toBe(true);
  }, 60_000);

  it('a Teams-only server on SQLite loads botbuilder but neither Bolt, LINE\'s SDK nor the PostgreSQL client', async () => {
    let scraped = '';
    const scrape = async (screen: string) => {
      const port = /"port":(\d+)/.exec(screen)?.[1];
      scraped = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    };
    const { screen, code, modules } = await tracedStart('server listening', 'SIGTERM', { RENKEI_TEAMS_LOCAL: 'true', PORT: '0', RENKEI_SHUTDOWN_GRACE_MS: '5000' }, scrape);
    // The compiled server exports the event-loop delay (src/metrics/event-loop-watch.ts).
    expect(scraped).toContain('renkei_event_loop_delay_seconds{stat="p99"}');
    expect(screen).toContain('"teams":"unauthenticated"');
    expect(code).toBe(0);
    expect(loadedPackages(modules, ['botbuilder', 'prom-client'])).toEqual(['botbuilder', 'prom-client']);
    expect(loadedPackages(modules, ['@slack/bolt', '@line/bot-sdk', 'pg', '@prisma/adapter-pg'])).toEqual([]);
  }, 60_000);
});
