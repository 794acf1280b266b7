import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { Distribution } from '../../src/report/histograms.js';

function randomHistogram(seed: number, n: number): hdr.Histogram {
  let a = seed;
  const rnd = () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  const h = hdr.build();
  for (let i = 0; i < n; i++) h.recordValue(Math.floor(rnd() ** 4 * 5_000_000));
  return h;
}

describe('Distribution', () => {
  it('answers exactly as hdr-histogram-js does on the decoded histogram', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const encoded = hdr.encodeIntoCompressedBase64(randomHistogram(seed, 1 + seed * 97));
      const h = hdr.decodeFromCompressedBase64(encoded);
      const f = Distribution.decode(encoded).figures();
      for (const p of [0, 1, 33.3, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100]) {
        expect(f.at(p), `seed ${seed} p${p}`).toBe(h.getValueAtPercentile(p) / 1000);
      }
      expect(f.count).toBe(h.totalCount);
      expect(f.max).toBe(h.maxValue / 1000);
      expect(f.mean).toBeCloseTo(h.mean / 1000, 9);
    }
  });

  it('adds up like hdr-histogram-js add()', () => {
    const parts = [3, 4, 5].map((s) => hdr.encodeIntoCompressedBase64(randomHistogram(s, 500)));
    const merged = hdr.build();
    for (const p of parts) merged.add(hdr.decodeFromCompressedBase64(p));
    const f = Distribution.sum(parts.map((p) => Distribution.decode(p))).figures();
    for (const p of [50, 95, 99, 100]) expect(f.at(p)).toBe(merged.getValueAtPercentile(p) / 1000);
    expect(f.count).toBe(1500);
  });

  it('is empty for an interval without requests', () => {
    const f = Distribution.decode('').figures();
    expect([f.count, f.min, f.max, f.mean, f.at(50)]).toEqual([0, null, null, null, null]);
  });
});
