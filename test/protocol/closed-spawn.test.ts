/**
 * The closed model's spawn rate, visible in the user count over time: -u 5 -r 2 starts one user at
 * once and one more every 500 ms, and a resize to fewer users lets the extra ones leave after their
 * task. Timers and performance.now() are vitest's fake ones, so the schedule is exact and no
 * assertion races the machine's scheduler.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { constant } from '../../src/flow-api/think.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { createAuth } from '../../src/protocol/auth.js';
import { ClosedExecutor } from '../../src/protocol/closed.js';
import { Population } from '../../src/protocol/population.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A population whose one task records nothing and takes no time; each user then waits `waitS`. */
function population(iterations: { user: number }[], waitS: number): Population {
  const tasks = [{ name: 'noop', run: async (user: { id: number }) => void iterations.push({ user: user.id }) }];
  const auth = createAuth({ apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' });
  const user = { origin: 'http://127.0.0.1:9', requestTimeoutMs: 1000, revalidateAll: false, openModel: false, userAgent: 'test' };
  return new Population({ tasks, wait: constant(waitS) }, tasks, new MetricsRecorder(), auth, { user, seed: 1 });
}

describe('the closed model over time', () => {
  it('starts -r users a second, the first at once: 1, 2, 3, 4, 5 users at 0, 0.5, 1, 1.5, 2 s', async () => {
    const iterations: { user: number }[] = [];
    const executor = new ClosedExecutor(population(iterations, 60), { users: 5, spawnRate: 2 });
    executor.start(performance.now());
    const counts: number[] = [];
    await vi.advanceTimersByTimeAsync(0);
    counts.push(executor.activeUsers);
    for (let step = 0; step < 5; step++) {
      await vi.advanceTimersByTimeAsync(499);
      counts.push(executor.activeUsers);
      await vi.advanceTimersByTimeAsync(1);
      counts.push(executor.activeUsers);
    }
    expect(counts).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5]);
    // Each user ran its task once on arrival, then waits its 60 s think time.
    expect(iterations.map((i) => i.user)).toEqual([1, 2, 3, 4, 5]);
    const stopping = executor.stop(1000);
    await vi.advanceTimersByTimeAsync(0);
    await stopping;
    expect(executor.activeUsers).toBe(0);
  });

  it('starts them all at once at a spawn rate at or above the users, and none after a stop', async () => {
    const iterations: { user: number }[] = [];
    const executor = new ClosedExecutor(population(iterations, 60), { users: 4, spawnRate: 4 });
    executor.start(performance.now());
    await vi.advanceTimersByTimeAsync(0);
    expect(executor.activeUsers).toBe(1);
    await vi.advanceTimersByTimeAsync(750);
    expect(executor.activeUsers).toBe(4);
    const stopping = executor.stop(1000);
    await vi.advanceTimersByTimeAsync(0);
    await stopping;
    await vi.advanceTimersByTimeAsync(5000);
    expect(executor.activeUsers).toBe(0);
    expect(iterations).toHaveLength(4);
  });

  it('loops task and think time, and lets users above a smaller count leave after their task', async () => {
    const iterations: { user: number }[] = [];
    const executor = new ClosedExecutor(population(iterations, 1), { users: 3, spawnRate: 100 });
    executor.start(performance.now());
    await vi.advanceTimersByTimeAsync(100);
    expect(executor.activeUsers).toBe(3);
    expect(iterations).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(iterations).toHaveLength(6);
    executor.resize(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(executor.activeUsers).toBe(1);
    expect(iterations.slice(6).map((i) => i.user)).toEqual([1]);
    executor.resize(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(executor.activeUsers).toBe(2);
    const stopping = executor.stop(1000);
    await vi.advanceTimersByTimeAsync(0);
    await stopping;
    expect(executor.activeUsers).toBe(0);
  });
});
