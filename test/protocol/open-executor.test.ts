/**
 * The open model's executor, exactly: arrivals at their planned instants, a user per arrival up to
 * --max-users (idle ones reused), the backlog and its drops, how late each iteration started, the
 * counts (every arrival scheduled is started, dropped or left unstarted at the stop), stop with and
 * without a grace period, a change of rate mid-run, stages, a split's stripe and a late join. A fake
 * population and vitest's fake timers and performance.now() make every instant exact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RateStage } from '../../src/config/run-config.js';
import { OpenExecutor, type OpenModelSettings } from '../../src/protocol/open.js';
import type { Part } from '../../src/protocol/split.js';
import { FakePopulation } from './fake-population.js';

/** The run's start on the fake clock (not 0, which would read as "not started"). */
const START = 1000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.advanceTimersByTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the fake clock to `s` seconds after the start, running what falls due on the way. */
async function until(s: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(START + s * 1000 - performance.now());
}

function settings(rate: number, caps: { maxUsers: number; maxBacklog: number }, stages?: RateStage[]): OpenModelSettings {
  return { startRate: rate, stages: stages ?? [{ durationS: 60, rate }], ...caps };
}

/** Seconds since the start, for readable expectations. */
const since = (ms: number): number => (ms - START) / 1000;

function open(population: FakePopulation, model: OpenModelSettings, part?: Part): OpenExecutor {
  return new OpenExecutor(population.asPopulation, model, part);
}

/** Whether the promise has settled, once the microtasks so far have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('arrivals', () => {
  it('starts one iteration at each arrival, 1/rate apart and on time, an idle user taking the next one', async () => {
    const population = new FakePopulation(100);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    // It sleeps until the first arrival rather than polling.
    vi.advanceTimersToNextTimer();
    expect(performance.now()).toBe(START + 250);
    expect(population.iterations).toEqual([]);
    await until(0.25);
    expect(population.iterations).toHaveLength(1);
    await until(0.999);
    expect(population.iterations).toHaveLength(3);
    await until(1);
    expect(population.iterations.map((i) => since(i.at))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(population.iterations.map((i) => [i.user, i.latenessUs])).toEqual([[1, 0], [1, 0], [1, 0], [1, 0]]);
    expect(population.spawned).toEqual([1]);
    expect(executor.activeUsers).toBe(1);
    expect(executor.info()).toEqual({ scheduled: 4, started: 4, dropped: 0, late: 0, unstartedAtStop: 0, maxUsers: 10 });
  });

  it('makes another user while every one is busy, as many as the rate times the task needs', async () => {
    const population = new FakePopulation(600);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    const users: number[] = [];
    for (const s of [0.25, 0.5, 0.75, 1, 1.25]) {
      await until(s);
      users.push(executor.activeUsers);
    }
    expect(users).toEqual([1, 2, 3, 3, 3]);
    // User 1 is free again at 0.85 s and user 2 at 1.1 s: they take the arrivals at 1 and 1.25 s.
    expect(population.iterations.map((i) => i.user)).toEqual([1, 2, 3, 1, 2]);
    expect(population.spawned).toEqual([1, 2, 3]);
  });

  it('follows the stages: a ramp from 0 to 4/s over 2 s puts arrival n at √n s, then 4/s holds', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(0, { maxUsers: 10, maxBacklog: 10 }, [{ durationS: 2, rate: 4 }]));
    executor.start(START);
    await until(0.999);
    expect(population.iterations).toEqual([]);
    await until(2.5);
    // The timers fire on whole milliseconds; each iteration knows how late that was, so its due time is exact.
    const expected = [1, Math.SQRT2, Math.sqrt(3), 2, 2.25, 2.5];
    const dues = population.dues().map(since);
    expect(dues).toHaveLength(expected.length);
    dues.forEach((due, i) => expect(due).toBeCloseTo(expected[i], 5));
    expect(population.iterations[1].latenessUs).toBeGreaterThan(0);
    expect(population.iterations[1].latenessUs).toBeLessThan(1000);
  });

  it('schedules nothing more, and keeps no timer, once the rate has ramped down to 0', async () => {
    const population = new FakePopulation(0);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }, [{ durationS: 1, rate: 4 }, { durationS: 0, rate: 0 }]));
    executor.start(START);
    await until(10);
    expect(executor.info().scheduled).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the user cap and the backlog', () => {
  it('queues arrivals once --max-users are busy, starts them late from the backlog, and drops them past it', async () => {
    const population = new FakePopulation(900);
    const executor = open(population, settings(4, { maxUsers: 1, maxBacklog: 2 }));
    executor.start(START);
    await until(2.1);
    // 0.25 starts at once; 0.5 and 0.75 wait; 1 is dropped; the user takes 0.5 at 1.15 s, then
    // 1.25 waits behind 0.75; 1.5, 1.75 and 2 are dropped; the user takes 0.75 at 2.05 s.
    expect(population.iterations.map((i) => [since(i.at), i.latenessUs])).toEqual([
      [0.25, 0],
      [1.15, 650_000],
      [2.05, 1_300_000],
    ]);
    expect(population.spawned).toEqual([1]);
    expect(executor.info()).toEqual({ scheduled: 8, started: 3, dropped: 4, late: 2, unstartedAtStop: 0, maxUsers: 1 });
    const stopping = executor.stop(2000);
    // The arrival at 1.25 s still waits: never started, not dropped.
    expect(executor.info()).toEqual({ scheduled: 8, started: 3, dropped: 4, late: 2, unstartedAtStop: 1, maxUsers: 1 });
    // The iteration in flight ends at 2.95 s, within the grace period; no arrival starts after the stop.
    await until(2.949);
    expect(await settled(stopping)).toBe(false);
    await until(2.95);
    expect(await settled(stopping)).toBe(true);
    await until(6);
    expect(population.iterations).toHaveLength(3);
    expect(population.retired).toEqual([{ user: 1, force: false }]);
    expect(population.cuts).toBe(0);
    const { scheduled, started, dropped, unstartedAtStop } = executor.info();
    expect(started + dropped + unstartedAtStop).toBe(scheduled);
  });

  it('counts an iteration late only when it starts more than 10 ms after it was due', async () => {
    const population = new FakePopulation(260);
    const executor = open(population, settings(4, { maxUsers: 1, maxBacklog: 5 }));
    executor.start(START);
    // 0.25 runs to 0.51 s, so 0.5 starts 10 ms late (on time, still) and runs to 0.77 s: 0.75 starts 20 ms late.
    await until(0.8);
    expect(population.iterations.map((i) => i.latenessUs)).toEqual([0, 10_000, 20_000]);
    expect(executor.info().late).toBe(1);
  });

  it('counts users still being made against --max-users, and starts their arrivals when they are ready', async () => {
    const population = new FakePopulation(1000, 300);
    const executor = open(population, settings(4, { maxUsers: 3, maxBacklog: 10 }));
    executor.start(START);
    await until(0.75);
    // User 1 is ready at 0.55 s and busy; user 2 is being made: user 3 is the third of the cap.
    expect(population.spawned).toEqual([1]);
    expect(executor.activeUsers).toBe(3);
    await until(1.5);
    expect(population.spawned).toEqual([1, 2, 3]);
    expect(population.iterations.map((i) => [i.user, since(i.at), i.latenessUs])).toEqual([
      [1, 0.55, 300_000],
      [2, 0.8, 300_000],
      [3, 1.05, 300_000],
    ]);
    // The cap is reached: 1, 1.25 and 1.5 wait for a free user.
    expect(executor.info()).toMatchObject({ scheduled: 6, started: 3, dropped: 0, late: 3 });
  });

  it('keeps every waiting arrival in order through a backlog of thousands', async () => {
    // 1024/s steps by an exact binary fraction; the first iteration lasts 2.5 s, the rest no time.
    const population = new FakePopulation((n) => (n === 0 ? 2500 : 0));
    const executor = open(population, settings(1024, { maxUsers: 1, maxBacklog: 5000 }));
    executor.start(START);
    await until(4);
    const dues = population.dues();
    expect(dues.length).toBe(4 * 1024);
    const wrong = dues.findIndex((due, k) => Math.abs(due - (START + ((k + 1) * 1000) / 1024)) > 0.001);
    expect(wrong).toBe(-1);
    expect(executor.info()).toMatchObject({ scheduled: 4096, started: 4096, dropped: 0 });
  });
});

describe('stop', () => {
  it('returns at once with nothing in flight, retires the idle users gently and leaves no timer', async () => {
    const population = new FakePopulation(100);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    // The iteration of 0.5 s has ended at 0.6 s; the next arrival is due at 0.75 s.
    await until(0.7);
    await executor.stop(1000);
    expect(population.retired).toEqual([{ user: 1, force: false }]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for the last of the iterations in flight, not the first to end', async () => {
    const population = new FakePopulation(600);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    // Users 1 and 2 run the arrivals of 0.25 and 0.5 s, to 0.85 and 1.1 s.
    await until(0.6);
    const stopping = executor.stop(2000);
    await until(0.85);
    expect(await settled(stopping)).toBe(false);
    await until(1.1);
    expect(await settled(stopping)).toBe(true);
    expect(population.retired).toEqual([{ user: 1, force: false }, { user: 2, force: false }]);
  });

  it('cuts the iterations still running when the grace period ends, and retires their users at once', async () => {
    const population = new FakePopulation(5000);
    const executor = open(population, settings(4, { maxUsers: 1, maxBacklog: 10 }));
    executor.start(START);
    await until(0.5);
    const stopping = executor.stop(100);
    await until(0.599);
    expect(population.cuts).toBe(0);
    expect(await settled(stopping)).toBe(false);
    await until(0.6);
    expect(await settled(stopping)).toBe(true);
    expect(population.cuts).toBe(1);
    expect(population.retired).toEqual([{ user: 1, force: true }]);
  });

  it('waits for a user still being made, retires it, and counts its arrival as unstarted', async () => {
    const population = new FakePopulation(100, 300);
    const executor = open(population, settings(4, { maxUsers: 5, maxBacklog: 10 }));
    executor.start(START);
    await until(0.3);
    const stopping = executor.stop(1000);
    expect(await settled(stopping)).toBe(false);
    await until(0.55);
    expect(await settled(stopping)).toBe(true);
    expect(population.iterations).toEqual([]);
    expect(population.retired).toEqual([{ user: 1, force: false }]);
    expect(executor.info()).toMatchObject({ scheduled: 1, started: 0, dropped: 0, unstartedAtStop: 1 });
  });

  it('starts no iteration once the -i budget is spent, and counts the arrivals left as unstarted', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    await until(0.5);
    population.exhausted = true;
    await until(1);
    expect(population.iterations).toHaveLength(2);
    await executor.stop(1000);
    expect(executor.info()).toMatchObject({ scheduled: 4, started: 2, dropped: 0, unstartedAtStop: 2 });
  });
});

describe('counts', () => {
  it('start again from 0 at the end of the warm-up, and go on from there', async () => {
    const population = new FakePopulation(900);
    const executor = open(population, settings(4, { maxUsers: 1, maxBacklog: 1 }));
    executor.start(START);
    await until(2.1);
    executor.resetCounts();
    expect(executor.info()).toEqual({ scheduled: 0, started: 0, dropped: 0, late: 0, unstartedAtStop: 0, maxUsers: 1 });
    // The user took 1.25 s from the backlog at 2.05 s: 2.25 waits, 2.5 is dropped.
    await until(2.5);
    expect(executor.info()).toMatchObject({ scheduled: 2, started: 0, dropped: 1 });
  });
});

describe('a change of rate', () => {
  it('takes the new rate from its instant, the part of an arrival already accrued kept', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(2, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    await until(0.75);
    // Half an arrival accrued from 0.5 to 0.75 s at 2/s; the other half at 4/s takes 0.125 s.
    executor.resize(4, 0.75);
    await until(1.2);
    expect(population.dues().map(since)).toEqual([0.5, 0.875, 1.125]);
    // One timer, for the arrival at 1.375 s: the one set for 1 s before the change is gone.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('made after the stages, takes its rate from its instant, not from the end of the stages', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(2, { maxUsers: 10, maxBacklog: 10 }, [{ durationS: 1, rate: 2 }]));
    executor.start(START);
    // 2/s holds after the stage; half an arrival accrued from 1.5 to 1.75 s, the other half at 4/s.
    await until(1.75);
    executor.resize(4, 1.75);
    await until(2.2);
    expect(population.dues().map(since)).toEqual([0.5, 1, 1.5, 1.875, 2.125]);
  });

  it('steps up at an arrival, and ends the arrivals when set to 0', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(2, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    await until(1);
    executor.resize(8, 1);
    await until(1.5);
    expect(population.dues().map(since)).toEqual([0.5, 1, 1.125, 1.25, 1.375, 1.5]);
    executor.resize(0, 1.5);
    await until(10);
    expect(population.iterations).toHaveLength(6);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('made before the start is the plan the start walks, a late join included', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(1, { maxUsers: 10, maxBacklog: 10 }));
    executor.resize(4, 0);
    // Joining 0.6 s late skips 0.25 and 0.5 of the new plan.
    executor.start(START, START + 600);
    await until(1);
    expect(population.dues().map(since)).toEqual([0.75, 1]);
  });

  it('made after a late join, before its first arrival, fires none of the skipped arrivals', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START, START + 1100);
    await until(1.1);
    executor.resize(4, 1.1);
    await until(1.5);
    expect(population.dues().map(since)).toEqual([1.25, 1.5]);
    expect(executor.info().scheduled).toBe(2);
  });

  it('after the stop changes nothing', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(4, { maxUsers: 10, maxBacklog: 10 }));
    executor.start(START);
    await until(0.3);
    await executor.stop(1000);
    executor.resize(100, 0.3);
    await until(2);
    expect(population.iterations).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a part of a split', () => {
  const second: Part = { index: 1, count: 2 };

  it('takes every other arrival, its share of the caps, and numbers its users globally', async () => {
    const population = new FakePopulation(2000);
    // Of 4 users and a backlog of 3, the second of two parts has 2 users (global 2 and 4) and a backlog of 1.
    const executor = open(population, settings(4, { maxUsers: 4, maxBacklog: 3 }), second);
    executor.start(START);
    await until(2);
    expect(population.iterations.map((i) => [i.user, since(i.at)])).toEqual([
      [2, 0.5],
      [4, 1],
    ]);
    expect(population.spawned).toEqual([2, 4]);
    // 1.5 waits, 2 is dropped.
    expect(executor.info()).toEqual({ scheduled: 4, started: 2, dropped: 1, late: 0, unstartedAtStop: 0, maxUsers: 2 });
  });

  it('joining late, keeps its stripe of the global arrival numbers', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(4, { maxUsers: 4, maxBacklog: 4 }), second);
    // Arrivals 0, 1, 2 (0.25 to 0.75 s) are skipped; arrival 3 at 1 s is the first of this part's.
    executor.start(START, START + 800);
    await until(2);
    expect(population.dues().map(since)).toEqual([1, 1.5, 2]);
  });

  it('joining at the very instant of an arrival, starts that arrival', async () => {
    const population = new FakePopulation(10);
    const executor = open(population, settings(4, { maxUsers: 4, maxBacklog: 4 }));
    executor.start(START, START + 500);
    await until(0.75);
    expect(population.dues().map(since)).toEqual([0.5, 0.75]);
  });
});
