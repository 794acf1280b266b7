/**
 * Generator health: how busy the load generator itself is. When its machine is saturated the
 * latencies it measures include its own queueing, so the run is flagged.
 *
 * Node CPU comes from process.cpuUsage() (% of one core), the machine's busy share from
 * /proc/stat (% of all cores), Chromium's CPU and memory from /proc/<pid>/stat and
 * smaps_rollup (Pss, else VmRSS) summed over the browser root pids and all their descendants
 * (the readers in proc.ts). The formulas over two reads are pure functions, tested on numbers.
 */
import { type EventLoopUtilization, performance as nodePerformance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { type CpuSample, type GeneratorHealth, SATURATION_PCT } from '../schema/summary.js';
import { type MachineTimes, type ProcStat, processTree, readMachineTimes, readProcMemory, ticksPerSecond, treeTicksDelta } from './proc.js';

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
  /** What the sampler reads, each by default the real one; tests give scripted readings. */
  sources?: Partial<HealthSources>;
}

/** The readings a sample is made of. */
export interface HealthSources {
  /** This process's CPU time so far (process.cpuUsage). */
  cpuUsage: () => NodeJS.CpuUsage;
  /** This process's resident set size in bytes. */
  rssBytes: () => number;
  /** The main event loop's idle and active time so far (performance.eventLoopUtilization). */
  eventLoop: () => EventLoopUtilization;
  machineTimes: () => MachineTimes | null;
  processTree: (roots: number[]) => ProcStat[];
  memoryBytes: (pid: number) => number;
  ticksPerSecond: () => number;
}

const REAL_SOURCES: HealthSources = {
  cpuUsage: () => process.cpuUsage(),
  rssBytes: () => process.memoryUsage.rss(),
  eventLoop: () => nodePerformance.eventLoopUtilization(),
  machineTimes: readMachineTimes,
  processTree,
  memoryBytes: readProcMemory,
  ticksPerSecond,
};

export interface HealthSampler {
  /** The latest sample, or null before the first one. */
  current(): CpuSample | null;
  /** Stops sampling (taking a last sample if one is due) and returns the run's health. */
  stop(): GeneratorHealth;
  /** The health so far, sampling going on (a checkpoint's). */
  soFar(): GeneratorHealth;
}

const MB = 1024 * 1024;

/** Node's CPU (user + system, µs as process.cpuUsage gives them) over a window, in % of one core. */
export function nodeCpuPct(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage, elapsedMs: number): number {
  return ((after.user - before.user + after.system - before.system) / 1000 / elapsedMs) * 100;
}

/** The machine's busy share between two reads of its jiffies, 0..100; 0 when it cannot be told. */
export function machineBusyPct(before: MachineTimes | null, after: MachineTimes | null): number {
  if (after === null || before === null || !(after.total > before.total)) return 0;
  const pct = ((after.busy - before.busy) / (after.total - before.total)) * 100;
  return Math.min(100, Math.max(0, pct));
}

/** The share of the time between two reads that the event loop was busy (not waiting for events), %. */
export function loopBusyPct(before: EventLoopUtilization, after: EventLoopUtilization): number {
  return nodePerformance.eventLoopUtilization(after, before).utilization * 100;
}

/** CPU ticks a process tree used over a window, in % of one core. */
export function ticksCpuPct(ticks: number, ticksPerSecond: number, elapsedMs: number): number {
  return ((ticks / ticksPerSecond) * 1000 / elapsedMs) * 100;
}

export function startHealthSampler(opts: HealthSamplerOptions = {}): HealthSampler {
  const intervalMs = opts.intervalMs ?? 1000;
  const saturationPct = opts.saturationPct ?? SATURATION_PCT;
  const read: HealthSources = { ...REAL_SOURCES, ...opts.sources };
  const samples: CpuSample[] = [];
  let saturatedMs = 0;
  let stopped: GeneratorHealth | null = null;

  let lastAt = performance.now();
  let lastCpu = read.cpuUsage();
  let lastLoop = read.eventLoop();
  let lastMachine = read.machineTimes();
  let lastTree = new Map<number, ProcStat>();
  const initialRoots = opts.browserPids?.() ?? [];
  for (const p of read.processTree(initialRoots)) lastTree.set(p.pid, p);

  function sample(): void {
    const nowMono = performance.now();
    const elapsedMs = nowMono - lastAt;
    if (elapsedMs <= 0) return;
    const cpu = read.cpuUsage();
    // The share of time the event loop was busy: the generator's own limit, whatever the
    // machine does (process CPU also counts GC and libuv threads, so it can pass 100 %).
    const loop = read.eventLoop();
    const eventLoopPct = loopBusyPct(lastLoop, loop);
    lastLoop = loop;
    const nodePct = nodeCpuPct(lastCpu, cpu, elapsedMs);
    const machine = read.machineTimes();
    const machinePct = machineBusyPct(lastMachine, machine);
    let browserPct: number | null = null;
    let browserRssMb: number | null = null;
    const roots = opts.browserPids?.() ?? [];
    const tree = read.processTree(roots);
    if (roots.length > 0) {
      const ticks = treeTicksDelta(lastTree, tree);
      browserPct = ticksCpuPct(ticks, read.ticksPerSecond(), elapsedMs);
      browserRssMb = tree.reduce((sum, p) => sum + read.memoryBytes(p.pid), 0) / MB;
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
      machinePct: round1(machinePct),
      eventLoopPct: round1(eventLoopPct),
      nodeRssMb: round1(read.rssBytes() / MB),
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
