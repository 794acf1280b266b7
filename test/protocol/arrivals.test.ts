/**
 * The open model's arrival schedule, exactly: a constant rate steps by 1/rate, a linear ramp puts
 * arrival n where the rate's integral reaches n (a quadratic, solved), stages join without losing
 * or adding a fraction of an arrival, and a schedule that ends at rate 0 ends.
 */
import { describe, expect, it } from 'vitest';
import { nextArrival, rateAt } from '../../src/protocol/open.js';
import type { RateStage } from '../../src/config/run-config.js';

type Schedule = { startRate: number; stages: readonly RateStage[] };

/** Every arrival up to `untilS`. */
function arrivals(schedule: Schedule, untilS: number): number[] {
  const out: number[] = [];
  for (let t = nextArrival(schedule, 0); t <= untilS; t = nextArrival(schedule, t)) out.push(t);
  return out;
}

describe('nextArrival', () => {
  it('steps by 1/rate at a constant rate, and keeps the last stage rate after the stages', () => {
    const steady = { startRate: 4, stages: [{ durationS: 1, rate: 4 }] };
    expect(nextArrival(steady, 0)).toBeCloseTo(0.25, 12);
    expect(nextArrival(steady, 0.6)).toBeCloseTo(0.85, 12);
    expect(nextArrival(steady, 1)).toBeCloseTo(1.25, 12);
    expect(nextArrival(steady, 2.5)).toBeCloseTo(2.75, 12);
    expect(nextArrival({ startRate: 5, stages: [] }, 1)).toBeCloseTo(1.2, 12);
  });

  it('on a ramp from 0 to 2/s over 4 s puts arrival n at sqrt(4n), where the area under the rate is n', () => {
    const ramp = { startRate: 0, stages: [{ durationS: 4, rate: 2 }] };
    const times = arrivals(ramp, 4);
    expect(times).toHaveLength(4);
    times.forEach((t, i) => expect(t).toBeCloseTo(Math.sqrt(4 * (i + 1)), 9));
  });

  it('on a ramp down from 4/s to 0 over 2 s gives its arrivals where the area is whole, and none after', () => {
    const down = { startRate: 4, stages: [{ durationS: 2, rate: 0 }] };
    // Area up to t is 4t - t²: arrival n is at 2 - sqrt(4 - n). The 4th is due at the very end,
    // where the area left is 1 to within rounding: it may fall on either side of it.
    const times = arrivals(down, 100);
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times.length).toBeLessThanOrEqual(4);
    times.forEach((t, i) => expect(t).toBeCloseTo(2 - Math.sqrt(4 - (i + 1)), 9));
    expect(nextArrival(down, 2)).toBe(Infinity);
    expect(nextArrival({ startRate: 0, stages: [] }, 0)).toBe(Infinity);
  });

  it('carries the part of an arrival left at the end of a stage into the next one', () => {
    // 1.5 arrivals in the first second, then 10/s: the second arrival needs 0.5 more, 0.05 s in.
    const two = { startRate: 1.5, stages: [{ durationS: 1, rate: 1.5 }, { durationS: 1, rate: 10 }] };
    // The second stage ramps from 1.5 to 10: the 0.5 arrival left is where 1.5d + 4.25d² = 0.5.
    const d = (-1.5 + Math.sqrt(1.5 * 1.5 + 4 * 4.25 * 0.5)) / (2 * 4.25);
    const [first, second] = arrivals(two, 2);
    expect(first).toBeCloseTo(2 / 3, 12);
    expect(second).toBeCloseTo(1 + d, 9);
  });

  it('passes over a stage of zero length, and a pause at rate 0, without an arrival in it', () => {
    const paused = { startRate: 2, stages: [{ durationS: 1, rate: 2 }, { durationS: 0, rate: 0 }, { durationS: 3, rate: 0 }, { durationS: 1, rate: 0 }] };
    // 2/s for 1 s, then a step to 0 and 3 s at 0 and 1 s still at 0: two arrivals, then none.
    expect(arrivals(paused, 10)).toHaveLength(2);
    const resumed = { startRate: 2, stages: [{ durationS: 1, rate: 2 }, { durationS: 0, rate: 0 }, { durationS: 2, rate: 0 }, { durationS: 0, rate: 4 }] };
    expect(nextArrival(resumed, 1)).toBeCloseTo(3.25, 9);
  });

  it('gives the number of arrivals the rate integrates to over a mixed plan, within one', () => {
    const plan = { startRate: 10, stages: [{ durationS: 3, rate: 40 }, { durationS: 2, rate: 40 }, { durationS: 5, rate: 0 }] };
    // 75 + 80 + 100 = 255 arrivals in all; the last one, due at the very end, to within rounding.
    const count = arrivals(plan, 1000).length;
    expect(count).toBeGreaterThanOrEqual(254);
    expect(count).toBeLessThanOrEqual(255);
    expect(arrivals(plan, 3).length).toBe(75);
  });
});

describe('rateAt', () => {
  it('reads the start rate at 0, a linear ramp inside a stage, and the last rate after the stages', () => {
    const ramp = { startRate: 3, stages: [{ durationS: 4, rate: 11 }] };
    expect([0, 1, 2, 4, 6].map((t) => rateAt(ramp, t))).toEqual([3, 5, 7, 11, 11]);
    expect([0, 3].map((t) => rateAt({ startRate: 5, stages: [] }, t))).toEqual([5, 5]);
  });

  it('follows a plan stage by stage, a ramp down included', () => {
    const plan = { startRate: 10, stages: [{ durationS: 3, rate: 40 }, { durationS: 2, rate: 40 }, { durationS: 5, rate: 0 }] };
    expect([1.5, 3, 4, 7.5, 10, 12].map((t) => rateAt(plan, t))).toEqual([25, 40, 40, 20, 0, 0]);
  });

  it('takes a step (a stage of zero length) at its instant', () => {
    const step = { startRate: 2, stages: [{ durationS: 1, rate: 2 }, { durationS: 0, rate: 5 }, { durationS: 2, rate: 5 }] };
    expect([0.5, 1, 2].map((t) => rateAt(step, t))).toEqual([2, 5, 5]);
  });
});
