/** The browser section of merged runs, on hand-made sections: users, crashes, pages by name and view, resources by key. */
import { describe, expect, it } from 'vitest';
import { Histogram, encodeHistogram } from '../../src/hdr/histogram.js';
import { groupBy, mergeBrowser, weightedMean } from '../../src/result/merge-browser.js';
import type { BrowserSection, PageMetric, PageStats, ResourceObservation } from '../../src/schema/summary.js';

function lcp(ms: number[], missing = 0): PageMetric {
  const h = new Histogram();
  for (const v of ms) h.record(v * 1000);
  return { count: ms.length, missing, summary: { count: ms.length, min: null, max: null, mean: null, stdev: null, percentiles: {} }, histogram: encodeHistogram(h) };
}

function page(name: string, view: 'cold' | 'warm', fields: Partial<PageStats> = {}): PageStats {
  return { name, url: `http://h${name}`, view, views: 1, failures: 0, metrics: {}, avgWireBytes: 0, avgDecodedBytes: 0, ...fields };
}

function resource(url: string, fields: Partial<ResourceObservation> = {}): ResourceObservation {
  return {
    url, page: '/', view: 'cold', resourceType: 'script', status: 200, wireStatus: 200, wireBytes: 100, decodedBytes: 300,
    encoding: 'gzip', contentType: 'text/javascript', servedFrom: 'network', headers: {}, count: 1, ...fields,
  };
}

function section(fields: Partial<BrowserSection> = {}): BrowserSection {
  return { executable: '/usr/bin/chromium', version: '130', users: 1, pages: [], resources: [], crashes: { pages: 0, browsers: 0 }, suspect: false, ...fields };
}

describe('groups and weighted means', () => {
  it('groups in order of first appearance', () => {
    expect(groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0])).toEqual([['b1', 'b2'], ['a1', 'a2'], ['c1']]);
    expect(groupBy([], String)).toEqual([]);
  });

  it('weighs values, rounds to a whole number, and gives 0 without weight', () => {
    expect(weightedMean([{ v: 10, w: 1 }, { v: 20, w: 3 }], (x) => x.v, (x) => x.w)).toBe(18);
    expect(weightedMean([{ v: 1, w: 1 }, { v: 2, w: 1 }], (x) => x.v, (x) => x.w)).toBe(2);
    expect(weightedMean([{ v: 5, w: 0 }], (x) => x.v, (x) => x.w)).toBe(0);
  });
});

describe('merged browser sections', () => {
  it('merge nothing into nothing', () => {
    expect(mergeBrowser([])).toBeUndefined();
  });

  it('add users and crashes, keep the first browser, and are suspect when any part was', () => {
    const m = mergeBrowser([
      section({ users: 2, crashes: { pages: 1, browsers: 0 } }),
      section({ executable: '/other', version: '131', users: 3, crashes: { pages: 2, browsers: 1 }, suspect: true }),
    ])!;
    expect(m).toMatchObject({ executable: '/usr/bin/chromium', version: '130', users: 5, crashes: { pages: 3, browsers: 1 }, suspect: true });
    expect(mergeBrowser([section(), section()])!.suspect).toBe(false);
  });

  it('meet pages by name and view, summing views, failures, each metric’s histogram and its missing views', () => {
    const m = mergeBrowser([
      section({ pages: [page('/', 'cold', { views: 1, failures: 1, metrics: { lcp: lcp([1000], 1) }, avgWireBytes: 100, avgDecodedBytes: 400 }), page('/', 'warm')] }),
      section({ pages: [page('/', 'cold', { views: 3, metrics: { lcp: lcp([1500, 1500, 2000]), fcp: lcp([500]) }, avgWireBytes: 200, avgDecodedBytes: 800 })] }),
    ])!;
    expect(m.pages.map((p) => [p.name, p.view, p.views, p.failures])).toEqual([['/', 'cold', 4, 1], ['/', 'warm', 1, 0]]);
    const cold = m.pages[0];
    expect(cold.metrics.lcp).toMatchObject({ count: 4, missing: 1 });
    const summary = cold.metrics.lcp!.summary;
    expect(summary.count).toBe(4);
    // Within the histogram's 0.1 % of the values recorded.
    expect(Math.abs(summary.min! - 1000)).toBeLessThan(1);
    expect(Math.abs(summary.max! - 2000)).toBeLessThan(2);
    expect(cold.metrics.fcp).toMatchObject({ count: 1, missing: 0 });
    expect([cold.avgWireBytes, cold.avgDecodedBytes]).toEqual([175, 700]);
    expect(cold).not.toHaveProperty('profile');
    expect(cold.url).toBe('http://h/');
  });

  it('meet resources by URL, page, view, how served and both statuses; the latest part’s headers and encoding stand', () => {
    const m = mergeBrowser([
      section({ resources: [resource('/app.js', { headers: { etag: 'old' }, count: 1, wireBytes: 100 }), resource('/app.js', { servedFrom: 'memory-cache', count: 2 })] }),
      section({ resources: [resource('/app.js', { headers: { etag: 'new' }, encoding: null, count: 3, wireBytes: 200 }), resource('/app.js', { wireStatus: 304 })] }),
      section({ resources: [resource('/app.js', { encoding: 'br', count: 0 }), resource('/app.js', { page: '/other' }), resource('/app.js', { view: 'warm' }), resource('/app.js', { status: 404 })] }),
    ])!;
    expect(m.resources.map((r) => [r.servedFrom, r.wireStatus, r.status, r.page, r.view, r.count])).toEqual([
      ['network', 200, 200, '/', 'cold', 4], ['memory-cache', 200, 200, '/', 'cold', 2], ['network', 304, 200, '/', 'cold', 1],
      ['network', 200, 200, '/other', 'cold', 1], ['network', 200, 200, '/', 'warm', 1], ['network', 200, 404, '/', 'cold', 1],
    ]);
    const merged = m.resources[0];
    expect(merged).toMatchObject({ headers: {}, encoding: 'br', wireBytes: 175, decodedBytes: 300 });
    const twoParts = mergeBrowser([section({ resources: [resource('/a', { headers: { x: '1' } })] }), section({ resources: [resource('/a', { headers: { x: '2' }, encoding: null })] })])!;
    expect(twoParts.resources[0]).toMatchObject({ headers: { x: '2' }, encoding: 'gzip', count: 2 });
  });
});
