import { describe, expect, it } from 'vitest';
import { nextArrival } from '../../src/protocol/open.js';
import { dueUsers, globalNumber, owns, partsOf, shareOf, spawnTimeS } from '../../src/protocol/split.js';

/** The global user numbers a part starts, in its own order, with their start times. */
function closedPlan(part: { index: number; count: number }, users: number, rate: number): { k: number; atS: number }[] {
  const out: { k: number; atS: number }[] = [];
  for (let local = 0; local < shareOf(part, users); local++) {
    const k = globalNumber(part, local);
    out.push({ k, atS: spawnTimeS(k, rate) });
  }
  return out;
}

/** Arrival times of a whole schedule over `durationS`, numbered from 0. */
function schedule(settings: Parameters<typeof nextArrival>[0], durationS: number): number[] {
  const times: number[] = [];
  for (let t = nextArrival(settings, 0); t <= durationS; t = nextArrival(settings, t)) times.push(t);
  return times;
}

describe('splitting a run over N parts', () => {
  it('gives every closed-model user to exactly one part, striped (user k to part k mod N)', () => {
    for (const n of [1, 2, 3, 4, 7]) {
      for (const users of [0, 1, 2, 5, 10, 101]) {
        const parts = partsOf(n);
        const all = parts.flatMap((part) => closedPlan(part, users, 10).map((u) => u.k));
        expect(all.sort((a, b) => a - b)).toEqual([...Array(users).keys()]);
        expect(parts.reduce((sum, part) => sum + shareOf(part, users), 0)).toBe(users);
        for (const part of parts) for (const u of closedPlan(part, users, 10)) expect(u.k % n).toBe(part.index);
      }
    }
  });

  it('has the first closed-model user due at once, one more every 1/rate s, and never more than the users', () => {
    // 10 users at 4/s: user k is due at k/4 s, the tenth at 2.25 s.
    expect([0, 0.249, 0.25, 0.5, 1, 2.249, 2.25, 60].map((t) => dueUsers(10, 4, t))).toEqual([1, 1, 2, 3, 5, 9, 10, 10]);
    // A rate below 1/s: one user every 2 s.
    expect([0, 1.99, 2, 4].map((t) => dueUsers(3, 0.5, t))).toEqual([1, 1, 2, 3]);
  });

  it('keeps the one-thread ramp: the parts together have as many users due at any time as one thread', () => {
    for (const n of [2, 3, 5]) {
      for (const [users, rate] of [[10, 2], [100, 7.5], [3, 0.5], [50, 1000]] as const) {
        for (let t = 0; t <= users / rate + 1; t += 0.05) {
          const due = dueUsers(users, rate, t);
          expect(partsOf(n).reduce((sum, part) => sum + shareOf(part, due), 0)).toBe(due);
        }
        // Each part's users start at the global ramp's times, so the union of start times is the plan's.
        const union = partsOf(n).flatMap((part) => closedPlan(part, users, rate).map((u) => u.atS));
        expect(union.sort((a, b) => a - b)).toEqual([...Array(users).keys()].map((k) => k / rate));
      }
    }
  });

  it('gives every open-model arrival to exactly one part, so the union is the one-thread schedule', () => {
    const settingsList = [
      { startRate: 50, stages: [{ durationS: 10, rate: 50 }] },
      { startRate: 0, stages: [{ durationS: 4, rate: 40 }, { durationS: 3, rate: 40 }, { durationS: 3, rate: 0 }] },
    ];
    for (const settings of settingsList) {
      const whole = schedule(settings, 10);
      expect(whole.length).toBeGreaterThan(100);
      for (const n of [2, 3, 4]) {
        const parts = partsOf(n).map((part) => whole.filter((_, j) => owns(part, j)));
        expect(parts.reduce((sum, p) => sum + p.length, 0)).toBe(whole.length);
        expect(parts.flat().sort((a, b) => a - b)).toEqual(whole);
        // Striped, not in blocks: every part arrives over the whole run, not in one stretch of it.
        for (const p of parts) expect(p[p.length - 1] - p[0]).toBeGreaterThan(whole[whole.length - 1] - whole[0] - 1);
      }
    }
  });

  it('divides --max-users and the backlog into shares that add up exactly', () => {
    for (const n of [1, 2, 3, 8]) {
      for (const cap of [0, 1, 7, 100, 1001]) {
        const shares = partsOf(n).map((part) => shareOf(part, cap));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(cap);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('refuses a split into no parts', () => {
    expect(() => partsOf(0)).toThrow(RangeError);
  });
});
