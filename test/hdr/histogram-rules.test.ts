/**
 * The histogram's rules that every figure rests on, with counts whose ranks are not whole: the
 * percentile rank (HdrHistogram's ceil, at least 1), the bucket layout at its edges, rounding and
 * clamping of recorded values, and the window growing both ways without losing a count.
 */
import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_MAX_VALUE, Histogram, bucketIndexOf, clampValue, decodeHistogram, encodeHistogram, highestValueOfIndex,
  lowestValueOfIndex, mergeHistograms, percentileOfEncoded, summarize, summarizeValues,
} from '../../src/hdr/histogram.js';

function of(values: readonly number[]): Histogram {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

describe('the percentile rank', () => {
  it('is ceil(p % of the count): p50 of 1..11 ms is the 6th value, not the 5th', () => {
    const h = of(Array.from({ length: 11 }, (_, i) => (i + 1) * 1000));
    expect(summarize(h).percentiles['50']).toBeCloseTo(6.003, 3);
    expect(h.valueAtPercentile(50)).toBe(highestValueOfIndex(bucketIndexOf(6000)));
  });

  it('takes the value at the exact rank when p % of the count is whole, the next one above it otherwise', () => {
    const h = of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(h.valueAtPercentile(50)).toBe(5);
    expect(h.valueAtPercentile(50.1)).toBe(6);
    expect(h.valueAtPercentile(10)).toBe(1);
    expect(h.valueAtPercentile(90)).toBe(9);
    expect(h.valueAtPercentile(99)).toBe(10);
  });

  it('is at least the first value (p0), and a percentile above 100 reads as p100', () => {
    const h = of([3, 5, 7]);
    expect(h.valueAtPercentile(0)).toBe(3);
    expect(h.valueAtPercentile(100)).toBe(7);
    expect(h.valueAtPercentile(150)).toBe(7);
    expect(h.valueAtPercentile(66.6)).toBe(5);
    expect(h.valueAtPercentile(66.7)).toBe(7);
  });

  it('fills several percentiles in one pass, several of them in the same bucket', () => {
    const out = [0, 0, 0, 0];
    of([1, 1, 1, 2, 9]).percentiles([20, 50, 60, 100], out);
    expect(out).toEqual([1, 1, 1, 9]);
    const untouched = [-1];
    new Histogram().percentiles([50], untouched);
    expect(untouched).toEqual([-1]);
  });

  it('gives null for an empty histogram, and reads any percentile of an encoded one', () => {
    expect(new Histogram().valueAtPercentile(50)).toBeNull();
    expect(percentileOfEncoded('', 99)).toBeNull();
    const encoded = encodeHistogram(of(Array.from({ length: 7 }, (_, i) => (i + 1) * 100)));
    expect(percentileOfEncoded(encoded, 50)).toBe(0.4);
    expect(percentileOfEncoded(encoded, 99.5)).toBe(0.7);
  });
});

describe('the bucket layout', () => {
  it('keeps every value below 2048 exact, then buckets of 2, 4 … (3 significant digits)', () => {
    for (const v of [0, 1, 1023, 1024, 2047]) expect([lowestValueOfIndex(bucketIndexOf(v)), highestValueOfIndex(bucketIndexOf(v))]).toEqual([v, v]);
    expect(bucketIndexOf(2047) + 1).toBe(bucketIndexOf(2048));
    expect([lowestValueOfIndex(bucketIndexOf(2049)), highestValueOfIndex(bucketIndexOf(2049))]).toEqual([2048, 2049]);
    expect([lowestValueOfIndex(bucketIndexOf(4097)), highestValueOfIndex(bucketIndexOf(4097))]).toEqual([4096, 4099]);
    expect(bucketIndexOf(4095)).toBe(bucketIndexOf(4094));
    expect(bucketIndexOf(4096)).toBe(bucketIndexOf(4095) + 1);
  });

  it('reports min as the lowest and max as the highest value of their buckets, mean and stdev from the bucket medians', () => {
    const h = of([2048, 2049, 4096]);
    expect([h.min, h.max]).toEqual([2048, 4099]);
    expect(h.mean).toBeCloseTo((2049 + 2049 + 4098) / 3, 9);
    const small = of([1, 2, 3]);
    expect(small.mean).toBe(2);
    expect(small.stdev).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect([new Histogram().min, new Histogram().max, new Histogram().mean, new Histogram().stdev]).toEqual([null, null, null, null]);
  });

  it('summarises in the unit asked for, with null figures when empty', () => {
    const s = summarizeValues(of([100, 300]), 1000);
    expect(s).toMatchObject({ count: 2, min: 0.1, max: 0.3, mean: 0.2, stdev: 0.1 });
    expect(s.percentiles['50']).toBe(0.1);
    expect(s.percentiles['100']).toBe(0.3);
    const empty = summarize(new Histogram());
    expect(empty).toMatchObject({ count: 0, min: null, max: null, mean: null, stdev: null });
    expect(Object.values(empty.percentiles).every((p) => p === null)).toBe(true);
  });
});

describe('recorded values', () => {
  it('are rounded to whole units, half up', () => {
    expect([clampValue(0), clampValue(1.49), clampValue(1.5), clampValue(2.5), clampValue(7)]).toEqual([0, 1, 2, 3, 7]);
  });

  it('above the hour are the hour; negative and NaN are not recorded', () => {
    expect(clampValue(HISTOGRAM_MAX_VALUE)).toBe(HISTOGRAM_MAX_VALUE);
    expect(clampValue(HISTOGRAM_MAX_VALUE + 5e9)).toBe(HISTOGRAM_MAX_VALUE);
    expect(clampValue(HISTOGRAM_MAX_VALUE - 1)).toBe(HISTOGRAM_MAX_VALUE - 1);
    expect([clampValue(-0.1), clampValue(Number.NaN)]).toEqual([-1, -1]);
    const h = of([-5, Number.NaN, 10]);
    expect([h.count, h.min, h.max]).toEqual([1, 10, 10]);
  });
});

describe('the counts window', () => {
  it('grows below and above what it holds without losing or moving a count', () => {
    const values = [500_000, 3, 2_000_000_000, 40, 1_000_000, 0, 7_000];
    const h = of(values);
    expect(h.count).toBe(values.length);
    const seen: number[] = [];
    h.forEachBucket((idx, c) => seen.push(lowestValueOfIndex(idx), c));
    const sorted = [...values].sort((a, b) => a - b).map((v) => lowestValueOfIndex(bucketIndexOf(v)));
    expect(seen).toEqual(sorted.flatMap((v) => [v, 1]));
    expect(h.max).toBe(highestValueOfIndex(bucketIndexOf(2_000_000_000)));
    expect(h.min).toBe(0);
  });

  it('records a count into a bucket and adds histograms bucket by bucket', () => {
    const a = new Histogram();
    a.recordAtIndex(bucketIndexOf(100), 3);
    const b = of([100, 5]);
    const sum = mergeHistograms([a, b, new Histogram()]);
    expect([sum.count, sum.valueAtPercentile(20), sum.valueAtPercentile(21)]).toEqual([5, 5, 100]);
    a.add(new Histogram());
    expect(a.count).toBe(3);
  });

  it('empties on reset and records again from nothing', () => {
    const h = of([10, 20, 30]);
    h.reset();
    expect([h.count, h.min, h.max, h.valueAtPercentile(50)]).toEqual([0, null, null, null]);
    let buckets = 0;
    h.forEachBucket(() => buckets++);
    expect(buckets).toBe(0);
    h.record(25);
    expect([h.count, h.min, h.max]).toEqual([1, 25, 25]);
  });

  it('encodes and decodes to the same buckets; the empty histogram is the empty string', () => {
    const h = of([1, 2048, 4097, 3_000_000]);
    const back = decodeHistogram(encodeHistogram(h));
    expect([back.count, back.min, back.max, back.mean]).toEqual([h.count, h.min, h.max, h.mean]);
    expect(encodeHistogram(new Histogram())).toBe('');
    expect(decodeHistogram('').count).toBe(0);
  });
});

describe('the counts window size', () => {
  // Memory per histogram is a stated property (a handful of samples costs about 2 KB): these
  // sizes follow from the growth rule, 256 buckets at first, then half the new span as slack.
  const BYTES_PER_BUCKET = 8;

  it('holds 256 buckets around a first sample, and a sample inside them does not grow it', () => {
    const h = of([1000]);
    expect(h.countsBytes).toBe(256 * BYTES_PER_BUCKET);
    // 1000 - 128 and 1000 + 127 are the window's first and last buckets (values below 2048 are exact).
    h.record(872);
    h.record(1127);
    expect(h.countsBytes).toBe(256 * BYTES_PER_BUCKET);
    expect(h.count).toBe(3);
    const seen: number[] = [];
    h.forEachBucket((idx) => seen.push(lowestValueOfIndex(idx)));
    expect(seen).toEqual([872, 1000, 1127]);
  });

  it('grows the first bucket past either edge, with half the new span as slack, and keeps the bucket just outside', () => {
    const h = of([1000]);
    h.record(1128);
    expect(h.countsBytes).toBe((1129 - 872 + 256) * BYTES_PER_BUCKET);
    h.record(2000);
    // Span 872..2000 (1129 buckets) plus 564 of slack above.
    expect(h.countsBytes).toBe((1129 + 564) * BYTES_PER_BUCKET);
    h.record(2100);
    expect(h.countsBytes).toBe((1129 + 564) * BYTES_PER_BUCKET);
    // Below: span 100..2564, slack 1232 below, cut at bucket 0.
    h.record(100);
    expect(h.countsBytes).toBe(2565 * BYTES_PER_BUCKET);
    h.record(871);
    expect(h.countsBytes).toBe(2565 * BYTES_PER_BUCKET);
    expect([h.count, h.min, h.max]).toEqual([6, 100, 2101]);
  });

  it('is cut at the first and the last bucket of the range', () => {
    expect(of([0]).countsBytes).toBe(128 * BYTES_PER_BUCKET);
    const top = of([HISTOGRAM_MAX_VALUE]);
    expect(top.countsBytes).toBe(129 * BYTES_PER_BUCKET);
    expect(top.max).toBe(highestValueOfIndex(bucketIndexOf(HISTOGRAM_MAX_VALUE)));
  });
});

describe('reuse and partial asks', () => {
  it('after reset, a value above the old maximum does not bring back an old count', () => {
    // Values far from 0, so the window does not start at bucket 0.
    const h = of([1000, 1010, 1020]);
    h.reset();
    h.record(995);
    h.record(1030);
    const seen: number[] = [];
    h.forEachBucket((idx, c) => seen.push(lowestValueOfIndex(idx), c));
    expect(seen).toEqual([995, 1, 1030, 1]);
    expect(h.valueAtPercentile(50)).toBe(995);
    const low = of([5]);
    low.reset();
    low.record(0);
    expect([low.min, low.max]).toEqual([0, 0]);
  });

  it('writes only the percentiles asked for, even when the last is reached before the top bucket', () => {
    const out = [0];
    of([1, 2, 3]).percentiles([50], out);
    expect(out).toEqual([2]);
  });
});

describe('the percentile rank in floating point', () => {
  it('reads a rank that p % of the count misses by one ulp as the whole rank: p28 of 25 values is the 7th', () => {
    // (28 / 100) * 25 is 7.000000000000001 in binary floating point; HdrHistogram takes it as 7.
    const values = Array.from({ length: 25 }, (_, i) => i + 1);
    expect(of(values).valueAtPercentile(28)).toBe(7);
    expect(of(Array.from({ length: 50 }, (_, i) => i + 1)).valueAtPercentile(14)).toBe(7);
  });
});
