import { fork, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loaderArgs } from './compiled.js';

/**
 * A process the bench starts: the bot or a baseline echo app. Its stderr goes to a log file
 * (shown when it fails), so the bench's own output stays readable.
 */
export interface Child<Req, Rep> {
  process: ChildProcess;
  pid: number;
  /** The first message the child sent (its readiness: port and pid). */
  ready: Rep;
  request(m: Req): Promise<Rep>;
  /** VmRSS and VmHWM (peak) from /proc, in bytes: what the OS has given the process, read from outside it. */
  rss(): { rss: number; peak: number };
  /** CPU time the process has used so far (user + system), in milliseconds. */
  cpuMs(): number;
  stop(message?: Req): Promise<void>;
  logFile: string;
}

export async function startChild<Req, Rep extends { type: string }>(
  script: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  nodeArgs: string[] = [],
): Promise<Child<Req, Rep>> {
  // An absolute path is used as it is (a compiled script from benchScript); else a file in bench/.
  const path = isAbsolute(script) ? script : fileURLToPath(new URL(`../${script}`, import.meta.url));
  const log = openSync(logFile, 'a');
  const child = fork(path, [], {
    execArgv: [...nodeArgs, ...loaderArgs(path)],
    env: { NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...env },
    stdio: ['ignore', log, log, 'ipc'],
  });
  const failed = (why: string) => new Error(`${script} ${why}; its log is ${logFile}:\n${tail(logFile)}`);
  const waiting: { resolve: (m: Rep) => void; reject: (e: Error) => void }[] = [];
  let exited = false;
  child.on('message', (m: Rep) => {
    if (m.type === 'error') return waiting.shift()?.reject(failed(`failed: ${JSON.stringify(m)}`));
    waiting.shift()?.resolve(m);
  });
  child.on('exit', (code) => {
    exited = true;
    for (const w of waiting.splice(0)) w.reject(failed(`exited with ${code}`));
  });
  const ready = await new Promise<Rep>((resolve, reject) => waiting.push({ resolve, reject }));
  return {
    process: child,
    pid: child.pid ?? 0,
    ready,
    logFile,
    request: (m) =>
      new Promise<Rep>((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.send(m as object);
      }),
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    },
    cpuMs: () => cpuMsOf(child.pid ?? 0),
    stop: async (message) => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (message) child.send(message as object);
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** utime + stime from /proc/PID/stat; the kernel counts them in ticks of 1/100 s on Linux. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
