/** The browser users' rules that need no Chromium: vitals arithmetic, URLs, options, cache classes. */
import { describe, expect, it } from 'vitest';
import { classify, type CdpRequest } from '../../src/browser/network-capture.js';
import { cumulativeLayoutShift, pageMetrics, totalBlockingTime } from '../../src/browser/page-timing.js';
import { validateBrowserUsersOptions } from '../../src/browser/pool.js';
import { resolveUrl } from '../../src/browser/user.js';
import { CollectingRecorder } from './helpers.js';

describe('vitals arithmetic', () => {
  it('takes CLS as the largest session window and ignores shifts after input', () => {
    const shifts = [
      { value: 0.1, startTime: 100, hadRecentInput: false },
      { value: 0.2, startTime: 600, hadRecentInput: false },
      // > 1 s gap: a new window
      { value: 0.25, startTime: 2000, hadRecentInput: false },
      { value: 0.5, startTime: 2100, hadRecentInput: true },
    ];
    expect(cumulativeLayoutShift(shifts)).toBeCloseTo(0.3);
    expect(cumulativeLayoutShift([])).toBe(0);
  });

  it('counts the part of each long task over 50 ms as blocking time', () => {
    expect(totalBlockingTime([{ startTime: 10, duration: 60 }, { startTime: 200, duration: 120 }, { startTime: 400, duration: 50 }])).toBe(80);
  });

  it('reports a phase that did not happen as missing, never as 0', () => {
    const m = pageMetrics({
      url: 'http://x/', fcp: null, lcp: null, shifts: [], longTasks: [], resources: [],
      nav: { startTime: 0, domainLookupStart: 1, domainLookupEnd: 1, connectStart: 1, connectEnd: 1, requestStart: 0, responseStart: 2, responseEnd: 3, domInteractive: 20, domContentLoadedEventEnd: 25, loadEventEnd: 0 },
    });
    expect(m).toMatchObject({ dns: 0, connect: 0, download: 1, domInteractive: 20, domContentLoaded: 25, cls: 0, tbt: 0 });
    expect(m).not.toHaveProperty('ttfb');
    expect(m).not.toHaveProperty('load');
    expect(m).not.toHaveProperty('fcp');
    expect(m).not.toHaveProperty('lcp');
  });
});

describe('how a resource was served', () => {
  const base: CdpRequest = { requestId: '1', url: 'http://x/a.js', cdpType: 'Script', startedAt: 0, decodedBytes: 0, done: true, status: 200 };
  it('tells network, memory cache, HTTP cache and revalidation apart', () => {
    expect(classify(base)).toBe('network');
    expect(classify({ ...base, servedFromCache: true })).toBe('memory-cache');
    expect(classify({ ...base, fromDiskCache: true })).toBe('disk-cache');
    expect(classify({ ...base, wireStatus: 304 })).toBe('revalidated');
    expect(classify({ ...base, status: 304 })).toBe('revalidated');
  });
});

describe('browser user options', () => {
  it('appends paths to the host like Locust, base path included', () => {
    expect(resolveUrl('http://127.0.0.1:8000', '/dashboard/')).toBe('http://127.0.0.1:8000/dashboard/');
    expect(resolveUrl('http://erp.local/app/', '/dashboard/')).toBe('http://erp.local/app/dashboard/');
    expect(resolveUrl('http://erp.local', 'https://other/x')).toBe('https://other/x');
  });

  it('reports a flow without pages or run() and a bad recycle count at once (user options are config\'s)', () => {
    const problems = validateBrowserUsersOptions({
      host: 'http://127.0.0.1:8000', users: 1, spawnRate: 1, views: ['cold'], flow: { pages: [] }, recorder: new CollectingRecorder(), recycleEvery: 0,
    });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/pages.*recycleEvery/s);
  });
});
