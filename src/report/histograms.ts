/**
 * The histogram operations the renderers need over summary.json's encoded HDR histograms (µs,
 * compressed base64): decode, add up a time range, read figures in ms.
 *
 * A decoded HDR histogram is a dense array (~10k buckets), so adding and reading percentiles
 * cost ~0.5 ms each; history rows need thousands of them. A Distribution keeps only the
 * non-empty buckets and answers exactly as hdr-histogram-js's `getValueAtPercentile`, `mean`
 * and `maxValue` do on the decoded histogram.
 */
import * as hdr from 'hdr-histogram-js';

/** Latency figures in ms; null fields when there is nothing recorded. */
export interface HistogramFigures {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Value at percentile p (0–100) in ms. */
  at(p: number): number | null;
}

const EMPTY: HistogramFigures = { count: 0, min: null, max: null, mean: null, at: () => null };

/** hdr-histogram-js's ulp, used to round the count at a percentile exactly as it does. */
const ulp = (x: number) => Math.pow(2, Math.floor(Math.log2(x)) - 52);

export class Distribution {
  /** Non-empty buckets keyed by their lowest equivalent value (µs): [highest equivalent, count]. */
  private readonly buckets = new Map<number, [number, number]>();
  total = 0;

  /** Decodes an encoded histogram; '' (an interval without requests) gives an empty one. */
  static decode(encoded: string | undefined | null): Distribution {
    const d = new Distribution();
    if (!encoded) return d;
    const h = hdr.decodeFromCompressedBase64(encoded) as unknown as hdr.JsHistogram;
    for (let i = 0; i < h.countsArrayLength; i++) {
      const count = h.getCountAtIndex(i);
      if (count === 0) continue;
      const value = h.valueFromIndex(i);
      d.put(h.lowestEquivalentValue(value), h.highestEquivalentValue(value), count);
    }
    return d;
  }

  static sum(parts: Distribution[]): Distribution {
    const d = new Distribution();
    for (const part of parts) d.add(part);
    return d;
  }

  add(other: Distribution): this {
    for (const [low, [high, count]] of other.buckets) this.put(low, high, count);
    return this;
  }

  private put(low: number, high: number, count: number): void {
    const bucket = this.buckets.get(low);
    if (bucket) bucket[1] += count;
    else this.buckets.set(low, [high, count]);
    this.total += count;
  }

  /** A snapshot of the figures (later adds do not change it). */
  figures(): HistogramFigures {
    if (this.total === 0) return EMPTY;
    const lows = [...this.buckets.keys()].sort((a, b) => a - b);
    const highs = lows.map((low) => this.buckets.get(low)![0]);
    const cumulative: number[] = [];
    let running = 0;
    let weighted = 0;
    lows.forEach((low, i) => {
      const count = this.buckets.get(low)![1];
      running += count;
      cumulative.push(running);
      weighted += (low + Math.floor((highs[i] - low + 1) / 2)) * count;
    });
    const total = this.total;
    return {
      count: total,
      min: lows[0] / 1000,
      max: highs[highs.length - 1] / 1000,
      mean: weighted / total / 1000,
      at(p: number): number {
        const fp = (Math.min(p, 100) / 100) * total;
        const wanted = Math.max(Math.ceil(fp - ulp(fp)), 1);
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid] >= wanted) hi = mid;
          else lo = mid + 1;
        }
        return (p === 0 ? lows[lo] : highs[lo]) / 1000;
      },
    };
  }
}
