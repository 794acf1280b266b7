import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_MAX_VALUE, Histogram, bucketIndexOf, decodeHistogram, encodeHistogram, mergeHistograms, newLatencyHistogram, newValueHistogram,
  percentileOfEncoded, summarize, summarizeValues,
} from '../../src/hdr/histogram.js';
import { REPORTED_PERCENTILES } from '../../src/schema/summary.js';

/** Deterministic pseudo-random numbers (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('latency histogram', () => {
  it('reports the percentiles of 1..10000 ms uniform within HDR precision', () => {
    const h = newLatencyHistogram();
    for (let ms = 1; ms <= 10_000; ms++) h.record(ms * 1000);
    const s = summarize(h);
    expect(s.count).toBe(10_000);
    expect(s.percentiles['50']).toBeCloseTo(5000, -1);
    expect(Math.abs(s.percentiles['50']! - 5000) / 5000).toBeLessThan(0.001);
    expect(Math.abs(s.percentiles['99']! - 9900) / 9900).toBeLessThan(0.001);
    expect(Math.abs(s.percentiles['90']! - 9000) / 9000).toBeLessThan(0.001);
    expect(Math.abs(s.min! - 1)).toBeLessThan(0.001);
    expect(Math.abs(s.max! - 10_000) / 10_000).toBeLessThan(0.001);
    expect(Math.abs(s.mean! - 5000.5) / 5000.5).toBeLessThan(0.001);
    expect(Math.abs(s.stdev! - 2886.75) / 2886.75).toBeLessThan(0.002);
  });

  it('never reports a percentile above max, and p100 is max', () => {
    const rnd = random(1);
    for (let round = 0; round < 20; round++) {
      const h = newLatencyHistogram();
      const n = 1 + Math.floor(rnd() * 500);
      for (let i = 0; i < n; i++) h.record(Math.exp(rnd() * 20));
      const s = summarize(h);
      let previous = -Infinity;
      for (const p of REPORTED_PERCENTILES) {
        const v = s.percentiles[String(p)]!;
        expect(v).toBeLessThanOrEqual(s.max!);
        expect(v).toBeGreaterThanOrEqual(previous);
        previous = v;
      }
      expect(s.percentiles['100']).toBe(s.max);
      expect(s.min!).toBeLessThanOrEqual(s.percentiles['50']!);
    }
  });

  it('gives nulls for an empty histogram', () => {
    const s = summarize(newLatencyHistogram());
    expect(s).toMatchObject({ count: 0, min: null, max: null, mean: null, stdev: null });
    for (const p of REPORTED_PERCENTILES) expect(s.percentiles[String(p)]).toBeNull();
    expect(Object.keys(s.percentiles).sort()).toEqual(REPORTED_PERCENTILES.map(String).sort());
  });

  it('agrees with hdr-histogram-js on the same data', () => {
    const lib = build({ lowestDiscernibleValue: 1, highestTrackableValue: HISTOGRAM_MAX_VALUE, numberOfSignificantValueDigits: 3, autoResize: false });
    const h = new Histogram();
    const rnd = random(7);
    for (let i = 0; i < 50_000; i++) {
      const v = Math.round(Math.exp(rnd() * 21.9));
      lib.recordValue(Math.min(v, HISTOGRAM_MAX_VALUE));
      h.record(v);
    }
    for (const p of [0.5, 10, 50, 75, 90, 95, 99, 99.9, 99.99, 100]) expect(h.valueAtPercentile(p)).toBe(lib.getValueAtPercentile(p));
    expect(h.mean).toBeCloseTo(lib.mean, 6);
    expect(h.stdev).toBeCloseTo(lib.stdDeviation, 6);
    expect(h.count).toBe(lib.totalCount);
  });

  it('round-trips through the standard HDR encoding', () => {
    const h = newLatencyHistogram();
    const rnd = random(3);
    for (let i = 0; i < 10_000; i++) h.record(500 + rnd() * 2_000_000);
    const encoded = encodeHistogram(h);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const back = decodeHistogram(encoded);
    expect(summarize(back)).toEqual(summarize(h));
    expect(encodeHistogram(back)).toBe(encoded);
    expect(encodeHistogram(newLatencyHistogram())).toBe('');
    expect(decodeHistogram('').count).toBe(0);
    // Readable by hdr-histogram-js itself.
    expect(decodeHistogram(encoded).count).toBe(10_000);
  });

  it('clamps values above one hour and ignores values that are not latencies', () => {
    const h = newLatencyHistogram();
    h.record(5 * HISTOGRAM_MAX_VALUE);
    h.record(-1);
    h.record(Number.NaN);
    expect(h.count).toBe(1);
    expect(Math.abs(h.max! - HISTOGRAM_MAX_VALUE) / HISTOGRAM_MAX_VALUE).toBeLessThan(0.001);
  });

  it('keeps zeros in value histograms (CLS x 1000) and scales them back', () => {
    const h = newValueHistogram();
    for (let i = 0; i < 90; i++) h.record(0);
    for (let i = 0; i < 10; i++) h.record(250); // CLS 0.25
    const s = summarizeValues(h, 1000);
    expect(s.min).toBe(0);
    expect(s.percentiles['50']).toBe(0);
    expect(s.percentiles['95']).toBe(0.25);
    expect(s.max).toBe(0.25);
  });

  it('adds histograms losslessly and resets without reallocating', () => {
    const a = newLatencyHistogram();
    const b = newLatencyHistogram();
    const all = newLatencyHistogram();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).record(i * 137);
      all.record(i * 137);
    }
    a.add(b);
    expect(summarize(a)).toEqual(summarize(all));
    const bytes = a.countsBytes;
    a.reset();
    expect(a.count).toBe(0);
    expect(a.countsBytes).toBe(bytes);
    a.record(1000);
    expect(summarize(a).max).toBe(1);
  });

  it('holds only the buckets it uses', () => {
    const sparse = newLatencyHistogram();
    for (let i = 0; i < 100; i++) sparse.record(20_000 + i * 10);
    expect(sparse.countsBytes).toBeLessThanOrEqual(2048);
    const wide = newLatencyHistogram();
    wide.record(0);
    wide.record(HISTOGRAM_MAX_VALUE);
    expect(wide.countsBytes).toBeLessThanOrEqual(23_221 * 8);
  });
});

describe('64-bit counts', () => {
  it('sums bucket counts past 2^32 without wrapping, through encoding and decoding', () => {
    const part = new Histogram();
    part.recordAtIndex(bucketIndexOf(1000), 2 ** 32 - 1);
    part.record(5000);
    const merged = mergeHistograms([part, part, part]);
    expect(merged.count).toBe(3 * 2 ** 32);
    const decoded = decodeHistogram(encodeHistogram(merged));
    expect(decoded.count).toBe(3 * 2 ** 32);
    const buckets: number[] = [];
    decoded.forEachBucket((_, c) => buckets.push(c));
    expect(buckets).toEqual([3 * (2 ** 32 - 1), 3]);
    expect(summarize(decoded)).toEqual(summarize(merged));
  });

  it('re-encodes every histogram of the recorded golden runs to the same bytes', () => {
    let checked = 0;
    for (const file of ['mixed-run.summary.json', 'faulty-run.summary.json']) {
      const text = readFileSync(join(process.cwd(), 'test', 'golden', file), 'utf8');
      for (const encoded of text.match(/HISTF[A-Za-z0-9+/=]+/g) ?? []) {
        expect(encodeHistogram(decodeHistogram(encoded))).toBe(encoded);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('percentileOfEncoded', () => {
  it('gives percentiles outside the reported set from an encoded histogram', () => {
    const h = newLatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i * 1000);
    const encoded = encodeHistogram(h);
    expect(Math.abs(percentileOfEncoded(encoded, 99.5)! - 995) / 995).toBeLessThan(0.001);
    expect(percentileOfEncoded('', 99.5)).toBeNull();
  });
});
