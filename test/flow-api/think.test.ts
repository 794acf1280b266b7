/**
 * Think times with Locust's meaning, as pure functions of the task's duration and the user's
 * random stream: between() spreads uniformly over [min, max], constant() and pacing() are exact,
 * each names itself for the summary and refuses what makes no sense, in one line.
 */
import { describe, expect, it } from 'vitest';
import { between, constant, pacing } from '../../src/flow-api/think.js';
import { seededRandom } from '../../src/random.js';

describe('between(min, max)', () => {
  it('maps the random stream linearly onto [min, max]: 0 is min, 0.5 the middle, just under 1 just under max', () => {
    const wait = between(1, 3);
    expect(wait.next(0, () => 0)).toBe(1);
    expect(wait.next(0, () => 0.5)).toBe(2);
    expect(wait.next(0, () => 0.25)).toBe(1.5);
    expect(wait.next(0, () => 0.999)).toBeCloseTo(2.998, 12);
  });

  it('spreads a thousand waits over the whole range, mean in the middle, whatever the task took', () => {
    const random = seededRandom(7);
    const waits = Array.from({ length: 1000 }, (_, i) => between(1, 3).next(i % 5, random));
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(Math.min(...waits)).toBeLessThan(1.05);
    expect(Math.max(...waits)).toBeGreaterThan(2.95);
    expect(mean).toBeGreaterThan(1.9);
    expect(mean).toBeLessThan(2.1);
    expect(new Set(waits).size).toBeGreaterThan(900);
  });

  it('takes min = max as a constant wait and 0 as no wait', () => {
    expect(between(2, 2).next(0, () => 0.7)).toBe(2);
    expect(between(0, 0).next(0, () => 0.7)).toBe(0);
  });

  it('names itself and refuses a negative min, or a max below min', () => {
    expect(between(0.5, 2)).toMatchObject({ kind: 'between', describe: 'between(0.5, 2)' });
    expect(() => between(-1, 2)).toThrow(new RangeError('between(-1, 2): need 0 <= min <= max'));
    expect(() => between(3, 2)).toThrow(new RangeError('between(3, 2): need 0 <= min <= max'));
    expect(() => between(Number.NaN, 2)).toThrow(RangeError);
    expect(() => between(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('constant(seconds)', () => {
  it('waits the same after every task, 0 included, and names itself', () => {
    expect(constant(1.5).next(9, () => 0.3)).toBe(1.5);
    expect(constant(0).next(0, () => 0.3)).toBe(0);
    expect(constant(2)).toMatchObject({ kind: 'constant', describe: 'constant(2)' });
  });

  it('refuses a negative wait', () => {
    expect(() => constant(-0.1)).toThrow(new RangeError('constant(-0.1): need seconds >= 0'));
    expect(() => constant(Number.NaN)).toThrow(RangeError);
  });
});

describe('pacing(seconds)', () => {
  it('waits what is left of the cycle after the task, none when the task took the cycle or longer', () => {
    expect(pacing(2).next(0.5, () => 0)).toBe(1.5);
    expect(pacing(2).next(2, () => 0)).toBe(0);
    expect(pacing(2).next(3, () => 0)).toBe(0);
    expect(pacing(2)).toMatchObject({ kind: 'pacing', describe: 'pacing(2)' });
  });

  it('refuses a cycle of 0 or less', () => {
    expect(() => pacing(0)).toThrow(new RangeError('pacing(0): need seconds > 0'));
    expect(() => pacing(-1)).toThrow(new RangeError('pacing(-1): need seconds > 0'));
    expect(pacing(0.001).next(0, () => 0)).toBe(0.001);
  });
});
