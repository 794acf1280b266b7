/**
 * The generator-health rules without waiting on real time: the sampler on fake timers (its period,
 * the last sample at stop, saturated seconds, workers' loops) and the /proc readers over this
 * process. Real-time sampling is in health.test.ts.
 */
import { availableParallelism } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { busiestLoopPct, isSaturated, startHealthSampler } from '../../src/metrics/health.js';
import { processTree, readMachineTimes, readProcMemory, readProcStat, treeTicksDelta, type ProcStat } from '../../src/metrics/proc.js';
import type { CpuSample } from '../../src/schema/summary.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function cpuSample(fields: Partial<CpuSample>): CpuSample {
  return { t: 0, nodePct: 0, browserPct: null, machinePct: 0, eventLoopPct: 0, nodeRssMb: 1, browserRssMb: null, ...fields };
}

describe('the health sampler on a fake clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date', 'performance'], now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('samples once per period, stamped with the clock, and takes a last sample at stop when half a period has passed', () => {
    const sampler = startHealthSampler({ intervalMs: 100 });
    expect(sampler.current()).toBeNull();
    vi.advanceTimersByTime(350);
    expect(sampler.soFar().samples.map((s) => s.t)).toEqual([T0 + 100, T0 + 200, T0 + 300]);
    expect(sampler.current()?.t).toBe(T0 + 300);
    const health = sampler.stop();
    // 50 ms since the last sample is half the period: a last sample is due.
    expect(health.samples.map((s) => s.t)).toEqual([T0 + 100, T0 + 200, T0 + 300, T0 + 350]);
    expect(health.cores).toBe(availableParallelism());
    for (const s of health.samples) {
      expect(s.machinePct).toBeGreaterThanOrEqual(0);
      expect(s.machinePct).toBeLessThanOrEqual(100);
      expect(s.browserPct).toBeNull();
      expect(s.browserRssMb).toBeNull();
      expect(s.workerEventLoopPct).toBeUndefined();
      expect(Number.isFinite(s.nodePct)).toBe(true);
      expect(s.nodeRssMb).toBeGreaterThan(10);
      // Rounded to one decimal.
      expect(Math.round(s.nodeRssMb * 10) / 10).toBe(s.nodeRssMb);
    }
    expect(health.peakMachinePct).toBe(Math.max(...health.samples.map((s) => s.machinePct)));
    expect(health.peakNodeRssMb).toBe(Math.max(...health.samples.map((s) => s.nodeRssMb)));
    // Stopped: no more samples, and the same health again.
    vi.advanceTimersByTime(500);
    expect(sampler.stop()).toBe(health);
    expect(sampler.soFar()).toBe(health);
    expect(health.samples).toHaveLength(4);
  });

  it('takes no last sample at stop when less than 200 ms of a long period has passed, and one at 200 ms', () => {
    const early = startHealthSampler({ intervalMs: 1000 });
    vi.advanceTimersByTime(1199);
    expect(early.stop().samples.map((s) => s.t)).toEqual([T0 + 1000]);
    const due = startHealthSampler({ intervalMs: 1000 });
    vi.advanceTimersByTime(200);
    expect(due.stop().samples.map((s) => s.t)).toEqual([T0 + 1399]);
  });

  it('takes no last sample when no time has passed since the last one', () => {
    const sampler = startHealthSampler({ intervalMs: 100 });
    vi.advanceTimersByTime(100);
    expect(sampler.stop().samples).toHaveLength(1);
  });

  it('gives the health so far as a copy that later samples do not change', () => {
    const sampler = startHealthSampler({ intervalMs: 100 });
    vi.advanceTimersByTime(100);
    const soFar = sampler.soFar();
    vi.advanceTimersByTime(100);
    expect(soFar.samples).toHaveLength(1);
    expect(sampler.soFar().samples).toHaveLength(2);
    sampler.stop();
  });

  it('counts the saturated time of the samples over the limit, in tenths of a second', () => {
    const hot = startHealthSampler({ intervalMs: 100, saturationPct: -1 });
    vi.advanceTimersByTime(350);
    expect(hot.stop()).toMatchObject({ saturated: true, saturatedSeconds: 0.4 });
    const calm = startHealthSampler({ intervalMs: 100, saturationPct: 100 });
    vi.advanceTimersByTime(350);
    expect(calm.stop()).toMatchObject({ saturated: false, saturatedSeconds: 0 });
  });

  it('keeps each worker loop rounded, and a busy worker saturates the generator', () => {
    const sampler = startHealthSampler({ intervalMs: 100, saturationPct: 90, workerLoopPcts: () => [12.34, 95.66] });
    vi.advanceTimersByTime(200);
    const health = sampler.stop();
    expect(health.samples.map((s) => s.workerEventLoopPct)).toEqual([[12.3, 95.7], [12.3, 95.7]]);
    expect(health).toMatchObject({ saturated: true, saturatedSeconds: 0.2 });
  });

  it('measures a browser tree given by its root pids: CPU and memory, and null without roots', () => {
    const sampler = startHealthSampler({ intervalMs: 100, browserPids: () => [process.pid] });
    vi.advanceTimersByTime(200);
    const health = sampler.stop();
    expect(health.samples).toHaveLength(2);
    for (const s of health.samples) {
      expect(s.browserPct).toBeGreaterThanOrEqual(0);
      expect(s.browserRssMb).toBeGreaterThan(10);
    }
  });

  it('survives a sampling hiccup: a throwing source skips the sample, never the run', () => {
    let calls = 0;
    const sampler = startHealthSampler({
      intervalMs: 100,
      workerLoopPcts: () => {
        calls++;
        if (calls === 1) throw new Error('gone');
        return [];
      },
    });
    vi.advanceTimersByTime(200);
    expect(sampler.stop().samples.map((s) => s.t)).toEqual([T0 + 200]);
  });
});

describe('saturation of one sample', () => {
  it('is the machine over the limit, or the busiest event loop over it, strictly', () => {
    expect(isSaturated(cpuSample({ machinePct: 90 }), 90)).toBe(false);
    expect(isSaturated(cpuSample({ machinePct: 90.1 }), 90)).toBe(true);
    expect(isSaturated(cpuSample({ eventLoopPct: 90 }), 90)).toBe(false);
    expect(isSaturated(cpuSample({ eventLoopPct: 90.1 }), 90)).toBe(true);
    expect(isSaturated(cpuSample({ workerEventLoopPct: [10, 90.1] }), 90)).toBe(true);
    expect(isSaturated(cpuSample({ workerEventLoopPct: [10, 90] }), 90)).toBe(false);
  });

  it('takes the busiest loop of the main thread and the workers; a sample without loops is 0', () => {
    expect(busiestLoopPct(cpuSample({ eventLoopPct: 40, workerEventLoopPct: [70, 20] }))).toBe(70);
    expect(busiestLoopPct(cpuSample({ eventLoopPct: 80, workerEventLoopPct: [70, 20] }))).toBe(80);
    expect(busiestLoopPct(cpuSample({ eventLoopPct: undefined }))).toBe(0);
  });
});

describe('CPU ticks of a process tree between two reads', () => {
  const p = (pid: number, ppid: number, ticks: number, start = pid): ProcStat => ({ pid, ppid, ticks, start });

  it('adds each process’s growth, and a new process’s ticks whole', () => {
    const before = new Map([[1, p(1, 0, 100)], [2, p(2, 1, 50)]]);
    expect(treeTicksDelta(before, [p(1, 0, 110), p(2, 1, 55), p(3, 1, 7)])).toBe(22);
  });

  it('does not subtract a vanished process whose parent is gone too', () => {
    const before = new Map([[1, p(1, 0, 100)], [2, p(2, 1, 50)]]);
    expect(treeTicksDelta(before, [p(5, 0, 30)])).toBe(30);
  });

  it('takes a reaped child out of its parent’s grown ticks', () => {
    const before = new Map([[1, p(1, 0, 100)], [2, p(2, 1, 50)]]);
    expect(treeTicksDelta(before, [p(1, 0, 170)])).toBe(20);
  });

  it('counts a reused pid as a new process, and the old one as reaped when its parent lives', () => {
    const before = new Map([[1, p(1, 0, 100)], [2, p(2, 1, 50, 9)]]);
    expect(treeTicksDelta(before, [p(1, 0, 100), p(2, 1, 60, 10)])).toBe(10);
  });
});

describe('the /proc readers', () => {
  it('reads this process’s stat: its parent, its ticks and its start', () => {
    const stat = readProcStat(process.pid)!;
    expect(stat.pid).toBe(process.pid);
    expect(stat.ppid).toBe(process.ppid);
    expect(stat.ticks).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(stat.start)).toBe(true);
    expect(stat.start).toBeGreaterThan(0);
    expect(readProcStat(999_999_999)).toBeNull();
  });

  it('reads this process’s memory in bytes, and 0 for a gone pid', () => {
    const bytes = readProcMemory(process.pid);
    expect(bytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(bytes % 1024).toBe(0);
    // Proportional or resident: never above twice the resident size Node itself reports.
    expect(bytes).toBeLessThan(2 * process.memoryUsage.rss());
    expect(readProcMemory(999_999_999)).toBe(0);
  });

  it('reads the machine’s busy and total jiffies, busy within total', () => {
    const times = readMachineTimes()!;
    expect(times.total).toBeGreaterThan(0);
    expect(times.busy).toBeGreaterThan(0);
    expect(times.busy).toBeLessThan(times.total);
  });

  it('walks a tree from its roots: this process, the parent’s tree includes it, and none from no roots', () => {
    expect(processTree([])).toEqual([]);
    expect(processTree([999_999_999])).toEqual([]);
    const mine = processTree([process.pid]);
    expect(mine[0].pid).toBe(process.pid);
    const parents = processTree([process.ppid]);
    expect(parents.map((s) => s.pid)).toContain(process.pid);
    expect(parents.map((s) => s.pid)).toContain(process.ppid);
    // A root given twice is walked once.
    expect(processTree([process.pid, process.pid]).filter((s) => s.pid === process.pid)).toHaveLength(1);
  });
});
