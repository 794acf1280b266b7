/**
 * The think-time waits on vitest's fake clock (setImmediate stays real): the queue wakes each wait
 * at its due time and in due order on one timer, fires a fractional due time at libuv's
 * whole-millisecond tick, and leaves no timer behind; Pauses end every wait at a stop, and a zero
 * wait yields to the event loop without a timer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pauses } from '../../src/protocol/population.js';
import { WaitQueue } from '../../src/protocol/wait-queue.js';
import { seededRandom } from '../../src/random.js';
import { settled } from './settled.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the wait queue', () => {
  it('wakes each of many waits at its due time, in due order, on one timer', () => {
    const queue = new WaitQueue();
    const random = seededRandom(3);
    const woke: { due: number; at: number }[] = [];
    const dues = Array.from({ length: 200 }, () => 1 + Math.floor(random() * 500));
    for (const due of dues) queue.add(due, () => woke.push({ due, at: performance.now() }));
    expect([queue.size, vi.getTimerCount()]).toEqual([200, 1]);
    vi.advanceTimersByTime(250);
    expect(woke.map((w) => w.due)).toEqual(dues.filter((d) => d <= 250).sort((a, b) => a - b));
    expect(queue.size).toBe(dues.filter((d) => d > 250).length);
    vi.advanceTimersByTime(250);
    expect(woke.map((w) => w.due)).toEqual([...dues].sort((a, b) => a - b));
    // On time, or 1 ms early with a wait due the millisecond before it (libuv's slack).
    expect(woke.filter((w) => w.at > w.due || w.at < w.due - 1)).toEqual([]);
    expect(woke.filter((w) => w.at === w.due).length).toBeGreaterThan(100);
    expect([queue.size, vi.getTimerCount()]).toEqual([0, 0]);
  });

  it('keeps one timer when a wait shorter than every one asleep re-arms it, and wakes both on time', () => {
    const queue = new WaitQueue();
    const woke: string[] = [];
    queue.add(400, () => woke.push(`long at ${performance.now()}`));
    queue.add(30, () => woke.push(`short at ${performance.now()}`));
    queue.add(200, () => woke.push(`middle at ${performance.now()}`));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(woke).toEqual(['short at 30', 'middle at 200', 'long at 400']);
  });

  it('fires a fractional due time at the whole millisecond before it, as libuv does, and no wait more than 1 ms early', () => {
    const queue = new WaitQueue();
    const woke: string[] = [];
    queue.add(10.5, () => woke.push(`10.5 at ${performance.now()}`));
    queue.add(12, () => woke.push(`12 at ${performance.now()}`));
    // Due 1 ms after the tick: woken by it, 1 ms early at most, rather than by a timer of its own.
    queue.add(11, () => woke.push(`11 at ${performance.now()}`));
    vi.advanceTimersByTime(9);
    expect(woke).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(woke).toEqual(['10.5 at 10', '11 at 10', '12 at 12']);
  });

  it('wakes a wait that a wake adds at its own due time', () => {
    const queue = new WaitQueue();
    const woke: number[] = [];
    queue.add(100, () => {
      woke.push(performance.now());
      queue.add(50, () => woke.push(performance.now()));
    });
    queue.add(300, () => woke.push(performance.now()));
    vi.advanceTimersByTime(1000);
    expect(woke).toEqual([100, 150, 300]);
  });

  it('wakes every wait at once in due order at wakeAll, and leaves no timer behind', () => {
    const queue = new WaitQueue();
    const woke: number[] = [];
    for (const ms of [500, 20, 300, 20, 900, 100]) queue.add(ms, () => woke.push(ms));
    queue.wakeAll();
    expect(woke).toEqual([20, 20, 100, 300, 500, 900]);
    expect([queue.size, vi.getTimerCount()]).toEqual([0, 0]);
    // The queue works on after it: a new wait arms a new timer.
    queue.add(10, () => woke.push(10));
    vi.advanceTimersByTime(10);
    expect(woke.at(-1)).toBe(10);
  });
});

describe('pauses', () => {
  it('end a wait after its time, not before', async () => {
    const pauses = new Pauses();
    const wait = pauses.wait(100);
    vi.advanceTimersByTime(99);
    expect(await settled(wait)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(wait)).toBe(true);
  });

  it('end every wait at once at a stop, and every later one without a timer', async () => {
    const pauses = new Pauses();
    const waits = [pauses.wait(60_000), pauses.wait(1000)];
    expect(pauses.stopped).toBe(false);
    pauses.stop();
    expect(pauses.stopped).toBe(true);
    expect(await settled(Promise.all(waits))).toBe(true);
    expect(await settled(pauses.wait(60_000))).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('let a zero or negative wait yield to the event loop only, without a timer, batch after batch', async () => {
    const pauses = new Pauses();
    expect(await settled(Promise.all([pauses.wait(0), pauses.wait(0), pauses.wait(-5)]))).toBe(true);
    expect(await settled(pauses.wait(0))).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
