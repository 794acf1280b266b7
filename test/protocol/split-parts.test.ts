/**
 * The parts of a split, small enough to check by hand: weighted stripes (each slot to the part
 * furthest behind its share), shares and global numbers of weighted parts, a part of a part
 * (`within`), the whole plan, and the splits refused with their message.
 */
import { describe, expect, it } from 'vitest';
import { type Part, WHOLE, globalNumber, isWhole, owns, partsOf, shareOf, within } from '../../src/protocol/split.js';

const first12 = (part: Part): number[] => [...Array(12).keys()].filter((j) => owns(part, j));

describe('a weighted split', () => {
  it('spreads each part over the cycle: weights 1,2 give slots 1, 0, 1; weights 2,1 give 0, 1, 0', () => {
    const [light, heavy] = partsOf(2, [1, 2]);
    expect(first12(light)).toEqual([1, 4, 7, 10]);
    expect(first12(heavy)).toEqual([0, 2, 3, 5, 6, 8, 9, 11]);
    const [big, small] = partsOf(2, [2, 1]);
    expect(first12(big)).toEqual([0, 2, 3, 5, 6, 8, 9, 11]);
    expect(first12(small)).toEqual([1, 4, 7, 10]);
  });

  it('gives each part its share of any total: whole cycles and the part of one', () => {
    const [light, heavy] = partsOf(2, [1, 2]);
    expect([0, 1, 2, 3, 6, 7, 8].map((n) => shareOf(heavy, n))).toEqual([0, 1, 1, 2, 4, 5, 5]);
    expect([0, 1, 2, 3, 6, 7, 8].map((n) => shareOf(light, n))).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it('numbers a part local items by their global numbers', () => {
    const [light, heavy] = partsOf(2, [1, 2]);
    expect([0, 1, 2, 3, 4, 5].map((i) => globalNumber(heavy, i))).toEqual([0, 2, 3, 5, 6, 8]);
    expect([0, 1, 2].map((i) => globalNumber(light, i))).toEqual([1, 4, 7]);
  });

  it('tells apart weights whose digits run together: 1,12 and 11,2 are different cycles', () => {
    const [fewOf13] = partsOf(2, [1, 12]);
    const [mostOf13] = partsOf(2, [11, 2]);
    expect(shareOf(fewOf13, 13)).toBe(1);
    expect(shareOf(mostOf13, 13)).toBe(11);
  });

  it('keeps the weights on every part, and none on an equal split', () => {
    expect(partsOf(2, [1, 2])).toStrictEqual([{ index: 0, count: 2, weights: [1, 2] }, { index: 1, count: 2, weights: [1, 2] }]);
    expect(partsOf(2)).toStrictEqual([{ index: 0, count: 2 }, { index: 1, count: 2 }]);
  });

  it('refuses weights that are not one whole number ≥ 1 per part, and a count that is not a whole number ≥ 1', () => {
    expect(() => partsOf(2, [1])).toThrow(new RangeError('a split of 2 parts needs 2 whole weights ≥ 1, got 1'));
    expect(() => partsOf(2, [1, 0])).toThrow(new RangeError('a split of 2 parts needs 2 whole weights ≥ 1, got 1,0'));
    expect(() => partsOf(2, [1, 1.5])).toThrow(RangeError);
    expect(() => partsOf(2, [1, 2, 3])).toThrow(RangeError);
    expect(partsOf(2, [1, 1])).toHaveLength(2);
    expect(() => partsOf(0)).toThrow(new RangeError('a split needs a whole number of parts ≥ 1, got 0'));
    expect(() => partsOf(1.5)).toThrow(RangeError);
    expect(partsOf(1)).toStrictEqual([WHOLE]);
  });
});

describe('a part of a part', () => {
  it('takes its stripe of the outer part items: the first of two within the second of two owns 1, 5, 9', () => {
    const outer = partsOf(2)[1];
    const inner = within(outer, partsOf(2)[0]);
    expect(inner).toStrictEqual({ index: 0, count: 2, of: outer });
    expect(first12(inner)).toEqual([1, 5, 9]);
    expect(shareOf(inner, 12)).toBe(3);
    expect([0, 1, 2].map((i) => globalNumber(inner, i))).toEqual([1, 5, 9]);
  });

  it('is the inner part itself within the whole plan, and nests a third level', () => {
    const inner = partsOf(3)[2];
    expect(within(WHOLE, inner)).toBe(inner);
    const [a, b] = partsOf(2);
    const nested = within(a, within(b, inner));
    expect(nested).toStrictEqual({ index: 2, count: 3, of: { index: 1, count: 2, of: a } });
  });

  it('is the whole plan only when every level is a single part', () => {
    expect(isWhole(WHOLE)).toBe(true);
    expect(isWhole({ index: 0, count: 1, of: WHOLE })).toBe(true);
    expect(isWhole(partsOf(2)[0])).toBe(false);
    expect(isWhole({ index: 0, count: 1, of: partsOf(2)[1] })).toBe(false);
  });
});
