/**
 * The closed executor's edges, over a fake population on vitest's fake clock: a part of a split
 * starts its users when the global ramp reaches them, under their global numbers; the stop waits
 * for tasks in flight up to the grace period and then cuts them; a spent `-i` budget or a change of
 * users lets users leave, and a user leaving while the count goes up again starts anew.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClosedExecutor, type ClosedModelSettings } from '../../src/protocol/closed.js';
import type { Part } from '../../src/protocol/split.js';
import { FakePopulation } from './fake-population.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function executor(population: FakePopulation, settings: ClosedModelSettings, part?: Part): ClosedExecutor {
  return new ClosedExecutor(population.asPopulation, settings, part);
}

/** Whether `promise` has settled once the fake clock has moved on by `ms`. */
async function settledAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('a part of a split closed model', () => {
  it('starts its users when the global ramp reaches them, each under its global number', async () => {
    const population = new FakePopulation(0);
    population.think = 60_000;
    // -u 4 -r 1 over two parts: the second holds global users 1 and 3 (0-based), due at 1 s and 3 s.
    const second = executor(population, { users: 4, spawnRate: 1 }, { index: 1, count: 2 });
    second.start(performance.now());
    const counts: number[] = [];
    for (const ms of [0, 999, 1, 1999, 1]) {
      await vi.advanceTimersByTimeAsync(ms);
      counts.push(second.activeUsers);
    }
    expect(counts).toEqual([0, 0, 1, 1, 2]);
    expect(population.spawned).toEqual([2, 4]);
    await second.stop(1000);
  });

  it('follows the run start it is given, not its own: a part started late catches up with the ramp at once', async () => {
    const population = new FakePopulation(0);
    population.think = 60_000;
    const late = executor(population, { users: 5, spawnRate: 1 });
    late.start(performance.now() - 2000);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.activeUsers).toBe(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(late.activeUsers).toBe(4);
    await late.stop(1000);
  });
});

describe('the spawn clock', () => {
  it('stops once every user has started and runs again for a change of users; after the stop nothing starts', async () => {
    const population = new FakePopulation(0);
    population.think = 60_000;
    const closed = executor(population, { users: 3, spawnRate: 10 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(50);
    // The spawn clock and the one timer of the users' think-time waits; a change during the ramp keeps its clock.
    expect([closed.activeUsers, vi.getTimerCount()]).toEqual([1, 2]);
    closed.resize(3);
    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(150);
    expect([closed.activeUsers, vi.getTimerCount()]).toEqual([3, 1]);
    // Users 4 and 5 are due on the ramp's clock at 300 and 400 ms.
    closed.resize(5);
    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(150);
    expect([closed.activeUsers, vi.getTimerCount()]).toEqual([4, 2]);
    await vi.advanceTimersByTimeAsync(100);
    expect([closed.activeUsers, vi.getTimerCount()]).toEqual([5, 1]);
    await closed.stop(1000);
    closed.resize(8);
    await vi.advanceTimersByTimeAsync(5000);
    expect([closed.activeUsers, population.spawned.length, vi.getTimerCount()]).toEqual([0, 5, 0]);
  });
});

describe('the closed model stop', () => {
  it('waits for the tasks in flight up to the grace period, then cuts them: their users close at once', async () => {
    const population = new FakePopulation(5000);
    const closed = executor(population, { users: 2, spawnRate: 100 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(100);
    const stopping = closed.stop(1000);
    expect(await settledAfter(stopping, 999)).toBe(false);
    expect(population.cuts).toBe(0);
    expect(await settledAfter(stopping, 1)).toBe(true);
    expect(population.cuts).toBe(1);
    expect(population.retired).toEqual([
      { user: 1, force: true },
      { user: 2, force: true },
    ]);
    expect(closed.activeUsers).toBe(0);
  });

  it('cuts nothing when the tasks end within the grace period, and starts no iteration after it', async () => {
    const population = new FakePopulation(500);
    const closed = executor(population, { users: 2, spawnRate: 100 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(100);
    const stopping = closed.stop(1000);
    // The first user's task ends at 500 ms, the second's (started at the spawn clock's next tick) at 550 ms.
    expect(await settledAfter(stopping, 449)).toBe(false);
    expect(await settledAfter(stopping, 1)).toBe(true);
    expect(population.cuts).toBe(0);
    expect(population.retired).toEqual([
      { user: 1, force: false },
      { user: 2, force: false },
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(population.iterations).toHaveLength(2);
  });
});

describe('users leaving the closed model', () => {
  it('start anew only where none runs: a user still thinking when the count goes up again stays', async () => {
    const population = new FakePopulation(0);
    // Users 1, 2, 3 start at 0, 100 and 200 ms and think 1 s after each task.
    const closed = executor(population, { users: 3, spawnRate: 10 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(250);
    closed.resize(1);
    // User 2 leaves at 1100 ms; user 3 is still thinking when the count goes back to 3 at 1150 ms.
    await vi.advanceTimersByTimeAsync(870);
    expect([closed.activeUsers, vi.getTimerCount()]).toEqual([2, 1]);
    await vi.advanceTimersByTimeAsync(30);
    closed.resize(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(population.retired.map((r) => r.user)).toEqual([2]);
    expect(population.spawned).toEqual([1, 2, 3, 2]);
    expect(closed.activeUsers).toBe(3);
    await closed.stop(1000);
  });

  it('start no task after a stop that finds them thinking', async () => {
    const population = new FakePopulation(0);
    const closed = executor(population, { users: 2, spawnRate: 100 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(100);
    await closed.stop(1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(population.iterations.map((i) => i.user)).toEqual([1, 2]);
    expect(population.retired).toEqual([
      { user: 1, force: false },
      { user: 2, force: false },
    ]);
  });

  it('leave after their task once the -i budget is spent, are not forced, and none starts again', async () => {
    const population = new FakePopulation(100);
    population.think = 100;
    const closed = executor(population, { users: 2, spawnRate: 100 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(150);
    expect(closed.activeUsers).toBe(2);
    population.exhausted = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(closed.activeUsers).toBe(0);
    expect(population.retired).toEqual([
      { user: 1, force: false },
      { user: 2, force: false },
    ]);
    expect(population.spawned).toEqual([1, 2]);
    expect(population.iterations).toHaveLength(2);
    await closed.stop(1000);
  });

  it('are not started by the ramp once the -i budget is spent', async () => {
    const population = new FakePopulation(100);
    const closed = executor(population, { users: 3, spawnRate: 1 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(1500);
    expect(population.spawned).toEqual([1, 2]);
    population.exhausted = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(population.spawned).toEqual([1, 2]);
    expect(closed.activeUsers).toBe(0);
    // Nor is a spawn clock left ticking.
    expect(vi.getTimerCount()).toBe(0);
    await closed.stop(1000);
  });

  it('start anew when the count went up again while they were leaving', async () => {
    const population = new FakePopulation(0);
    population.retireMs = 500;
    const closed = executor(population, { users: 3, spawnRate: 100 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(100);
    expect(population.spawned).toEqual([1, 2, 3]);
    // Users 2 and 3 see the smaller count after their think time (1 s) and take 500 ms to leave.
    closed.resize(1);
    await vi.advanceTimersByTimeAsync(1000);
    closed.resize(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(population.retired.map((r) => r.user).sort()).toEqual([2, 3]);
    expect(population.spawned.slice(0, 3)).toEqual([1, 2, 3]);
    expect(population.spawned.slice(3).sort()).toEqual([2, 3]);
    expect(closed.activeUsers).toBe(3);
    const stopping = closed.stop(1000);
    await vi.advanceTimersByTimeAsync(500);
    await stopping;
    expect(closed.activeUsers).toBe(0);
  });
});
