import { describe, expect, it, vi } from 'vitest';
import type { RunConfig } from '../../src/config/run-config.js';
import { CannotRunError } from '../../src/errors.js';
import { LATE_AFTER_MS, skippedArrivals, waitForStart } from '../../src/runner/start-barrier.js';

const openRun = (shard?: RunConfig['shard']) =>
  ({ model: { kind: 'open', startRate: 100, stages: [{ durationS: 10, rate: 100 }], maxUsers: 10, maxBacklog: 10 }, shard }) as RunConfig;

describe('--start-at', () => {
  it('waits for the planned start and runs the clock from it', async () => {
    // On fake timers: a real sleep woken late on a busy machine would be a late join, rightly.
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 12) });
    try {
      const planned = Date.now() + 300;
      let woke = false;
      const waiting = waitForStart({ epochMs: planned, lateStart: 'join' }, () => false).then((start) => ((woke = true), start));
      await vi.advanceTimersByTimeAsync(299);
      expect(woke).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const start = await waiting;
      expect(start.startedAt).toBe(planned);
      expect(start.joinAt).toBe(planned);
      expect(start.planned!.actualStart).toBe(planned);
    } finally {
      vi.useRealTimers();
    }
  });

  it('joins late when it wakes more than LATE_AFTER_MS after the planned start', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 12) });
    try {
      const planned = Date.now() + 100;
      const waiting = waitForStart({ epochMs: planned, lateStart: 'join' }, () => false);
      // A process that could not run for a while: the clock moves on without the timer firing.
      vi.setSystemTime(planned + LATE_AFTER_MS + 1);
      await vi.advanceTimersByTimeAsync(200);
      const start = await waiting;
      expect(start.startedAt).toBe(planned);
      expect(start.joinAt).toBeGreaterThan(planned + LATE_AFTER_MS);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a process ready late joins at once on the global clock, its skipped arrivals counted per shard', async () => {
    const planned = Date.now() - 1000;
    const start = await waitForStart({ epochMs: planned, lateStart: 'join' }, () => false);
    expect(start.startedAt).toBe(planned);
    expect(start.joinAt - planned).toBeGreaterThan(LATE_AFTER_MS);
    const late = { startedAt: 0, joinAt: 1005 };
    // 100 arrivals a second: those at 10, 20, …, 1000 ms were due before the join at 1005 ms.
    expect(skippedArrivals(openRun(), late)).toBe(100);
    const thirds = [0, 1, 2].map((index) => skippedArrivals(openRun({ index, count: 3, weights: [1, 1, 1] }), late));
    expect(thirds).toEqual([34, 33, 33]);
  });

  it('fails with --late-start fail, one line, exit 4', async () => {
    const planned = Date.now() - 5000;
    const waiting = waitForStart({ epochMs: planned, lateStart: 'fail' }, () => false);
    await expect(waiting).rejects.toThrow(CannotRunError);
    await expect(waiting).rejects.toThrow(/^ready \d+ ms after --start-at \S+Z \(--late-start fail\)$/);
  });

  it('stops waiting at a Ctrl-C', async () => {
    const before = Date.now();
    await waitForStart({ epochMs: before + 60_000, lateStart: 'join' }, () => true);
    expect(Date.now() - before).toBeLessThan(1000);
  });
});
