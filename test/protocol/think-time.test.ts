import { describe, expect, it } from 'vitest';
import type { Task, WaitTime } from '../../src/flow-api/api.js';
import { constant, pacing } from '../../src/flow-api/think.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { createAuth } from '../../src/protocol/auth.js';
import { ClosedExecutor } from '../../src/protocol/closed.js';
import { Pauses, Population } from '../../src/protocol/population.js';
import { WaitQueue } from '../../src/protocol/wait-queue.js';
import { until } from '../helpers.js';

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A closed model of `users` users whose one task takes `taskMs` and logs when each iteration starts and ends. */
function closedRun(wait: WaitTime, users: number, taskMs: number) {
  const starts = new Map<number, number[]>();
  const ends = new Map<number, number[]>();
  let stopped = 0;
  const tasks: Task[] = [
    {
      name: 'work',
      async run(user) {
        starts.set(user.id, [...(starts.get(user.id) ?? []), performance.now()]);
        await sleep(taskMs);
        ends.set(user.id, [...(ends.get(user.id) ?? []), performance.now()]);
      },
    },
  ];
  const auth = createAuth({ apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' });
  const user = { origin: 'http://127.0.0.1:9', requestTimeoutMs: 1000, revalidateAll: false, openModel: false, userAgent: 'test' };
  const flow = { tasks, wait, onStop: async () => void stopped++ };
  const population = new Population(flow, tasks, new MetricsRecorder(), auth, { user, seed: 1 });
  const executor = new ClosedExecutor(population, { users, spawnRate: 1000 });
  return { executor, starts, ends, stoppedUsers: () => stopped };
}

describe('think time in the closed model', () => {
  it('waits constant() after each task ends, never less', async () => {
    const run = closedRun(constant(0.1), 3, 20);
    run.executor.start();
    await until(() => run.starts.size === 3 && [...run.starts.values()].every((s) => s.length >= 3), 'three iterations of each user');
    await run.executor.stop(1000);
    for (const [id, starts] of run.starts) {
      const ends = run.ends.get(id)!;
      // libuv counts whole milliseconds: a wait may end up to 1 ms before its fractional due time.
      for (let i = 1; i < starts.length; i++) expect(starts[i] - ends[i - 1]).toBeGreaterThanOrEqual(99);
    }
  });

  it('paces iterations to a fixed cycle with pacing(), the task counted in it', async () => {
    const run = closedRun(pacing(0.2), 2, 50);
    run.executor.start();
    await until(() => run.starts.size === 2 && [...run.starts.values()].every((s) => s.length >= 5), 'five iterations of each user');
    await run.executor.stop(1000);
    for (const starts of run.starts.values()) {
      const cycles = starts.slice(1).map((t, i) => t - starts[i]);
      for (const cycle of cycles) expect(cycle).toBeGreaterThanOrEqual(199);
      // Not 250 ms (task plus a wait of 200 ms): the wait is what is left of the cycle.
      expect(cycles.reduce((a, b) => a + b, 0) / cycles.length).toBeLessThan(240);
    }
  });

  it('stops at once while every user sleeps through a long wait, and runs their onStop', async () => {
    const run = closedRun(constant(60), 50, 1);
    run.executor.start();
    // Every user in its long wait (its one task done), however slowly the machine started them.
    await until(() => run.ends.size === 50, 'every user to finish its first task');
    const before = performance.now();
    await run.executor.stop(5000);
    expect(performance.now() - before).toBeLessThan(500);
    expect(run.stoppedUsers()).toBe(50);
    expect([...run.starts.values()].every((s) => s.length === 1)).toBe(true);
  });
});

describe('the wait queue', () => {
  it('sleeps a thousand waits on one timer and wakes each in due order, not before its time', async () => {
    const pauses = new Pauses();
    const before = timeouts();
    const woke: { due: number; late: number }[] = [];
    const madeFrom = performance.now();
    const waits = Array.from({ length: 1000 }, (_, i) => {
      const due = performance.now() + 50 + ((i * 37) % 200);
      return pauses.wait(due - performance.now()).then(() => woke.push({ due, late: performance.now() - due }));
    });
    expect(timeouts() - before).toBe(1);
    // A wait's due time is read here, then again in wait(): a GC pause between the two reads may
    // shift the queue's by up to the time it took to make them all.
    const spread = performance.now() - madeFrom;
    await Promise.all(waits);
    expect(Math.min(...woke.map((w) => w.late))).toBeGreaterThanOrEqual(-1);
    for (let i = 1; i < woke.length; i++) expect(woke[i].due).toBeGreaterThanOrEqual(woke[i - 1].due - spread);
    // Its one timer is gone (a timer of an earlier test may have ended meanwhile too).
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('re-arms for a wait shorter than every one already asleep', async () => {
    const queue = new WaitQueue();
    const woke: string[] = [];
    queue.add(400, () => woke.push('long'));
    const startedAt = performance.now();
    await new Promise<void>((resolve) => queue.add(30, resolve));
    expect(performance.now() - startedAt).toBeLessThan(300);
    expect(woke).toEqual([]);
    queue.wakeAll();
    expect(woke).toEqual(['long']);
    expect(queue.size).toBe(0);
  });
});
