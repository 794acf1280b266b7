import { describe, expect, it } from 'vitest';
import { parseThreshold, type ThresholdSpec } from '../../src/config/thresholds.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { sample } from '../metrics/samples.js';
import { evaluateThresholds } from '../../src/result/thresholds.js';
import { PageBook } from '../../src/browser/page-book.js';
import type { ViewOutcome } from '../../src/browser/view.js';

function spec(text: string): ThresholdSpec {
  const parsed = parseThreshold(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('threshold outcomes', () => {
  // 1,000 searches of 1..1000 ms, 10 of them failed; 500 list calls of 5 ms.
  const recorder = new MetricsRecorder();
  const search = recorder.handle('GET', 'GET', '/api/search/');
  const list = recorder.handle('GET', 'GET', '/api/journal-entries/');
  for (let ms = 1; ms <= 1000; ms++) {
    if (ms % 100 === 0) recorder.record(sample(search, { latencyUs: ms * 1000, status: 500, wireBytes: 10, decodedBytes: 10, error: 'HTTP 500' }));
    else recorder.record(sample(search, { latencyUs: ms * 1000, wireBytes: 100, decodedBytes: 300 }));
  }
  for (let i = 0; i < 500; i++) recorder.record(sample(list, { latencyUs: 5000, wireBytes: 100, decodedBytes: 300 }));
  const snapshot = recorder.snapshot();
  const evaluate = (...texts: string[]) => evaluateThresholds(texts.map(spec), snapshot.stats, snapshot.aggregate, 10);

  it('passes and fails per row on percentiles, including ones outside the reported set', () => {
    const [p99ok, p99bad, p97] = evaluate('GET /api/search/:p99<1000', 'GET /api/search/:p99<900', 'GET /api/search/:p97<975');
    expect(p99ok.passed).toBe(true);
    expect(p99bad.passed).toBe(false);
    expect(p97.actual).toBeCloseTo(970, -1);
    expect(p97.passed).toBe(true);
  });

  it('computes error rates in percent and rps over the measured time', () => {
    const [errors, rows, rps] = evaluate('errors<0.1%', 'GET /api/search/:errors<=1%', 'rps>=150');
    expect(errors.actual).toBeCloseTo((10 / 1500) * 100, 5);
    expect(errors.passed).toBe(false);
    expect(rows.passed).toBe(true);
    expect(rps.actual).toBe(150);
    expect(rps.passed).toBe(true);
  });

  it('judges API requests apart from page loads', () => {
    const withPages = new MetricsRecorder();
    const api = withPages.handle('GET', 'GET', '/api/search/');
    const page = withPages.handle('PAGE', 'GET', '/dashboard/ [cold]');
    for (let i = 0; i < 90; i++) withPages.record(sample(api, { latencyUs: 100_000, wireBytes: 1, decodedBytes: 1 }));
    for (let i = 0; i < 10; i++) withPages.record(sample(page, { latencyUs: 2_000_000, wireBytes: 1, decodedBytes: 1 }));
    const snap = withPages.snapshot();
    const [all, apiOnly, pages] = evaluateThresholds(['p95<500', 'API:p95<500', 'PAGES:p95<500'].map(spec), snap.stats, snap.aggregate, 10);
    expect(all.passed).toBe(false);
    expect(apiOnly.passed).toBe(true);
    expect(apiOnly.actual).toBeCloseTo(100, 0);
    expect(pages.passed).toBe(false);
  });

  it('fails a threshold on a row that does not exist, with no value', () => {
    const [missing] = evaluate('GET /nowhere:p95<500');
    expect(missing).toMatchObject({ actual: null, passed: false });
  });

  it('names the nearest existing rows for a threshold whose row does not exist', () => {
    const [typo, pages, none] = evaluate('GET /api/serch/:p95<500', 'PAGES:p95<2000', 'PUT /q:p95<1');
    expect(typo.missingRow?.nearest[0]).toBe('GET /api/search/');
    expect(typo.missingRow?.nearest).toHaveLength(3);
    // No page loads in this run: PAGES has no row, API (which exists) is the nearest.
    expect(pages.missingRow?.nearest).toContain('API');
    expect(none.missingRow).toEqual({ nearest: [] });
  });

  it('marks no missing row when the row exists', () => {
    const [found, api] = evaluate('GET /api/search/:p95<5000', 'API:p95<5000');
    expect(found.missingRow).toBeUndefined();
    expect(api.missingRow).toBeUndefined();
  });
});

describe('web-vital threshold outcomes', () => {
  // Two pages: / with LCP 100..1000 ms (ten views), /dashboard/ with LCP 3000 ms and CLS 0.3.
  const book = new PageBook();
  const view = (url: string, metrics: ViewOutcome['metrics']): ViewOutcome => ({ url, view: 'cold', status: 200, durationMs: 1, metrics, resources: [], error: null, documentFailed: false });
  for (let i = 1; i <= 10; i++) book.record('/', view('http://h/', { lcp: i * 100, cls: 0 }));
  for (let i = 0; i < 4; i++) book.record('/dashboard/', view('http://h/dashboard/', { lcp: 3000, cls: 0.3 }));
  const pages = book.pageStats();
  const recorder = new MetricsRecorder();
  const snap = recorder.snapshot();
  const evaluate = (...texts: string[]) => evaluateThresholds(texts.map(spec), snap.stats, snap.aggregate, 10, pages);

  it('judges PAGES on the worst page at p75 and names it', () => {
    const [lcp, cls] = evaluate('PAGES:lcp<2500', 'cls<0.1');
    expect(lcp).toMatchObject({ passed: false, page: '/dashboard/ [cold]' });
    expect(lcp.actual).toBeCloseTo(3000, -1);
    expect(cls).toMatchObject({ passed: false, page: '/dashboard/ [cold]' });
    expect(cls.actual).toBeCloseTo(0.3, 2);
  });

  it('judges one page on the percentile asked for, and fails a vital no page measured', () => {
    const [p75, p20, inp] = evaluate('PAGE / [cold]:lcp<1000', 'PAGE / [cold]:lcp.p20<250', 'PAGES:inp<200');
    expect(p75.passed).toBe(true);
    expect(p75.actual).toBeCloseTo(800, -1);
    expect(p20).toMatchObject({ passed: true, page: '/ [cold]' });
    expect(p20.actual).toBeCloseTo(200, -1);
    expect(inp).toMatchObject({ actual: null, passed: false });
  });
});
