import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { createAuth } from '../../src/protocol/auth.js';
import { nextArrival } from '../../src/protocol/open.js';
import { Population } from '../../src/protocol/population.js';
import { WeightedPicker, filterTasks } from '../../src/protocol/tasks.js';
import { seededRandom } from '../../src/random.js';
import { between, pacing } from '../../src/flow-api/think.js';

describe('task selection', () => {
  it('picks tasks in proportion to their weights', () => {
    const picker = new WeightedPicker([{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }, { id: 'c', weight: 0 }]);
    const random = seededRandom(42);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[picker.pick(random).id]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
  });
  it('filters by tags like Locust -T/-E and refuses an empty result', () => {
    const tasks = [
      { name: 'r', tags: ['read'], run: async () => {} },
      { name: 'w', tags: ['write'], run: async () => {} },
    ];
    expect(filterTasks(tasks, ['read'], []).map((t) => t.name)).toEqual(['r']);
    expect(filterTasks(tasks, [], ['read']).map((t) => t.name)).toEqual(['w']);
    expect(() => filterTasks(tasks, ['report'], [])).toThrow(/no task left/);
  });
});

describe('think time and arrival rates', () => {
  it('waits between min and max, and paces to a fixed cycle', () => {
    const random = seededRandom(1);
    const waits = Array.from({ length: 1000 }, () => between(1, 3).next(0, random));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...waits)).toBeLessThanOrEqual(3);
    expect(pacing(2).next(0.5, random)).toBe(1.5);
    expect(pacing(2).next(3, random)).toBe(0);
  });
  it('schedules as many arrivals as the rate integrates to, ramps from 0 included', () => {
    const arrivalsBefore = (settings: Parameters<typeof nextArrival>[0], until: number) => {
      let n = 0;
      for (let t = nextArrival(settings, 0); t < until; t = nextArrival(settings, t)) n++;
      return n;
    };
    // 0 → 100/s over 10 s is 500 arrivals; then 100/s for 10 s is 1,000 more; then down to 0: 500.
    const ramp = { startRate: 0, stages: [{ durationS: 10, rate: 100 }, { durationS: 10, rate: 100 }, { durationS: 10, rate: 0 }] };
    expect(arrivalsBefore(ramp, 10)).toBeGreaterThanOrEqual(499);
    expect(arrivalsBefore(ramp, 10)).toBeLessThanOrEqual(500);
    expect(arrivalsBefore(ramp, 20)).toBeGreaterThanOrEqual(1499);
    expect(arrivalsBefore(ramp, 60)).toBeLessThanOrEqual(2000);
    expect(arrivalsBefore(ramp, 60)).toBeGreaterThanOrEqual(1999);
    // The ramp's first second goes from 0 to 10/s, so it holds 5 arrivals, the
    // first at √0.2 ≈ 0.447 s (where ∫ = 1), not at 10 ms.
    expect(arrivalsBefore(ramp, 1.001)).toBe(5);
    expect(nextArrival(ramp, 0)).toBeCloseTo(Math.sqrt(0.2), 6);
    expect(nextArrival({ startRate: 50, stages: [{ durationS: 5, rate: 50 }] }, 0)).toBeCloseTo(0.02, 10);
    // After the last stage its rate holds.
    expect(nextArrival({ startRate: 50, stages: [{ durationS: 5, rate: 50 }] }, 10)).toBeCloseTo(10.02, 10);
    expect(nextArrival({ startRate: 0, stages: [{ durationS: 5, rate: 0 }] }, 0)).toBe(Infinity);
  });

});

describe('flow bugs', () => {
  it('are keyed "Name: first line of the message", as browser users key theirs', async () => {
    const recorder = new MetricsRecorder();
    const tasks = [
      {
        name: 'buggy',
        run: async (user: { data: Record<string, unknown> }) => {
          (user.data.cart as unknown as { push(x: number): void }).push(1);
        },
      },
    ];
    const auth = createAuth({ apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' });
    const user = { origin: 'http://127.0.0.1:9', requestTimeoutMs: 1000, revalidateAll: false, openModel: false, userAgent: 'test' };
    const population = new Population({ tasks }, tasks, recorder, auth, { user, seed: 1 });
    const vu = await population.spawn(1);
    await population.iterate(vu);
    await population.iterate(vu);
    await population.retire(vu, true);
    const [entry] = recorder.snapshot().exceptions;
    expect(entry.count).toBe(2);
    expect(entry.message).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'push'\)$/);
    expect(entry.traceback).toContain('building-blocks.test.ts');
  });
});
