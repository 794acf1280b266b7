/**
 * The health sampler over scripted readings on a fake clock: each sample's figures from the two
 * reads around its window (Node's CPU, the machine's jiffies, the browser tree's ticks and
 * memory), rounded to one decimal, and the peaks of the run. The sampler over this machine's real
 * readings is in health-rules.test.ts and health.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHealthSampler, type HealthSources } from '../../src/metrics/health.js';
import type { MachineTimes, ProcStat } from '../../src/metrics/proc.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const MB = 1024 * 1024;

/** One read of every source: the first at the sampler's start, then one per sample. */
interface Reading {
  cpu: NodeJS.CpuUsage;
  machine: MachineTimes | null;
  tree: ProcStat[];
  rssMb: number;
  /** The event loop's idle and active milliseconds so far. */
  loop: { idle: number; active: number };
}

const proc = (pid: number, ppid: number, ticks: number): ProcStat => ({ pid, ppid, ticks, start: pid });

/** Sources that give the readings in turn (the last one again when they run out), and each pid's memory. */
function scripted(readings: Reading[], memoryMb: Record<number, number>, ticksPerSecond = 100): Partial<HealthSources> {
  // Memory is read in samples only, from the second reading on.
  const turn = { cpu: 0, machine: 0, tree: 0, loop: 0, rss: 1 };
  const next = (k: keyof typeof turn): Reading => readings[Math.min(turn[k]++, readings.length - 1)];
  return {
    cpuUsage: () => next('cpu').cpu,
    machineTimes: () => next('machine').machine,
    processTree: () => next('tree').tree,
    rssBytes: () => next('rss').rssMb * MB,
    eventLoop: () => ({ ...next('loop').loop, utilization: 0 }),
    memoryBytes: (pid) => (memoryMb[pid] ?? 0) * MB,
    ticksPerSecond: () => ticksPerSecond,
  };
}

const READINGS: Reading[] = [
  { cpu: { user: 0, system: 0 }, machine: { busy: 100, total: 1000 }, tree: [proc(10, 1, 100), proc(11, 10, 50)], rssMb: 0, loop: { idle: 700, active: 300 } },
  // 0.5 s of CPU in 1 s; 50 of 100 jiffies busy; the tree grew by 30 + 10 ticks; the loop busy 333 of 1000 ms.
  {
    cpu: { user: 300_000, system: 200_000 }, machine: { busy: 150, total: 1100 }, tree: [proc(10, 1, 130), proc(11, 10, 60)], rssMb: 64.25,
    loop: { idle: 1367, active: 633 },
  },
  // 0.1234 s of CPU; 10 of 100 busy; 11 was reaped into 10 (70 ticks, 60 of them 11's); the loop busy 95 %.
  {
    cpu: { user: 400_000, system: 223_400 }, machine: { busy: 160, total: 1200 }, tree: [proc(10, 1, 200)], rssMb: 80.04,
    loop: { idle: 1417, active: 1583 },
  },
];

describe('the health sampler over scripted readings', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date', 'performance'], now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes each sample of the reads before and after its window, rounded to one decimal', () => {
    const sampler = startHealthSampler({
      intervalMs: 1000, saturationPct: 100, browserPids: () => [10], sources: scripted(READINGS, { 10: 30, 11: 12.52 }),
    });
    vi.advanceTimersByTime(2000);
    const health = sampler.stop();
    expect(health.samples).toEqual([
      { t: T0 + 1000, nodePct: 50, machinePct: 50, eventLoopPct: 33.3, browserPct: 40, nodeRssMb: 64.3, browserRssMb: 42.5 },
      { t: T0 + 2000, nodePct: 12.3, machinePct: 10, eventLoopPct: 95, browserPct: 10, nodeRssMb: 80, browserRssMb: 30 },
    ]);
    expect(health).toMatchObject({ peakMachinePct: 50, peakNodeRssMb: 80, saturated: false, saturatedSeconds: 0 });
  });

  it('is saturated when one sample is, for that sample’s window: here the loop’s 95 % over 90 %', () => {
    const sampler = startHealthSampler({ intervalMs: 1000, saturationPct: 90, sources: scripted(READINGS, {}) });
    vi.advanceTimersByTime(2000);
    expect(sampler.stop()).toMatchObject({ saturated: true, saturatedSeconds: 1 });
    const byMachine = startHealthSampler({ intervalMs: 1000, saturationPct: 40, sources: scripted(READINGS.map((r) => ({ ...r, loop: { idle: 0, active: 0 } })), {}) });
    vi.advanceTimersByTime(1000);
    // A loop read as neither idle nor busy has no share (NaN), over no limit: the machine's 50 % is over 40 %.
    expect(byMachine.stop()).toMatchObject({ saturated: true, saturatedSeconds: 1 });
  });

  it('takes no sample when stopped before any time passed, even with a period of 0', () => {
    const sampler = startHealthSampler({ intervalMs: 0, sources: scripted(READINGS, {}) });
    expect(sampler.stop().samples).toEqual([]);
  });

  it('reads the tree’s ticks at the clock’s rate over the window’s length', () => {
    const sampler = startHealthSampler({ intervalMs: 500, browserPids: () => [10], sources: scripted(READINGS, { 10: 1 }, 250) });
    vi.advanceTimersByTime(500);
    // 40 ticks at 250 a second are 0.16 s, in 0.5 s.
    expect(sampler.stop().samples[0]).toMatchObject({ browserPct: 32, nodePct: 100, machinePct: 50 });
  });

  it('gives no machine share off Linux, and no browser figures without browser pids', () => {
    const offLinux = READINGS.map((r) => ({ ...r, machine: null }));
    const sampler = startHealthSampler({ intervalMs: 1000, sources: scripted(offLinux, { 10: 30 }) });
    vi.advanceTimersByTime(1000);
    expect(sampler.stop().samples[0]).toMatchObject({ machinePct: 0, browserPct: null, browserRssMb: null, nodePct: 50 });
  });

  it('reads the event loop of a synchronous stretch as busy: no idle time passed in it', () => {
    // The real event loop's reading.
    const sampler = startHealthSampler({ intervalMs: 100 });
    // The fake clock does not move: this spins on the real one for 5 ms.
    const realStart = process.hrtime.bigint();
    while (process.hrtime.bigint() - realStart < 5_000_000n);
    vi.advanceTimersByTime(100);
    const [s] = sampler.stop().samples;
    expect(s.eventLoopPct).toBeGreaterThan(50);
    expect(s.eventLoopPct).toBeLessThanOrEqual(100);
  });
});
