/**
 * What every benchmark needs: the two cores (target on one, generator on the other), a demo
 * target started on its core, and a tool run whose CPU-seconds and peak RSS are measured by
 * `/usr/bin/time` over the tool's whole process tree (every descendant it waited for), bounded in
 * time and killed by process group when it overruns.
 */
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnDemoTarget, type DemoTargetProcess } from '../src/commands/demo-target-process.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'bin/browse-load.js');
/** Seconds of load per tool and per part (BENCH_SECONDS, default 10). */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export interface Pinning {
  targetCore: number | null;
  generatorCore: number | null;
  /** One line for the results: how target and generators were placed. */
  note: string;
}

/** The cores this process may use (Cpus_allowed_list), e.g. "0-1" or "2,5". */
function allowedCores(): number[] {
  const line = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  return line.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
  });
}

/** Target on the first allowed core, generators on the second; unpinned with a single core. */
export function pinning(): Pinning {
  const cores = allowedCores();
  if (cores.length < 2) {
    return { targetCore: null, generatorCore: null, note: `one core only (${cores.join(',')}): target and generator share it unpinned, so every generator figure is a floor` };
  }
  return { targetCore: cores[0], generatorCore: cores[1], note: `taskset: target on core ${cores[0]}, each generator on core ${cores[1]}` };
}

/** Sets the CPU affinity of every thread of this process (children inherit it). */
function pinSelf(cores: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cores, String(process.pid)], { stdio: 'ignore' });
}

/**
 * The demo target, in a process of its own on the target core: spawnDemoTarget gives no pid to
 * pin, so this process moves onto the target core while it forks the target, then moves back.
 */
export async function startTarget(pin: Pinning, flags: readonly string[] = []): Promise<DemoTargetProcess> {
  if (pin.targetCore === null) return spawnDemoTarget(flags);
  const all = allowedCores().join(',');
  pinSelf(String(pin.targetCore));
  try {
    return await spawnDemoTarget(flags);
  } finally {
    pinSelf(all);
  }
}

/** A tool's executable on PATH (or an absolute path that exists), else null. */
export function which(binary: string): string | null {
  const candidates = binary.includes('/') ? [binary] : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, binary));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not this one
    }
  }
  return null;
}

export interface Measured {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  wallSeconds: number;
  /** User + system CPU of the tool and every descendant it waited for. */
  cpuSeconds: number;
  /** Peak RSS of the largest process of the tree (getrusage's ru_maxrss), MB. */
  peakRssMb: number;
}

export interface Command {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Process groups of the tools running now, so that Ctrl-C does not leave one behind. */
const running = new Set<number>();
process.once('SIGINT', () => {
  for (const group of running) process.kill(-group, 'SIGKILL');
  process.exit(130); // the demo target's own exit handler stops it
});

/** Runs a command on the generator core under /usr/bin/time; killed (whole group) after timeoutS. */
export function measure(pin: Pinning, cmd: Command, timeoutS: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const timeFile = join(dir, 'time.txt');
  const pinned = pin.generatorCore === null ? [] : ['taskset', '-c', String(pin.generatorCore)];
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, ...pinned, cmd.command, ...cmd.args], {
    cwd: ROOT,
    env: { ...process.env, ...cmd.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so an overrun kills the whole tree
  });
  running.add(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => {
    stderr += `\nbench: killed after ${timeoutS} s`;
    process.kill(-child.pid!, 'SIGKILL');
  }, timeoutS * 1000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      running.delete(child.pid!);
      const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      rmSync(dir, { recursive: true, force: true });
      const [wall, user, sys, maxRssKb] = fields;
      resolve({ stdout, stderr, exitCode, wallSeconds: wall, cpuSeconds: user + sys, peakRssMb: maxRssKb / 1024 });
    });
  });
}

let workersFlag: boolean | undefined;
/** Whether this browse-load has --workers yet (another change adds it). */
export function hasWorkersFlag(): boolean {
  workersFlag ??= execFileSync(process.execPath, [CLI, 'run', '--help'], { encoding: 'utf8' }).includes('--workers');
  return workersFlag;
}

/** A Markdown table of already formatted cells. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A figure for a table: fixed decimals with thousands separators, or an en dash when unknown. */
export function fig(x: number | null | undefined, decimals = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** One part of the results file: a heading, tables and notes, in Markdown. */
export interface Section {
  title: string;
  body: string;
}
