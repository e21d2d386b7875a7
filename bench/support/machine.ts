import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { postgresVersion } from './postgres.js';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  postgres: string;
  date: string;
  /** 1-minute load average when the run began: above ~1 something else was running. */
  loadAtStart: number;
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    return `${pretty ?? 'Linux'}, kernel ${release()}`;
  } catch {
    return `kernel ${release()}`;
  }
}

function cpuModel(): string {
  // /proc/cpuinfo names the model more fully than os.cpus() on some virtual machines.
  try {
    const name = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (name) return name.trim();
  } catch {
    // not Linux: fall back below
  }
  return cpus()[0]?.model ?? 'unknown';
}

export async function describeMachine(): Promise<Machine> {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    ramGiB: totalmem() / 1024 ** 3,
    os: osName(),
    node: process.version,
    postgres: (await postgresVersion()) ?? 'unreachable',
    date: new Date().toISOString(),
    loadAtStart: loadavg()[0] ?? 0,
  };
}

/**
 * Watches the machine while a section runs: the highest 1-minute load average seen and the
 * share of CPU time that went to processes outside the bench (the bench's own processes are
 * those whose pids `ours` returns). A busy neighbour shows up as "others" well above zero.
 */
export class LoadWatch {
  private timer: NodeJS.Timeout | null = null;
  maxLoad = 0;
  private totalTicks = 0;
  private otherTicks = 0;
  private last: { total: number; idle: number; ours: number } | null = null;

  constructor(private readonly ours: () => number[]) {}

  start(): void {
    this.maxLoad = loadavg()[0] ?? 0;
    this.last = this.sample();
    this.timer = setInterval(() => this.tick(), 1_000);
  }

  stop(): { maxLoad: number; othersShare: number } {
    if (this.timer) clearInterval(this.timer);
    this.tick();
    return { maxLoad: this.maxLoad, othersShare: this.totalTicks > 0 ? this.otherTicks / this.totalTicks : 0 };
  }

  private tick(): void {
    this.maxLoad = Math.max(this.maxLoad, loadavg()[0] ?? 0);
    const now = this.sample();
    if (this.last) {
      const busy = now.total - now.idle - (this.last.total - this.last.idle);
      const ours = Math.max(0, now.ours - this.last.ours);
      this.totalTicks += now.total - this.last.total;
      this.otherTicks += Math.max(0, busy - ours);
    }
    this.last = now;
  }

  private sample(): { total: number; idle: number; ours: number } {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    let ours = 0;
    for (const pid of this.ours()) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime, stime, and the reaped children's cutime, cstime.
        ours += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      } catch {
        // the process has exited since the list was made
      }
    }
    return { total, idle, ours };
  }
}

/**
 * The bench's processes: this one, everything it started (npm, node, the bot, the echo apps,
 * the dispatcher replicas), and the PostgreSQL backends serving the bench's own databases
 * (PostgreSQL names the database in each backend's process title).
 */
export function benchProcesses(): number[] {
  const parent = new Map<number, number>();
  const mine = new Set<number>([process.pid]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('renkei_bench_')) mine.add(pid);
    } catch {
      // gone meanwhile
    }
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) if (!mine.has(pid) && mine.has(ppid)) (mine.add(pid), (grew = true));
  }
  return [...mine];
}
