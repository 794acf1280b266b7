/**
 * A compression saving priced in time, as pure functions: the run's throttled profiles, once
 * each, and the saving of each should-compress finding at their throughput. (Real slow-4g runs:
 * time-saved.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { throttledProfiles, timeSaved, withTimeSaved } from '../../src/audit/time-saved.js';
import type { AuditFinding } from '../../src/schema/audit.js';
import type { BrowserSection, NetworkProfile, PageStats } from '../../src/schema/summary.js';

const profile = (name: string, downloadKbps: number): NetworkProfile => ({ name, requestLatencyMs: 0, downloadKbps, uploadKbps: 0, cpuSlowdown: 1 });
const page = (p?: NetworkProfile): PageStats => ({ name: '/', url: 'http://t/', view: 'cold', views: 1, failures: 0, metrics: {}, avgWireBytes: 0, avgDecodedBytes: 0, ...(p ? { profile: p } : {}) });
const browser = (pages: PageStats[]): BrowserSection => ({ pages } as BrowserSection);

describe('throttledProfiles', () => {
  it('takes each limiting profile once by name, in the order of the page rows', () => {
    const slow = profile('slow-4g', 1474.56);
    const custom = profile('custom:300/1000/500', 1000);
    expect(throttledProfiles(browser([page(custom), page(), page(profile('none', 0)), page(slow), page(profile('custom:300/1000/500', 5))]))).toEqual([custom, slow]);
  });

  it('has none without a browser section', () => {
    expect(throttledProfiles(undefined)).toEqual([]);
  });
});

describe('timeSaved', () => {
  it('prices the bytes under each profile that limits the download', () => {
    // 1000 kbit/s is 128,000 B/s: 64,000 B take 500 ms.
    expect(timeSaved(64_000, [profile('a', 1000), profile('none', 0)])).toEqual([{ profile: 'a', downloadKbps: 1000, ms: 500 }]);
    expect(timeSaved(64_000, [])).toEqual([]);
  });
});

describe('withTimeSaved', () => {
  const findings = [{ code: 'should-compress', savingBytes: 128_000 }, { code: 'no-vary', vary: null, encodings: ['gzip'] }] as AuditFinding[];

  it('prices only should-compress findings', () => {
    expect(withTimeSaved(findings, [profile('a', 1000)])).toEqual([
      { code: 'should-compress', savingBytes: 128_000, timeSaved: [{ profile: 'a', downloadKbps: 1000, ms: 1000 }] },
      findings[1],
    ]);
  });

  it('leaves the findings as they are without throttled profiles', () => {
    expect(withTimeSaved(findings, [])).toBe(findings);
  });
});
