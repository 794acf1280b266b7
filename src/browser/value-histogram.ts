/**
 * The value histograms behind BrowserSection.pages: integers (µs for times, CLS × 1000), HDR,
 * 3 significant digits, serialised as compressed base64 like every histogram in summary.json.
 */
import * as hdr from 'hdr-histogram-js';
import { REPORTED_PERCENTILES, type LatencySummary } from '../result/summary.js';

export type ValueHistogram = hdr.Histogram;

export function newValueHistogram(): ValueHistogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 2, numberOfSignificantValueDigits: 3, autoResize: true, useWebAssembly: false });
}

export function encodeHistogram(h: ValueHistogram): string {
  return h.totalCount === 0 ? '' : hdr.encodeIntoCompressedBase64(h);
}

/** Figures of a histogram in its unit divided by `scale` (1000: µs → ms, CLS×1000 → CLS). */
export function summarize(h: ValueHistogram, scale = 1000): LatencySummary {
  const count = h.totalCount;
  const at = (v: number): number => v / scale;
  const percentiles: Record<string, number | null> = {};
  // Clamped to the exact max, so p100 never reads above max.
  const value = (p: number): number => Math.min(h.getValueAtPercentile(p), h.maxValue);
  for (const p of REPORTED_PERCENTILES) percentiles[String(p)] = count ? at(value(p)) : null;
  return {
    count,
    min: count ? at(value(0)) : null,
    max: count ? at(h.maxValue) : null,
    mean: count ? at(h.mean) : null,
    stdev: count ? at(h.stdDeviation) : null,
    percentiles,
  };
}
