/**
 * The one place histograms are made. Every latency and browser figure is recorded into a
 * `Histogram`: HDR layout (1 µs .. 1 h, 3 significant digits, so 0.1 % resolution), counts kept in
 * a window of a Float64Array that grows to cover the buckets actually used, serialised in the
 * standard HDR V2 compressed base64 format (hdr-histogram-js) so any HDR tool can read it.
 *
 * Counts are 64-bit safe: a Float64Array counts exactly up to 2^53, where the Uint32Array used
 * before wrapped at 2^32 once merged runs were summed; encoding and decoding go through the
 * library's 64-bit histogram for the same reason. The V2 encoding does not depend on the word
 * size, so histograms of ordinary counts encode to the same bytes as before.
 *
 * Why not record straight into hdr-histogram-js: measured on this machine (Node 20) its
 * `recordValue` costs ~170 ns, a packed histogram ~1.3 µs and 13 ms per percentile; ours costs
 * ~4 ns per value. Memory of a full 64-bit HDR array for this range is 184 KB per histogram; the
 * window only spans the buckets between the smallest and largest values seen (a name with a handful
 * of samples costs about 2 KB, a route spread over 5 ms..500 ms about 56 KB).
 *
 * Reported figures follow HdrHistogram's definitions so that a recorder and a merge of its
 * serialised parts report identical numbers: a percentile is the highest value equivalent to the
 * bucket it falls in, max is the same for the top bucket (so p100 == max and p99 <= max), min the
 * lowest value of the lowest bucket, mean and stdev use each bucket's median value.
 */
import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';
import type { JsHistogram } from 'hdr-histogram-js';
import { REPORTED_PERCENTILES, type HistogramSettings, type LatencySummary } from '../schema/summary.js';

// The codec and the builder only, not hdr-histogram-js's index: the index also loads its log
// writer, whose number formatter starts Intl at load (measured: 55-60 ms of CPU a start against
// 25-40 ms for these two). The package has no exports map; the types come from the index.
const load = createRequire(import.meta.url);
const { decodeFromCompressedBase64, encodeIntoCompressedBase64 } = load('hdr-histogram-js/dist/encoding.js') as typeof Hdr;
const { build } = load('hdr-histogram-js/dist/HistogramBuilder.js') as typeof Hdr;

/** Highest trackable value: one hour in microseconds; larger values are recorded as this. */
export const HISTOGRAM_MAX_VALUE = 3_600_000_000;
export const HISTOGRAM_SIGNIFICANT_DIGITS = 3;
/** What summary.json records as `histogram`: the settings every histogram here is made with. */
export const HISTOGRAM_SETTINGS: HistogramSettings = { unit: 'us', lowest: 1, highest: HISTOGRAM_MAX_VALUE, significantDigits: HISTOGRAM_SIGNIFICANT_DIGITS };

/** Sub-buckets per half bucket for 3 significant digits: 2048 sub-buckets, 1024 per half. */
const HALF_MAGNITUDE = 10;
const HALF_COUNT = 1 << HALF_MAGNITUDE;
/** Index of the bucket holding HISTOGRAM_MAX_VALUE, plus one: the full counts length (23,221). */
const FULL_LENGTH = bucketIndexOf(HISTOGRAM_MAX_VALUE) + 1;
const INITIAL_WINDOW = 256;

/** HDR counts-array index of an integer value in [0, 2^32); same layout as hdr-histogram-js. */
export function bucketIndexOf(value: number): number {
  let shift = 21 - Math.clz32(value); // floor(log2(v)) - HALF_MAGNITUDE
  // Stryker disable next-line EqualityOperator: a shift of 0 set to 0 is the same shift
  if (shift < 0) shift = 0;
  return (shift << HALF_MAGNITUDE) + (value >>> shift);
}

/** Bucket width by shift: 2^shift. */
const WIDTH = Array.from({ length: 32 }, (_, i) => 2 ** i);

function shiftOfIndex(index: number): number {
  return index < 2 * HALF_COUNT ? 0 : (index >> HALF_MAGNITUDE) - 1;
}

/** Lowest value that falls in bucket `index`. */
export function lowestValueOfIndex(index: number): number {
  const shift = shiftOfIndex(index);
  return (index - (shift << HALF_MAGNITUDE)) * WIDTH[shift];
}

/** Highest value that falls in bucket `index`. */
export function highestValueOfIndex(index: number): number {
  return lowestValueOfIndex(index) + WIDTH[shiftOfIndex(index)] - 1;
}

function medianValueOfIndex(index: number): number {
  return lowestValueOfIndex(index) + Math.floor(WIDTH[shiftOfIndex(index)] / 2);
}

/**
 * Turns a measured value into what the histogram stores: rounded to an integer, values above
 * HISTOGRAM_MAX_VALUE become it. Returns -1 for a value that cannot be recorded (negative, NaN).
 */
export function clampValue(value: number): number {
  if (!(value >= 0)) return -1;
  // (v + 0.5) >>> 0 rounds like Math.round for 0 <= v < 2^32, three times faster.
  // Stryker disable next-line EqualityOperator: the hour itself rounds to the hour either way
  return value >= HISTOGRAM_MAX_VALUE ? HISTOGRAM_MAX_VALUE : (value + 0.5) >>> 0;
}

export class Histogram {
  /** Counts of buckets [base, base + counts.length). */
  private counts = new Float64Array(0);
  private base = 0;
  private total = 0;
  private minIndex = -1;
  private maxIndex = -1;

  get count(): number {
    return this.total;
  }

  /** Records one value (µs, or whatever unit the caller chose); negative and NaN are ignored. */
  record(value: number): void {
    const v = clampValue(value);
    if (v >= 0) this.recordAtIndex(bucketIndexOf(v), 1);
  }

  /** Records `count` occurrences into bucket `index` (from bucketIndexOf(clampValue(v))). */
  recordAtIndex(index: number, count: number): void {
    let i = index - this.base;
    if (i < 0 || i >= this.counts.length) {
      this.grow(index);
      i = index - this.base;
    }
    this.counts[i] += count;
    this.total += count;
    // Stryker disable next-line EqualityOperator: setting maxIndex to the index it already holds changes nothing
    if (index > this.maxIndex) this.maxIndex = index;
    // Stryker disable next-line EqualityOperator: setting minIndex to the index it already holds changes nothing
    if (index < this.minIndex || this.minIndex < 0) this.minIndex = index;
  }

  /** Adds every count of `other` to this one (lossless: same layout). */
  add(other: Histogram): void {
    // Stryker disable next-line ConditionalExpression: an empty histogram's window is the index -1 alone, whose count reads undefined, which the loop skips
    if (other.total === 0) return;
    for (let idx = other.minIndex; idx <= other.maxIndex; idx++) {
      const c = other.counts[idx - other.base];
      // Stryker disable next-line EqualityOperator,ConditionalExpression: adding a zero count changes no figure (the bucket lies between other's recorded extremes)
      if (c > 0) this.recordAtIndex(idx, c);
    }
  }

  /** Empties the histogram but keeps its memory, so a reused histogram allocates nothing. */
  reset(): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the counts outside minIndex..maxIndex, and all of them when the total is 0, are zero already
    if (this.total > 0) this.counts.fill(0, this.minIndex - this.base, this.maxIndex - this.base + 1);
    this.total = 0;
    this.minIndex = -1;
    this.maxIndex = -1;
  }

  /** Calls `fn` for every non-empty bucket, lowest first. */
  forEachBucket(fn: (index: number, count: number) => void): void {
    // Stryker disable next-line ConditionalExpression: an empty histogram's window is the index -1 alone, whose count reads undefined, which the loop skips
    if (this.total === 0) return;
    for (let idx = this.minIndex; idx <= this.maxIndex; idx++) {
      const c = this.counts[idx - this.base];
      if (c > 0) fn(idx, c);
    }
  }

  /** Lowest recorded value (bucket's lowest equivalent), or null when empty. */
  get min(): number | null {
    return this.total === 0 ? null : lowestValueOfIndex(this.minIndex);
  }

  /** Highest recorded value (bucket's highest equivalent), or null when empty. */
  get max(): number | null {
    return this.total === 0 ? null : highestValueOfIndex(this.maxIndex);
  }

  /** HdrHistogram's getValueAtPercentile, or null when empty. */
  valueAtPercentile(percentile: number): number | null {
    const out = [0];
    this.percentiles([percentile], out);
    return this.total === 0 ? null : out[0];
  }

  /**
   * Fills `out[i]` with the value at `sortedPercentiles[i]` (ascending) in one pass over the
   * buckets; leaves `out` untouched when empty. Allocates nothing.
   */
  percentiles(sortedPercentiles: readonly number[], out: number[]): void {
    // Stryker disable next-line ConditionalExpression: an empty histogram's one read is undefined, so the running count is NaN, which meets no target: out stays untouched
    if (this.total === 0) return;
    let k = 0;
    let target = countAtPercentile(sortedPercentiles[0], this.total);
    let running = 0;
    for (let idx = this.minIndex; k < sortedPercentiles.length; idx++) {
      // A guard against counts that do not add up to the total, which would loop forever.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: every target is at most the total, which the running count reaches at maxIndex, so the percentiles run out there first
      if (idx > this.maxIndex) break;
      running += this.counts[idx - this.base];
      while (running >= target) {
        out[k++] = highestValueOfIndex(idx);
        // Stryker disable next-line ConditionalExpression: past the last percentile the next target is NaN, which ends the while loop as the break does
        if (k === sortedPercentiles.length) break;
        target = countAtPercentile(sortedPercentiles[k], this.total);
      }
    }
  }

  /** Mean from each bucket's median value (as HdrHistogram), or null when empty. */
  get mean(): number | null {
    if (this.total === 0) return null;
    let sum = 0;
    for (let idx = this.minIndex; idx <= this.maxIndex; idx++) {
      const c = this.counts[idx - this.base];
      // Stryker disable next-line EqualityOperator,ConditionalExpression: a zero count adds zero to the sum
      if (c > 0) sum += medianValueOfIndex(idx) * c;
    }
    return sum / this.total;
  }

  /** Population standard deviation from each bucket's median value, or null when empty. */
  get stdev(): number | null {
    const mean = this.mean;
    if (mean === null) return null;
    let sq = 0;
    for (let idx = this.minIndex; idx <= this.maxIndex; idx++) {
      const c = this.counts[idx - this.base];
      // Stryker disable next-line EqualityOperator,ConditionalExpression: a zero count adds zero to the squares
      if (c > 0) {
        const d = medianValueOfIndex(idx) - mean;
        sq += d * d * c;
      }
    }
    return Math.sqrt(sq / this.total);
  }

  /** Bytes held by the counts window (the object itself adds about 100). */
  get countsBytes(): number {
    return this.counts.byteLength;
  }

  private grow(index: number): void {
    const used = this.counts.length;
    let lo: number;
    let hi: number;
    if (used === 0) {
      lo = index - INITIAL_WINDOW / 2;
      hi = lo + INITIAL_WINDOW;
    } else {
      // Grow towards the new index with slack of half the new span, so growth happens
      // a logarithmic number of times per histogram, never per sample.
      lo = Math.min(this.base, index);
      hi = Math.max(this.base + used, index + 1);
      const slack = Math.max(INITIAL_WINDOW, (hi - lo) >> 1);
      // Stryker disable next-line EqualityOperator: grow() is called only for an index outside the window, so never for the base itself
      if (index < this.base) lo -= slack;
      else hi += slack;
    }
    lo = Math.max(0, lo);
    // Stryker disable next-line ArithmeticOperator: hi is already above lo here (the guard only keeps the window non-empty)
    hi = Math.min(FULL_LENGTH, Math.max(hi, lo + 1));
    const counts = new Float64Array(hi - lo);
    if (used > 0) counts.set(this.counts, this.base - lo);
    this.counts = counts;
    this.base = lo;
  }
}

/** HdrHistogram's rank for a percentile: ceil(p% of total), at least 1. */
function countAtPercentile(percentile: number, total: number): number {
  // Stryker disable next-line EqualityOperator: 100 capped to 100 is the same percentile
  const p = percentile > 100 ? 100 : percentile;
  const fp = (p / 100) * total;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: for fp = 0 the formula gives 2 ** -Infinity, which is 0 as well
  const ulp = fp > 0 ? 2 ** (Math.floor(Math.log2(fp)) - 52) : 0;
  return Math.max(Math.ceil(fp - ulp), 1);
}

/** A latency histogram: values in microseconds. */
export function newLatencyHistogram(): Histogram {
  return new Histogram();
}

/**
 * A histogram for other non-negative values, recorded as integers in a unit the caller picks so
 * that 1 is the smallest step worth telling apart: µs for browser timings, CLS × 1000. Same range
 * and precision as latency histograms, so the same encode/decode/merge applies.
 */
export function newValueHistogram(): Histogram {
  return new Histogram();
}

/** Library histogram reused for encoding, so encoding allocates no 184 KB array each time. */
let scratch: JsHistogram | null = null;
/** Whether the library's counts layout is ours (checked once), so counts can be copied by index. */
// Stryker disable next-line BooleanLiteral: encoder() sets it before any use
let sameLayout = false;

function encoder(): JsHistogram {
  // Stryker disable next-line ConditionalExpression: building the library histogram again gives an equal, empty one
  if (scratch === null) {
    scratch = build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: HISTOGRAM_MAX_VALUE,
      numberOfSignificantValueDigits: HISTOGRAM_SIGNIFICANT_DIGITS,
      // 64-bit counts: a merged histogram's bucket may exceed 2^32.
      bitBucketSize: 64,
      autoResize: false,
      useWebAssembly: false,
    }) as JsHistogram;
    const probes = [0, 1, 2047, 2048, 4095, 4096, 1_000_000, 123_456_789, HISTOGRAM_MAX_VALUE];
    // Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression,EqualityOperator: the layout check only picks the faster of two encodings that give the same bytes
    sameLayout = probes.every((v) => scratch!.countsArrayIndex(v) === bucketIndexOf(v));
  }
  return scratch;
}

/** Standard HDR V2 compressed base64; the empty string for an empty histogram. */
export function encodeHistogram(h: Histogram): string {
  if (h.count === 0) return '';
  const lib = encoder();
  lib.reset();
  // Stryker disable next-line ConditionalExpression: both branches encode the same buckets (the other is the fallback for a different library layout)
  if (sameLayout) {
    h.forEachBucket((idx, c) => lib.setCountAtIndex(idx, c));
    lib.setTotalCount(h.count);
    lib.updateMinAndMax(h.min!);
    lib.updateMinAndMax(h.max!);
  } else recordEachBucket(lib, h);
  return encodeIntoCompressedBase64(lib);
}

// Stryker disable all: the fallback for a different library layout, never taken with the version we pin; it gives the same bytes as the branch that sets the counts
/** Records each bucket by value, for a library whose bucket indices are not ours. */
function recordEachBucket(lib: JsHistogram, h: Histogram): void {
  h.forEachBucket((idx, c) => lib.recordValueWithCount(lowestValueOfIndex(idx), c));
}
// Stryker restore all

/**
 * Reads an encoded histogram (ours, or any HDR V2 compressed one: values are re-bucketed into
 * this layout, clamped to the range). The empty string gives an empty histogram.
 */
export function decodeHistogram(encoded: string): Histogram {
  const h = new Histogram();
  if (encoded === '') return h;
  // 64-bit, so a count above 2^32 is read as written. The decoded histogram is sized by the
  // encoded range and does not auto-resize: its values are re-bucketed into ours, never added to.
  const lib = decodeFromCompressedBase64(encoded, 64, false) as JsHistogram;
  // Stryker disable next-line EqualityOperator: the count one past the end reads as 0 and is skipped
  for (let i = 0; i < lib.countsArrayLength; i++) {
    const c = lib.getCountAtIndex(i);
    if (c > 0) h.recordAtIndex(bucketIndexOf(clampValue(lib.valueFromIndex(i))), c);
  }
  return h;
}

/** Sums histograms into a new one. */
export function mergeHistograms(parts: Iterable<Histogram>): Histogram {
  const h = new Histogram();
  for (const p of parts) h.add(p);
  return h;
}

const PERCENTILE_KEYS = REPORTED_PERCENTILES.map(String);
const percentileScratch: number[] = REPORTED_PERCENTILES.map(() => 0);

/**
 * Summary of a histogram divided by `divisor` (1000 turns µs into ms, CLS × 1000 back into CLS):
 * count, min, max, mean, stdev and the REPORTED_PERCENTILES, all from the same buckets; nulls when
 * empty.
 */
export function summarizeValues(h: Histogram, divisor: number): LatencySummary {
  const percentiles: Record<string, number | null> = {};
  // Stryker disable next-line EqualityOperator,ConditionalExpression: percentiles() leaves out untouched when empty, and the nulls are chosen below
  if (h.count > 0) h.percentiles(REPORTED_PERCENTILES, percentileScratch);
  for (let i = 0; i < PERCENTILE_KEYS.length; i++) {
    percentiles[PERCENTILE_KEYS[i]] = h.count > 0 ? percentileScratch[i] / divisor : null;
  }
  const scale = (v: number | null): number | null => (v === null ? null : v / divisor);
  return { count: h.count, min: scale(h.min), max: scale(h.max), mean: scale(h.mean), stdev: scale(h.stdev), percentiles };
}

/** Latency summary in milliseconds of a histogram of microseconds. */
export function summarize(h: Histogram): LatencySummary {
  return summarizeValues(h, 1000);
}

/** Any percentile (ms) of an encoded latency histogram, e.g. p99.5 for a threshold; null when empty. */
export function percentileOfEncoded(encoded: string, percentile: number): number | null {
  const v = decodeHistogram(encoded).valueAtPercentile(percentile);
  return v === null ? null : v / 1000;
}
