import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/config.js';

/** The CLI from the sources through tsx, so a test never runs a stale dist/ (test/cli/compiled-start.test.ts covers dist/). */
export const renkeiNodeArgs = ['--import', 'tsx', join(projectRoot, 'bin', 'renkei-dev.ts')];
/** The same as one shell word list, for tests that run the CLI through a shell. */
export const renkeiShellCommand = renkeiNodeArgs.map((a) => JSON.stringify(a)).join(' ');

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves once the output (since `from`) contains `text`; rejects after `ms`. */
  waitFor(text: string | RegExp, from?: number, ms?: number): Promise<void>;
  send(line: string): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [...renkeiNodeArgs, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env, CI: '', FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    send: (line) => child.stdin.write(`${line}\n`),
    exited,
    waitFor: (text, from = 0, ms = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const test = () => (typeof text === 'string' ? out.slice(from).includes(text) : text.test(out.slice(from)));
        if (test()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; output so far:\n${out}`));
        }, ms);
        const check = () => {
          if (test()) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
      }),
  };
}

/** Runs the CLI to completion and returns its exit code and output. */
/** `renkei start` once it listens: the loopback base URL of the port it logged (PORT=0 picks a free one). */
export async function listeningBase(cli: RunningCli): Promise<string> {
  await cli.waitFor('server listening');
  const line = cli.output().split('\n').find((l) => l.includes('"server listening"'));
  const port: unknown = line ? JSON.parse(line).port : undefined;
  if (typeof port !== 'number') throw new Error(`no port in: ${line ?? cli.output()}`);
  return `http://127.0.0.1:${port}`;
}

export async function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...renkeiNodeArgs, ...args], { cwd: projectRoot, env: { ...process.env, ...env, CI: '', FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}
