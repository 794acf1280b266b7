/**
 * Every threshold kind, on both sides of its limit and at the limit itself, so that each
 * comparator's strictness shows; and the parser's units, defaults and one-line refusals.
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

/** Five requests of 10, 20, 30, 40 and 150 ms (mean 50), one of them failed (20 %). */
function row(type: string, name: string, over: Partial<StatEntry> = {}): StatEntry {
  const h = newLatencyHistogram();
  for (const ms of [10, 20, 30, 40, 150]) h.record(ms * 1000);
  return {
    type, method: type === 'PAGE' ? 'GET' : type, name, count: 5, failures: 1,
    latency: { count: 5, min: 10, max: 150, mean: 50, stdev: 50, percentiles: { '50': 30, '95': 150 } },
    histogram: encodeHistogram(h),
    wireBytes: 500, decodedBytes: 900, firstAt: 0, lastAt: 1000,
    ...over,
  };
}

const search = row('GET', '/api/search/');
const aggregate = row('', 'Aggregated');
/** Over 2 s: 2.5 requests a second. */
const evaluate = (...texts: string[]) => evaluateThresholds(texts.map(spec), [search], aggregate, 2);
const verdicts = (...texts: string[]) => evaluate(...texts).map((o) => [o.expression, o.actual, o.passed]);

describe('each threshold kind against its limit', () => {
  it('avg, mean, min and max read their own figure (max is not the mean)', () => {
    expect(verdicts('avg<51', 'avg<50', 'mean<=50', 'min>9', 'min>10', 'min>=10', 'max<151', 'max<150', 'max<=150', 'max>100')).toEqual([
      ['avg<51', 50, true], ['avg<50', 50, false], ['mean<=50', 50, true],
      ['min>9', 10, true], ['min>10', 10, false], ['min>=10', 10, true],
      ['max<151', 150, true], ['max<150', 150, false], ['max<=150', 150, true], ['max>100', 150, true],
    ]);
  });

  it('count and failures are counts of the row', () => {
    expect(verdicts('count>=5', 'count>5', 'count<6', 'failures<1', 'failures<=1', 'failures>0')).toEqual([
      ['count>=5', 5, true], ['count>5', 5, false], ['count<6', 5, true],
      ['failures<1', 1, false], ['failures<=1', 1, true], ['failures>0', 1, true],
    ]);
  });

  it('errors and error_rate are the failed share in percent', () => {
    expect(verdicts('errors<20%', 'errors<=20%', 'error_rate<21', 'errors>19.9%')).toEqual([
      ['errors<20%', 20, false], ['errors<=20%', 20, true], ['error_rate<21', 20, true], ['errors>19.9%', 20, true],
    ]);
  });

  it('rps is the count over the measured seconds', () => {
    expect(verdicts('rps>=2.5', 'rps>2.5', 'rps<3')).toEqual([['rps>=2.5', 2.5, true], ['rps>2.5', 2.5, false], ['rps<3', 2.5, true]]);
    const [none] = evaluateThresholds([spec('rps>0')], [search], aggregate, 0);
    expect([none.actual, none.passed]).toEqual([null, false]);
  });

  it('a percentile in the reported set is read as reported; median and med are p50', () => {
    expect(verdicts('p95<150', 'p95<=150', 'median<=30', 'med<30', 'p50>29')).toEqual([
      ['p95<150', 150, false], ['p95<=150', 150, true], ['median<=30', 30, true], ['med<30', 30, false], ['p50>29', 30, true],
    ]);
  });

  it('a percentile outside the set comes from the histogram, by the rank rule (p70 of five is the fourth, 40 ms)', () => {
    const [p70] = evaluate('p70<41');
    expect(p70.actual).toBeCloseTo(40, 0);
    expect(p70.passed).toBe(true);
  });

  it('a row without requests has no percentile and no error rate, and fails them', () => {
    const empty = row('GET', '/api/empty/', {
      count: 0, failures: 0, latency: { count: 0, min: null, max: null, mean: null, stdev: null, percentiles: {} },
    });
    const outcomes = evaluateThresholds(['GET /api/empty/:p95<1', 'GET /api/empty/:errors<1%'].map(spec), [empty], aggregate, 2);
    expect(outcomes.map((o) => [o.actual, o.passed])).toEqual([[null, false], [null, false]]);
  });

  it('without a target reads the Aggregated row, with one the named row', () => {
    const slow = row('GET', '/api/slow/', { latency: { ...search.latency, max: 900 } });
    const [all, named] = evaluateThresholds(['max<=150', 'GET /api/slow/:max<=150'].map(spec), [search, slow], aggregate, 2);
    expect([all.target, all.actual, all.passed]).toEqual(['Aggregated', 150, true]);
    expect([named.target, named.actual, named.passed]).toEqual(['GET /api/slow/', 900, false]);
  });
});

describe('the nearest rows of a threshold whose row is missing', () => {
  const rows = ['/api/search/', '/api/searches/', '/api/sear/', '/api/journal-entries/'].map((n) => row('GET', n));
  const nearest = (text: string, stats = rows) => evaluateThresholds([spec(text)], stats, aggregate, 2)[0].missingRow?.nearest;

  it('lists the three closest keys, closest first, ties in name order', () => {
    expect(nearest('GET /api/serch/:p95<1')).toEqual(['GET /api/search/', 'GET /api/sear/', 'GET /api/searches/']);
  });

  it('leaves out keys that share nothing with the target, and names API and PAGES only when they exist', () => {
    expect(nearest('X Y:p95<1')).toEqual([]);
    expect(nearest('PAGES:p95<1', [row('GET', '/a/')])).toEqual(['API']);
    expect(nearest('PAGE /x [cold]:p95<1', [row('PAGE', '/ [cold]')])).toEqual(['PAGE / [cold]', 'PAGES']);
  });
});

describe('parseThreshold', () => {
  it('turns seconds into ms for times, and keeps ms and bare numbers as ms', () => {
    expect(spec('p95<2s').limit).toBe(2000);
    expect(spec('max<1.5s').limit).toBe(1500);
    expect(spec('avg<300ms').limit).toBe(300);
    expect(spec('min>=7').limit).toBe(7);
    expect(spec('p99.9<=40')).toMatchObject({ kind: 'percentile', percentile: 99.9, comparator: '<=', target: 'Aggregated', metric: 'p99.9' });
  });

  it('reads each kind and target, in any case', () => {
    expect(spec('API:ERRORS<0.1%')).toMatchObject({ kind: 'errors', target: 'API', limit: 0.1, metric: 'errors' });
    expect(spec('PAGES:Median<900')).toMatchObject({ kind: 'percentile', percentile: 50, target: 'PAGES' });
    expect(spec('GET /api/search/: count >= 10')).toMatchObject({ kind: 'count', target: 'GET /api/search/', comparator: '>=', limit: 10 });
    expect(spec('failures<3').kind).toBe('failures');
    expect(spec('rps>100').kind).toBe('rps');
    expect(spec('mean<1').kind).toBe('avg');
  });

  it('refuses, in one line each, a percentile out of (0, 100], units that do not apply and what is not a row', () => {
    expect(parseThreshold('p0<1')).toBe("--threshold 'p0<1': percentile must be in (0, 100]");
    expect(parseThreshold('p100.1<1')).toBe("--threshold 'p100.1<1': percentile must be in (0, 100]");
    expect(spec('p100<1').percentile).toBe(100);
    expect(parseThreshold('p95<5%')).toBe("--threshold 'p95<5%': % only applies to errors");
    expect(parseThreshold('rps>5s')).toBe("--threshold 'rps>5s': s only applies to times");
    expect(parseThreshold('count>5ms')).toBe("--threshold 'count>5ms': ms only applies to times");
    expect(parseThreshold('errors<5s')).toBe("--threshold 'errors<5s': s only applies to times");
    expect(parseThreshold('search:p95<5')).toBe(
      "--threshold 'search:p95<5': 'search' is not a row; use API, PAGES, Aggregated or a stats row 'TYPE NAME', e.g. 'GET /api/search/'",
    );
    expect(parseThreshold('p95=5')).toBe("--threshold 'p95=5': expected [TYPE NAME:]METRIC<VALUE, e.g. 'p95<500' or 'errors<0.1%'");
  });

  it('reads the whole expression and nothing but it: no leading words, no trailing text, spaces trimmed', () => {
    const format = (e: string) => `--threshold '${e}': expected [TYPE NAME:]METRIC<VALUE, e.g. 'p95<500' or 'errors<0.1%'`;
    for (const e of ['junk p95<500', 'p95<500x', 'p95<500 ms later', 'junk lcp<2500', 'lcp<2500x', 'x-lcp<2500']) expect(parseThreshold(e), e).toBe(format(e));
    expect(spec(' p95<500 ')).toMatchObject({ kind: 'percentile', limit: 500, target: 'Aggregated' });
    expect(spec(' lcp<2500 ')).toMatchObject({ vital: 'lcp', limit: 2500 });
    expect(spec('lcp <2500')).toMatchObject({ vital: 'lcp', comparator: '<' });
    expect(spec('PAGES: lcp<2500')).toMatchObject({ vital: 'lcp', target: 'PAGES' });
    expect(spec('p95<2s ').limit).toBe(2000);
    expect(spec('lcp<2.5s ').limit).toBe(2500);
  });

  it('takes percentiles and limits with several decimals', () => {
    expect(spec('p99.99<5')).toMatchObject({ percentile: 99.99, limit: 5 });
    expect(spec('lcp.p99.95<3000')).toMatchObject({ percentile: 99.95, limit: 3000 });
    expect(spec('cls<0.25').limit).toBe(0.25);
    expect(spec('avg<12.75').limit).toBe(12.75);
  });

  it('trims the target it names, and accepts API, PAGES and Aggregated spaced from the colon', () => {
    expect(spec('GET /api/search/ :p95<1').target).toBe('GET /api/search/');
    expect(spec('API :p95<1').target).toBe('API');
    expect(spec('Aggregated:p95<1').target).toBe('Aggregated');
    expect(spec('PAGE / [cold] :lcp<1').target).toBe('PAGE / [cold]');
    expect(parseThreshold('search :p95<5')).toBe(
      "--threshold 'search :p95<5': 'search' is not a row; use API, PAGES, Aggregated or a stats row 'TYPE NAME', e.g. 'GET /api/search/'",
    );
  });

  it('reads every statistic of a web vital, and percentiles up to p100 only', () => {
    expect(spec('lcp.mean<1')).toMatchObject({ kind: 'avg', metric: 'lcp.mean' });
    expect(spec('lcp.min<1')).toMatchObject({ kind: 'min', percentile: undefined });
    expect(spec('lcp.med<1')).toMatchObject({ kind: 'percentile', percentile: 50 });
    expect(spec('lcp.median<1')).toMatchObject({ kind: 'percentile', percentile: 50 });
    expect(spec('lcp.p100<1').percentile).toBe(100);
    expect(parseThreshold('lcp.p101<1')).toBe("--threshold 'lcp.p101<1': percentile must be in (0, 100]");
  });

  it('turns seconds into ms for min and max too, and refuses ms on what is no time', () => {
    expect(spec('min>=2s').limit).toBe(2000);
    expect(spec('max<3s').limit).toBe(3000);
    expect(spec('min>5ms').limit).toBe(5);
    expect(parseThreshold('failures<2s')).toBe("--threshold 'failures<2s': s only applies to times");
  });

  it('reads web vitals at p75 unless told, in ms or s, CLS without a unit, on page rows only', () => {
    expect(spec('lcp<2.5s')).toMatchObject({ vital: 'lcp', kind: 'percentile', percentile: 75, limit: 2500, target: 'PAGES', metric: 'lcp.p75' });
    expect(spec('PAGE / [cold]:fcp.p90<=1800')).toMatchObject({ percentile: 90, comparator: '<=', target: 'PAGE / [cold]' });
    expect(spec('Aggregated:ttfb.median<800')).toMatchObject({ percentile: 50, target: 'PAGES' });
    expect(spec('tbt.avg<200')).toMatchObject({ kind: 'avg', percentile: undefined });
    expect(spec('inp.max<200')).toMatchObject({ kind: 'max' });
    expect(spec('cls<0.1').limit).toBe(0.1);
    expect(parseThreshold('cls<0.1s')).toBe("--threshold 'cls<0.1s': CLS has no unit");
    expect(parseThreshold('API:lcp<1')).toBe("--threshold 'API:lcp<1': lcp is a page metric; use PAGES: or PAGE NAME: (e.g. 'PAGE / [cold]:lcp<…')");
    expect(parseThreshold('lcp.p0<1')).toBe("--threshold 'lcp.p0<1': percentile must be in (0, 100]");
  });
});
