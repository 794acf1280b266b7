/**
 * Generator health: how busy the load generator itself is. When its machine is saturated the
 * latencies it measures include its own queueing, so the run is flagged.
 *
 * Node CPU comes from process.cpuUsage() (% of one core), the machine's busy share from
 * /proc/stat (% of all cores), Chromium's CPU and memory from /proc/<pid>/stat and
 * smaps_rollup (Pss, else VmRSS) summed over the browser root pids and all their descendants.
 * Processes come and go between reads: a vanished /proc entry is skipped, never thrown.
 */
import { performance as nodePerformance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type CpuSample, type GeneratorHealth, SATURATION_PCT } from '../schema/summary.js';

export interface HealthSamplerOptions {
  /** Sampling period; default 1000 ms. */
  intervalMs?: number;
  /** Root pids of the browsers (Chromium); their descendants are found by walking /proc. */
  browserPids?: () => number[];
  /** Machine CPU % above which the generator counts as saturated; default 90. */
  saturationPct?: number;
  /**
   * Each worker thread's event-loop busy share over its last second, in worker order (`--workers
   * N`); each worker measures its own loop and sends it with its per-second snapshot.
   */
  workerLoopPcts?: () => number[];
}

export interface HealthSampler {
  /** The latest sample, or null before the first one. */
  current(): CpuSample | null;
  /** Stops sampling (taking a last sample if one is due) and returns the run's health. */
  stop(): GeneratorHealth;
  /** The health so far, sampling going on (a checkpoint's). */
  soFar(): GeneratorHealth;
}

const MB = 1024 * 1024;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

let clockTicks: number | null = null;
/** USER_HZ for /proc times; 100 on every common Linux, asked of getconf once. */
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Busy and total jiffies of all cores from /proc/stat's first line, or null off Linux. */
export function readMachineTimes(): { busy: number; total: number } | null {
  const text = readText('/proc/stat');
  if (text === null) return null;
  const line = text.slice(0, text.indexOf('\n')).trim().split(/\s+/);
  if (line[0] !== 'cpu') return null;
  const f = line.slice(1).map(Number);
  // user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
  const total = f.slice(0, 8).reduce((a, b) => a + (b || 0), 0);
  const idle = (f[3] || 0) + (f[4] || 0);
  return { busy: total - idle, total };
}

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks (cutime/cstime: reaped children). */
  ticks: number;
  /** Start time after boot, in ticks: tells a reused pid apart. */
  start: number;
}

/** /proc/<pid>/stat, or null when the process is gone or unreadable. */
export function readProcStat(pid: number): ProcStat | null {
  const text = readText(`/proc/${pid}/stat`);
  if (text === null) return null;
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): field n is rest[n - 3].
  const ppid = Number(rest[1]);
  const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
  const start = Number(rest[19]);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return null;
  return { pid, ppid, ticks, start };
}

/** Proportional set size (else resident set size) of a process in bytes, or 0 when gone. */
export function readProcMemory(pid: number): number {
  const rollup = readText(`/proc/${pid}/smaps_rollup`);
  const pss = rollup === null ? null : /^Pss:\s+(\d+) kB/m.exec(rollup);
  if (pss) return Number(pss[1]) * 1024;
  const status = readText(`/proc/${pid}/status`);
  const rss = status === null ? null : /^VmRSS:\s+(\d+) kB/m.exec(status);
  return rss ? Number(rss[1]) * 1024 : 0;
}

/** The given roots and all their descendants, from one pass over /proc. */
export function processTree(roots: number[]): ProcStat[] {
  if (roots.length === 0) return [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const byParent = new Map<number, ProcStat[]>();
  const byPid = new Map<number, ProcStat>();
  for (const name of entries) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readProcStat(pid);
    if (stat === null) continue;
    byPid.set(pid, stat);
    const siblings = byParent.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else byParent.set(stat.ppid, [stat]);
  }
  const out: ProcStat[] = [];
  const seen = new Set<number>();
  const queue = roots.filter((p) => byPid.has(p));
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(byPid.get(pid)!);
    for (const child of byParent.get(pid) ?? []) queue.push(child.pid);
  }
  return out;
}

/**
 * CPU ticks a process tree used between two reads. A process that vanished was usually reaped by
 * its parent in the tree, whose cutime/cstime now hold its ticks; one whose parent left the tree
 * too is added back, so its disappearance never shows as negative use.
 */
export function treeTicksDelta(prev: Map<number, ProcStat>, now: ProcStat[]): number {
  let delta = 0;
  const alive = new Map<number, ProcStat>();
  for (const p of now) alive.set(p.pid, p);
  for (const p of now) {
    const before = prev.get(p.pid);
    delta += before !== undefined && before.start === p.start ? p.ticks - before.ticks : p.ticks;
  }
  for (const before of prev.values()) {
    const still = alive.get(before.pid);
    if (still !== undefined && still.start === before.start) continue;
    const parent = alive.get(before.ppid);
    // Reaped into a parent of the tree: its ticks moved there (counted as the parent's delta).
    if (parent !== undefined) delta -= before.ticks;
  }
  return Math.max(0, delta);
}

export function startHealthSampler(opts: HealthSamplerOptions = {}): HealthSampler {
  const intervalMs = opts.intervalMs ?? 1000;
  const saturationPct = opts.saturationPct ?? SATURATION_PCT;
  const samples: CpuSample[] = [];
  let saturatedMs = 0;
  let stopped: GeneratorHealth | null = null;

  let lastAt = performance.now();
  let lastCpu = process.cpuUsage();
  let lastLoop = nodePerformance.eventLoopUtilization();
  let lastMachine = readMachineTimes();
  let lastTree = new Map<number, ProcStat>();
  const initialRoots = opts.browserPids?.() ?? [];
  for (const p of processTree(initialRoots)) lastTree.set(p.pid, p);

  function sample(): void {
    const nowMono = performance.now();
    const elapsedMs = nowMono - lastAt;
    if (elapsedMs <= 0) return;
    const cpu = process.cpuUsage();
    // The share of time the event loop was busy: the generator's own limit, whatever the
    // machine does (process CPU also counts GC and libuv threads, so it can pass 100 %).
    const loop = nodePerformance.eventLoopUtilization();
    const eventLoopPct = nodePerformance.eventLoopUtilization(loop, lastLoop).utilization * 100;
    lastLoop = loop;
    const nodePct = ((cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000 / elapsedMs) * 100;
    const machine = readMachineTimes();
    let machinePct = 0;
    if (machine && lastMachine && machine.total > lastMachine.total) {
      machinePct = ((machine.busy - lastMachine.busy) / (machine.total - lastMachine.total)) * 100;
    }
    let browserPct: number | null = null;
    let browserRssMb: number | null = null;
    const roots = opts.browserPids?.() ?? [];
    const tree = processTree(roots);
    if (roots.length > 0) {
      const ticks = treeTicksDelta(lastTree, tree);
      browserPct = ((ticks / ticksPerSecond()) * 1000 / elapsedMs) * 100;
      browserRssMb = tree.reduce((sum, p) => sum + readProcMemory(p.pid), 0) / MB;
    }
    lastTree = new Map(tree.map((p) => [p.pid, p]));
    lastAt = nowMono;
    lastCpu = cpu;
    lastMachine = machine;
    const workers = opts.workerLoopPcts?.() ?? [];
    const s: CpuSample = {
      t: Date.now(),
      nodePct: round1(nodePct),
      browserPct: browserPct === null ? null : round1(browserPct),
      machinePct: round1(Math.min(100, Math.max(0, machinePct))),
      eventLoopPct: round1(eventLoopPct),
      nodeRssMb: round1(process.memoryUsage.rss() / MB),
      browserRssMb: browserRssMb === null ? null : round1(browserRssMb),
      ...(workers.length > 0 ? { workerEventLoopPct: workers.map(round1) } : {}),
    };
    if (isSaturated(s, saturationPct)) saturatedMs += elapsedMs;
    samples.push(s);
  }

  function safeSample(): void {
    try {
      sample();
    } catch {
      // Health is best effort: a sampling hiccup must never take the run down.
    }
  }

  const timer = setInterval(safeSample, intervalMs);
  timer.unref();

  return {
    current: () => samples[samples.length - 1] ?? null,
    stop(): GeneratorHealth {
      if (stopped) return stopped;
      clearInterval(timer);
      // A last sample when a good part of a period has passed (short runs get at least one).
      if (performance.now() - lastAt >= Math.min(200, intervalMs / 2)) safeSample();
      stopped = health(samples);
      return stopped;
    },
    soFar: () => stopped ?? health([...samples]),
  };

  function health(of: CpuSample[]): GeneratorHealth {
    return {
      cores: availableParallelism(),
      samples: of,
      peakMachinePct: of.reduce((m, s) => Math.max(m, s.machinePct), 0),
      peakNodeRssMb: of.reduce((m, s) => Math.max(m, s.nodeRssMb), 0),
      saturated: of.some((s) => isSaturated(s, saturationPct)),
      saturatedSeconds: Math.round(saturatedMs / 100) / 10,
    };
  }
}

/**
 * The machine is busy, or one of the generator's event loops is (the main thread's or a worker
 * thread's): either way timings measure the tester.
 */
export function isSaturated(s: CpuSample, limitPct: number): boolean {
  return s.machinePct > limitPct || busiestLoopPct(s) > limitPct;
}

/** The busiest event loop of a sample, main thread or worker, %. */
export function busiestLoopPct(s: CpuSample): number {
  return Math.max(s.eventLoopPct ?? 0, ...(s.workerEventLoopPct ?? []));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
