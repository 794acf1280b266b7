/**
 * The generator-health sampler's formulas over two reads, on given numbers: Node's CPU share, the
 * machine's busy share, a process tree's CPU share and the event loop's busy share. The sampler around them is in
 * health-rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { loopBusyPct, machineBusyPct, nodeCpuPct, ticksCpuPct } from '../../src/metrics/health.js';

describe('Node’s CPU share', () => {
  it('is the user and system time used over the window, in % of one core', () => {
    // 0.3 s user + 0.2 s system in 1 s: half a core.
    expect(nodeCpuPct({ user: 1_000, system: 500 }, { user: 301_000, system: 200_500 }, 1000)).toBe(50);
    // 0.25 s of user time over 0.5 s, none of system.
    expect(nodeCpuPct({ user: 7, system: 3 }, { user: 250_007, system: 3 }, 500)).toBe(50);
    // 0.1 s of system time over 0.2 s, none of user.
    expect(nodeCpuPct({ user: 7, system: 3 }, { user: 7, system: 100_003 }, 200)).toBe(50);
  });

  it('passes 100 % when more than one thread ran (GC, libuv’s pool)', () => {
    expect(nodeCpuPct({ user: 0, system: 0 }, { user: 1_500_000, system: 300_000 }, 1000)).toBe(180);
  });
});

describe('the machine’s busy share', () => {
  const at = (busy: number, total: number): { busy: number; total: number } => ({ busy, total });

  it('is the busy jiffies’ share of all jiffies between the two reads', () => {
    expect(machineBusyPct(at(100, 1000), at(150, 1100))).toBe(50);
    expect(machineBusyPct(at(100, 1000), at(130, 1400))).toBe(7.5);
    expect(machineBusyPct(at(100, 1000), at(100, 1200))).toBe(0);
  });

  it('is 0 without both reads (off Linux) or when no jiffy passed', () => {
    expect(machineBusyPct(null, at(150, 1100))).toBe(0);
    expect(machineBusyPct(at(100, 1000), null)).toBe(0);
    expect(machineBusyPct(null, null)).toBe(0);
    expect(machineBusyPct(at(100, 1000), at(150, 1000))).toBe(0);
    expect(machineBusyPct(at(100, 1000), at(150, 900))).toBe(0);
  });

  it('stays within 0..100 when the counters move oddly (a busy count that grew past the total, or fell)', () => {
    expect(machineBusyPct(at(100, 1000), at(400, 1100))).toBe(100);
    expect(machineBusyPct(at(100, 1000), at(50, 1100))).toBe(0);
    expect(machineBusyPct(at(100, 1000), at(200, 1100))).toBe(100);
  });
});

describe('a process tree’s CPU share', () => {
  it('is its ticks in seconds (at the clock’s ticks per second) over the window, in % of one core', () => {
    expect(ticksCpuPct(50, 100, 1000)).toBe(50);
    expect(ticksCpuPct(50, 250, 1000)).toBe(20);
    expect(ticksCpuPct(50, 100, 250)).toBe(200);
    expect(ticksCpuPct(0, 100, 1000)).toBe(0);
  });
});

describe('the event loop’s busy share', () => {
  const elu = (idle: number, active: number) => ({ idle, active, utilization: 0 });

  it('is the active time’s share of the idle and active time between the two reads', () => {
    expect(loopBusyPct(elu(700, 300), elu(1367, 633))).toBeCloseTo(33.3, 1);
    expect(loopBusyPct(elu(700, 300), elu(750, 1250))).toBe(95);
    expect(loopBusyPct(elu(700, 300), elu(1700, 300))).toBe(0);
    expect(loopBusyPct(elu(700, 300), elu(700, 400))).toBe(100);
  });
});
