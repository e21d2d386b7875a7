import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { underCI } from './postgres.js';

/**
 * The Microsoft 365 Agents Playground (a local stand-in for the Teams client) and Debian's
 * Chromium, for end-to-end tests. Nothing here may reach beyond loopback: the Playground runs
 * with its telemetry off, and the browser blocks every request that is not for this machine.
 */

/** Debian's package; `.ci/run` installs it (never `npx playwright install`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface ChromiumForTests {
  available: boolean;
  /** Why it cannot be used, or null. */
  reason: string | null;
}

function probeChromium(path: string): ChromiumForTests {
  try {
    accessSync(path, constants.X_OK);
    return { available: true, reason: null };
  } catch (err) {
    return { available: false, reason: `${path} is not an executable (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

/**
 * Call at the top level of a test file, then `describe.runIf(browser.available)(…)`.
 *
 * Same rule as PostgreSQL (`postgresForTests`): it registers a test "Chromium is installed"
 * that fails under CI when the browser is missing, because a suite that is merely skipped
 * would leave CI green. Elsewhere a missing browser prints a warning and the browser tests
 * are reported as skipped.
 */
export function chromiumForTests(path: string = CHROMIUM_PATH): ChromiumForTests {
  const probe = probeChromium(path);
  const mustRun = probe.available || underCI();
  if (!mustRun) {
    console.warn(
      `\n⚠ Browser end-to-end tests NOT RUN: ${probe.reason ?? 'Chromium missing'}.\n` +
        '  Install it with `apt-get install -y --no-install-recommends chromium` (see .ci/run); under CI this is a failure.\n',
    );
  }
  it.runIf(mustRun)('Chromium is installed', () => {
    if (!probe.available) {
      throw new Error(`Chromium is required under CI: ${probe.reason ?? 'missing'}. .ci/run installs Debian's chromium package.`);
    }
    expect(probe.available).toBe(true);
  });
  return probe;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
export const isLoopback = (url: string): boolean => {
  try {
    const u = new URL(url);
    // data:, blob: and about: pages never leave the browser.
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
    return loopbackHosts.has(u.hostname);
  } catch {
    return false;
  }
};

/** Resolves with `value`, or rejects naming `what` after `ms`. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** For clean-up: runs every step even when one fails or hangs, then reports the failures. */
export async function cleanUp(steps: [string, () => Promise<unknown>][], ms = 15_000): Promise<void> {
  const problems: string[] = [];
  for (const [what, step] of steps) {
    try {
      await within(ms, what, Promise.resolve().then(step));
    } catch (err) {
      problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (problems.length > 0) throw new Error(`clean-up failed:\n${problems.join('\n')}`);
}

// ---------------------------------------------------------------------------------------------
// The Playground process

export interface RunningPlayground {
  /** The page to open, on loopback. */
  url: string;
  port: number;
  pid: number;
  /** Everything the process printed so far (for failure reports). */
  output(): string;
  /** Stops the process group: SIGTERM, then SIGKILL after a grace period. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** A temporary working directory: the Playground writes its log (and ./devTools) there. */
  dir: string;
  /**
   * The personal chat's conversation id, like a real one (`a:…`); given explicitly so that an
   * M365_AGENTS_PLAYGROUND_CONVERSATION_ID in the environment cannot change it. It must not
   * contain ";": the Playground's Connector looks a conversation up by the part before the
   * ";", so with an id like `19:…;messageid=1` every update of a posted card
   * (PUT …/activities/{id}) fails with 404 ConversationNotFound.
   */
  conversationId: string;
  startupMs?: number;
}

const playgroundCli = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
};

/**
 * Runs the Playground's CLI (argv[1]) with the rest of argv, and exits when its stdin closes:
 * the test keeps that pipe open, so a test process that dies without its afterAll (a killed
 * worker) does not leave the Playground running.
 */
const WATCHDOG = `
const [cli, ...args] = process.argv.slice(1);
process.argv = [process.argv[0], cli, ...args];
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
require(cli);
`;

/** Starts the Playground on a free port (it listens on all interfaces) and waits until it says where. */
export async function startPlayground(opts: PlaygroundOptions): Promise<RunningPlayground> {
  mkdirSync(opts.dir, { recursive: true });
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['-e', WATCHDOG, playgroundCli(), '-e', opts.botEndpoint, '-c', 'msteams', '--disable-telemetry', '-p', '0', '--conversation-id', opts.conversationId],
    {
      cwd: opts.dir,
      env: {
        ...process.env,
        // Never open a browser, never send Application Insights "statsbeat" pings, log to our directory.
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: '1',
        M365_AGENTS_PLAYGROUND_LOGFILE: join(opts.dir, 'playground.log'),
        NO_PROXY: '127.0.0.1,localhost',
        no_proxy: '127.0.0.1,localhost',
        FORCE_COLOR: '0',
      },
      // Its own process group, so that stop() ends anything it started, and nothing else.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stdin.on('error', () => undefined);
  let out = '';
  child.on('error', (err) => (out += `\n[spawn error] ${err.message}\n`));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  const pid = child.pid;
  const stop = async () => {
    if (exit || pid === undefined) return;
    child.stdin.end();
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-pid, s);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const graceful = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5_000))]);
    if (!graceful) {
      signal('SIGKILL');
      await within(5_000, 'Playground exit after SIGKILL', exited);
    }
  };
  if (pid === undefined) throw new Error('the Agents Playground did not start');

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the Agents Playground did not report its port within ${opts.startupMs ?? 30_000} ms; output:\n${out}`)), opts.startupMs ?? 30_000);
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      const m = /Listening on (\d+)/.exec(out);
      if (m) done(null, Number(m[1]));
    };
    const onExit = () => done(new Error(`the Agents Playground exited (${JSON.stringify(exit)}) before listening; output:\n${out}`));
    const done = (err: Error | null, value?: number) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
      if (err || value === undefined) reject(err ?? new Error('no port'));
      else resolve(value);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', onExit);
  }).catch(async (err: unknown) => {
    await stop().catch(() => undefined);
    throw err;
  });

  return { url: `http://127.0.0.1:${port}/`, port, pid, output: () => out, stop };
}

// ---------------------------------------------------------------------------------------------
// Chromium

export interface LoopbackBrowser {
  context: BrowserContext;
  page: Page;
  /** Requests the browser tried to send beyond loopback (all of them were aborted). */
  blocked: string[];
  /** Console errors and uncaught exceptions of the page (for failure reports). */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Headless Debian Chromium with a fresh profile in `profileDir`, able to reach loopback only:
 * every request to another host is aborted by the route below, and its host resolver knows
 * no name but localhost (which also covers WebSockets and the browser's own requests).
 */
export async function launchLoopbackBrowser(profileDir: string, opts: { executablePath?: string; timeoutMs?: number } = {}): Promise<LoopbackBrowser> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: opts.executablePath ?? CHROMIUM_PATH,
    headless: true,
    // Its caches and settings (dconf, fontconfig) under the profile too, not in the user's home.
    env: { ...process.env, XDG_CONFIG_HOME: join(profileDir, 'xdg-config'), XDG_CACHE_HOME: join(profileDir, 'xdg-cache') },
    timeout: 30_000,
    viewport: { width: 1280, height: 1000 },
    locale: 'en-US',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  context.setDefaultTimeout(opts.timeoutMs ?? 20_000);
  context.setDefaultNavigationTimeout(30_000);
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  return { context, page, blocked, pageErrors, close: () => context.close() };
}

// ---------------------------------------------------------------------------------------------
// The Playground's page

/** Selectors of the Playground's chat (Fluent UI Copilot components, Adaptive Cards JS renderer). */
export const playgroundSelectors = {
  input: '[role="textbox"][contenteditable="true"]',
  botMessage: '.fai-OutputCard',
  card: '.fai-OutputCard .ac-adaptiveCard',
} as const;

/** Waits for the page's "Connected." status (the Playground reached the bot). */
export async function waitConnected(page: Page, ms = 30_000): Promise<void> {
  await page.getByText('Connected.', { exact: true }).first().waitFor({ state: 'visible', timeout: ms });
}

/** Types a message into the chat box, as a person does, and sends it with Enter. */
export async function sendChat(page: Page, text: string): Promise<void> {
  const input = page.locator(playgroundSelectors.input).first();
  await input.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The text of every bot message on the page, top to bottom. */
export const botTexts = (page: Page): Promise<string[]> => page.locator(playgroundSelectors.botMessage).allInnerTexts();
