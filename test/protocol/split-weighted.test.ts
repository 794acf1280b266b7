import { describe, expect, it } from 'vitest';
import { nextArrival } from '../../src/protocol/open.js';
import { type Part, globalNumber, owns, partsOf, shareOf, within } from '../../src/protocol/split.js';
import { seededRandom } from '../../src/random.js';

/** Arrival times of a whole schedule over `durationS`, numbered from 0. */
function schedule(settings: Parameters<typeof nextArrival>[0], durationS: number): number[] {
  const times: number[] = [];
  for (let t = nextArrival(settings, 0); t <= durationS; t = nextArrival(settings, t)) times.push(t);
  return times;
}

/** The global items a part owns among 0 … total-1, found by its own numbering. */
function itemsOf(part: Part, total: number): number[] {
  return Array.from({ length: shareOf(part, total) }, (_, local) => globalNumber(part, local));
}

const random = seededRandom(11);
const randomWeights = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(random() * 5));

/** N = 1 … 64, equal and random weights. */
const splits: { count: number; weights?: number[] }[] = [];
for (let count = 1; count <= 64; count++) splits.push({ count }, { count, weights: randomWeights(count) });

describe('striped shards, weighted (k6 execution segments)', () => {
  it('gives every item to exactly one part and the shares add up to the total, for N = 1 … 64', () => {
    for (const { count, weights } of splits) {
      const parts = partsOf(count, weights);
      for (const total of [0, 1, count - 1, count, 97, 1000]) {
        const owners = Array.from({ length: total }, (_, j) => parts.filter((p) => owns(p, j)).length);
        expect(owners.every((n) => n === 1)).toBe(true);
        expect(parts.reduce((sum, p) => sum + shareOf(p, total), 0)).toBe(total);
        const union = parts.flatMap((p) => itemsOf(p, total)).sort((a, b) => a - b);
        expect(union).toEqual([...Array(total).keys()]);
        for (const p of parts) for (const j of itemsOf(p, total)) expect(owns(p, j)).toBe(true);
      }
    }
  });

  it('gives each part its weight\'s share of every prefix, within one item of exact', () => {
    for (const { count, weights } of splits) {
      const w = weights ?? Array.from({ length: count }, () => 1);
      const sum = w.reduce((a, b) => a + b, 0);
      const parts = partsOf(count, weights);
      for (let total = 0; total <= 3 * sum; total += 1 + Math.floor(sum / 7)) {
        for (const p of parts) expect(Math.abs(shareOf(p, total) - (total * w[p.index]) / sum)).toBeLessThan(1 + 1e-9);
      }
    }
  });

  it('keeps equal weights as the worker split: item j to part j mod N', () => {
    for (let count = 1; count <= 16; count++) {
      for (const p of partsOf(count, Array.from({ length: count }, () => 1))) {
        for (let j = 0; j < 100; j++) expect(owns(p, j)).toBe(j % count === p.index);
      }
    }
  });

  it('makes the union of the shards\' arrival schedules exactly the one-machine schedule', () => {
    const settings = { startRate: 0, stages: [{ durationS: 3, rate: 90 }, { durationS: 4, rate: 90 }, { durationS: 2, rate: 10 }] };
    const whole = schedule(settings, 9);
    for (const { count, weights } of splits.filter((s) => s.count <= 64 && s.count % 7 === 1)) {
      const shards = partsOf(count, weights).map((p) => whole.filter((_, j) => owns(p, j)));
      expect(shards.flat().sort((a, b) => a - b)).toEqual(whole);
    }
  });

  it('stays exact over two levels: shards × worker threads', () => {
    for (const { count, weights } of splits.filter((s) => s.count % 9 === 1 || s.count === 3)) {
      for (const threads of [1, 2, 3, 5]) {
        const leaves = partsOf(count, weights).flatMap((shard) => partsOf(threads).map((t) => within(shard, t)));
        for (const total of [0, 1, 50, 777]) {
          const union = leaves.flatMap((leaf) => itemsOf(leaf, total)).sort((a, b) => a - b);
          expect(union).toEqual([...Array(total).keys()]);
          expect(leaves.reduce((n, leaf) => n + shareOf(leaf, total), 0)).toBe(total);
          for (const leaf of leaves) for (const j of itemsOf(leaf, total)) expect(owns(leaf, j)).toBe(true);
        }
      }
    }
  });

  it('refuses weights that do not fit the split', () => {
    expect(() => partsOf(3, [1, 2])).toThrow(RangeError);
    expect(() => partsOf(2, [1, 0])).toThrow(RangeError);
  });
});
