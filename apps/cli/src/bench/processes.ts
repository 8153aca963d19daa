/**
 * The processes a bench starts: the real built api and worker (`dist/`), and the bare raw server.
 * Each is started on a free 127.0.0.1 port with its own log file, watched through /proc (peak RSS,
 * CPU seconds), and stopped by its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A started process. */
export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  /** `http://127.0.0.1:<port>` (workers listen on nothing: their URL is unused). */
  readonly url: string;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** Resident set size now (VmRSS), in MB. */
  rssMb(): number;
  /** User + system CPU seconds used so far. */
  cpuSeconds(): number;
  /** Sends a signal (e.g. SIGWINCH to start a preloaded profiler). */
  signal(name: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after 20 s; resolves once it exited. */
  stop(): Promise<void>;
}

/** Options of {@link startProcess}. */
export interface StartOptions {
  name: string;
  /** The script, relative to the repository's `dist/` (e.g. 'apps/api/src/main.js'). */
  script: string;
  env: Record<string, string>;
  /** Where the process's stdout and stderr go. */
  logFile: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** Wait until GET /health answers this status (api: 200); absent: do not wait on HTTP. */
  healthPath?: string;
  /** `dist/` of the built repository (default `<cwd>/dist`). */
  distDir?: string;
  port?: number;
}

/** A free TCP port on 127.0.0.1 (asks the kernel for one, then releases it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <dist>/<script>` with `env` added to this process's environment (PORT set to a free
 * port) and, with `healthPath`, waits up to 180 s for it to answer 200 there.
 * @throws Error when it exits before answering or does not answer in time (its log's tail in the message)
 */
export async function startProcess(options: StartOptions): Promise<BenchProcess> {
  const port = options.port ?? (await freePort());
  const dist = options.distDir ?? path.resolve('dist');
  const log = openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), path.join(dist, options.script)], {
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log); // the child holds its own copy
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name}: could not start ${options.script}`);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const proc: BenchProcess = {
    name: options.name,
    pid,
    url,
    peakRssMb: () => statusKb(pid, 'VmHWM') / 1024,
    rssMb: () => statusKb(pid, 'VmRSS') / 1024,
    cpuSeconds: () => cpuSecondsOf(pid),
    signal: (name) => void child.kill(name),
    stop: async () => {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
    },
  };
  if (!options.healthPath) return proc;
  const until = Date.now() + 180_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`${options.name} exited (${exited}) before answering: ${tail(options.logFile)}`);
    const status = await fetch(`${url}${options.healthPath}`).then((r) => r.status, () => 0);
    if (status === 200) return proc;
    if (Date.now() > until) {
      await proc.stop();
      throw new Error(`${options.name} did not answer ${options.healthPath} within 180 s: ${tail(options.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function statusKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** utime + stime of a process, in seconds (clock ticks of 1/100 s, Linux's USER_HZ). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds of each PostgreSQL server process on this machine now, by pid. */
export function postgresCpuSnapshot(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pidsNamed('postgres')) {
    const cpu = cpuSecondsOf(pid);
    if (Number.isFinite(cpu)) out.set(pid, cpu);
  }
  return out;
}

/**
 * CPU seconds PostgreSQL's processes used since `before` (the server is shared: other clients count
 * too): each live process's growth, a process started since counted whole. A backend that exited
 * meanwhile takes its CPU with it, so this is a lower bound.
 */
export function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of postgresCpuSnapshot()) total += Math.max(0, cpu - (before.get(pid) ?? 0));
  return total;
}

function pidsNamed(command: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-1500);
  } catch {
    return '(no log)';
  }
}
