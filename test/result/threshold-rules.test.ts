/**
 * Threshold evaluation's smaller rules, each on its edge: which outcome names a page or a missing
 * row, where the "nearest rows" hint stops, and that it ignores case.
 */
import { describe, expect, it } from 'vitest';
import { parseThreshold, type ThresholdSpec } from '../../src/config/thresholds.js';
import { encodeHistogram, newLatencyHistogram } from '../../src/hdr/histogram.js';
import { evaluateThresholds } from '../../src/result/thresholds.js';
import type { StatEntry } from '../../src/schema/summary.js';

function spec(text: string): ThresholdSpec {
  const parsed = parseThreshold(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** One request of 10 ms. */
function row(type: string, name: string): StatEntry {
  const h = newLatencyHistogram();
  h.record(10_000);
  return {
    type, method: type, name, count: 1, failures: 0,
    latency: { count: 1, min: 10, max: 10, mean: 10, stdev: 0, percentiles: { '50': 10 } },
    histogram: encodeHistogram(h), wireBytes: 1, decodedBytes: 1, firstAt: 0, lastAt: 1,
  };
}

const aggregate = row('', 'Aggregated');

describe('what an outcome carries besides its verdict', () => {
  it('a vital no page measured names no page and no missing row', () => {
    const [lcp] = evaluateThresholds([spec('lcp<2500')], [row('GET', '/a/')], aggregate, 1, []);
    expect(lcp).toStrictEqual({
      expression: 'lcp<2500', target: 'PAGES', metric: 'lcp.p75', comparator: '<', limit: 2500, actual: null, passed: false,
    });
  });

  it('a row threshold names no page', () => {
    const [max] = evaluateThresholds([spec('max<20')], [row('GET', '/a/')], aggregate, 1);
    expect(max).toStrictEqual({ expression: 'max<20', target: 'Aggregated', metric: 'max', comparator: '<', limit: 20, actual: 10, passed: true });
  });
});

describe('a >= threshold', () => {
  it('fails below its limit', () => {
    const [short] = evaluateThresholds([spec('count>=2')], [row('GET', '/a/')], aggregate, 1);
    expect([short.actual, short.passed]).toEqual([1, false]);
  });
});

describe('the nearest rows hint', () => {
  /** A threshold on `target` (any text, as a spec could name it) among `rows`. */
  const nearest = (target: string, rows: StatEntry[]) =>
    evaluateThresholds([{ ...spec('p95<1'), target }], rows, aggregate, 1)[0].missingRow?.nearest;

  it('keeps keys fewer edits away than the target is long, and not those exactly as many', () => {
    // 'X Y' → 'UT Y' is 2 edits, → 'PUT Y' and → 'API' are 3, the target's length.
    expect(nearest('X Y', [row('PUT', 'Y'), row('UT', 'Y')])).toEqual(['UT Y']);
  });

  it('ignores case on both sides', () => {
    expect(nearest('get /API/search/', [row('GET', '/api/search/'), row('GET', '/api/other/')])).toEqual(['GET /api/search/', 'GET /api/other/', 'API']);
    expect(nearest('pages', [row('PAGE', '/ [cold]')])).toEqual(['PAGES']);
  });

  it('names API and PAGES both when the run has requests and page loads', () => {
    const mixed = [row('GET', '/a/'), row('PAGE', '/ [cold]')];
    expect(nearest('APIx', mixed)).toContain('API');
    expect(nearest('PAGESx', mixed)).toContain('PAGES');
  });

  it('orders equal distances by key, whichever order the rows came in', () => {
    const rows = [row('GET', '/b/'), row('GET', '/a/'), row('GET', '/c/')];
    expect(nearest('GET /x/', rows)).toEqual(['GET /a/', 'GET /b/', 'GET /c/']);
    expect(nearest('GET /x/', [...rows].reverse())).toEqual(['GET /a/', 'GET /b/', 'GET /c/']);
  });
});
