import { describe, expect, it } from 'vitest';
import { compareSummaries, renderCompareHtml, renderCompareMarkdown, verdictOf } from '../../src/report/compare/index.js';
import { parseTolerance } from '../../src/report/compare/tolerance.js';
import { UsageError } from '../../src/errors.js';
import { makeSummary } from './fixtures.js';

describe('compare', () => {
  const baseline = makeSummary({ seed: 1 });

  it('reports a run with 100 ms more protocol latency as worse, per name and in the headline', () => {
    const slower = makeSummary({ seed: 1, extraLatencyMs: 100 });
    const c = compareSummaries(baseline, slower, { tolerancePct: 5 });
    expect(c.regressed).toBe(true);
    const p95 = c.headline.find((d) => d.metric === 'p95')!;
    expect(p95.verdict).toBe('worse');
    expect(p95.change).toBeGreaterThan(20);
    expect(c.headline.find((d) => d.metric === 'p50')!.verdict).toBe('worse');
    const post = c.names.find((n) => n.type === 'POST')!;
    expect(post.deltas.find((d) => d.metric === 'p50')!.verdict).toBe('worse');
    expect(post.verdict).toBe('worse');
    // Page rows did not get the extra latency: the same.
    expect(c.names.find((n) => n.type === 'PAGE')!.deltas.find((d) => d.metric === 'p95')!.verdict).toBe('same');
    expect(c.counts.worse).toBeGreaterThan(0);
  });

  it('reports the reverse as better and no regression', () => {
    const slower = makeSummary({ seed: 1, extraLatencyMs: 100 });
    const c = compareSummaries(slower, baseline);
    expect(c.regressed).toBe(false);
    expect(c.headline.find((d) => d.metric === 'p95')!.verdict).toBe('better');
  });

  it('calls the same data the same, and a different random sample the same within tolerance', () => {
    expect(compareSummaries(baseline, makeSummary({ seed: 1 })).regressed).toBe(false);
    const c = compareSummaries(baseline, baseline);
    expect(c.counts.worse + c.counts.better).toBe(0);
  });

  it('counts more errors as worse', () => {
    const c = compareSummaries(makeSummary({ seed: 1, failEvery: 0 }), makeSummary({ seed: 1, failEvery: 5 }));
    expect(c.headline.find((d) => d.metric === 'errors')!.verdict).toBe('worse');
    expect(c.regressed).toBe(true);
  });

  it('applies the tolerance and the noise floors', () => {
    expect(verdictOf(100, 104, 'lower-better', 5, 1)).toBe('same');
    expect(verdictOf(100, 106, 'lower-better', 5, 1)).toBe('worse');
    expect(verdictOf(100, 94, 'lower-better', 5, 1)).toBe('better');
    expect(verdictOf(100, 94, 'higher-better', 5, 0.01)).toBe('worse');
    expect(verdictOf(0.4, 0.9, 'lower-better', 5, 1)).toBe('same'); // under 1 ms
    expect(verdictOf(0, 0.05, 'lower-better', 5, 0.1)).toBe('same'); // under 0.1 pp of errors
    expect(verdictOf(null, 5, 'lower-better', 5, 1)).toBe('n/a');
    expect(parseTolerance('5%')).toBe(5);
    expect(parseTolerance('2.5')).toBe(2.5);
    expect(() => parseTolerance('five')).toThrow(UsageError);
  });

  it('lists what became compressed or cached', () => {
    const after = makeSummary({ seed: 1, vendorCompressed: true });
    after.browser!.resources[1].servedFrom = 'memory-cache';
    const c = compareSummaries(baseline, after);
    const vendor = c.changes.filter((n) => n.subject.includes('vendor.js'));
    expect(vendor.find((n) => n.what === 'compression')).toMatchObject({ baseline: 'should-compress', after: 'compressed' });
    expect(vendor.find((n) => n.what === 'served from')).toMatchObject({ baseline: 'revalidated', after: 'memory-cache' });
  });

  it('renders the "Baseline vs after tuning" table in Markdown and a self-contained HTML page', () => {
    const c = compareSummaries(baseline, makeSummary({ seed: 1, extraLatencyMs: 100 }));
    const md = renderCompareMarkdown(c);
    expect(md).toContain('## Baseline vs after tuning');
    expect(md).toMatch(/\| p95 \(ms\) \| [\d.]+ \| [\d.]+ \| \+[\d.]+ \(\+[\d.]+%\) \| ❌ worse \|/);
    expect(md).toContain('**Regressed**');
    expect(md).toContain('\\|'); // never a raw pipe from a name inside a cell
    const page = renderCompareHtml(c);
    expect(page).toContain('data-regressed="true"');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    expect(page).not.toContain('<img src=x');
  });
});
