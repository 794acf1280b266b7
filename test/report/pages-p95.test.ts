/**
 * Every browser-pages p95 is a percentile of the page loads themselves (their histograms merged),
 * never a mean of per-page p95s: 19 loads of one page at 100 ms and 1 of another at 1,000 ms have
 * a p95 of 100 ms, where the request-weighted mean of the two pages' p95s would say 145 ms.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeHistogram, Histogram } from '../../src/hdr/histogram.js';
import { chartData } from '../../src/report/html/data.js';
import { populations } from '../../src/report/headline.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { Summary } from '../../src/schema/summary.js';

function histogramOf(ms: number, times: number): string {
  const h = new Histogram();
  for (let i = 0; i < times; i++) h.record(ms * 1000);
  return encodeHistogram(h);
}

/** The recorded mixed run, its page rows replaced: /a 19 loads at 100 ms, /b 1 load at 1,000 ms, in one interval. */
function twoPages(): Summary {
  const summary = JSON.parse(readFileSync('test/golden/mixed-run.summary.json', 'utf8')) as Summary;
  const pageRow = summary.stats.find((s) => s.type === 'PAGE')!;
  const page = (name: string, ms: number, loads: number) => ({
    ...pageRow,
    name,
    count: loads,
    failures: 0,
    histogram: histogramOf(ms, loads),
    latency: { ...pageRow.latency, count: loads, percentiles: { ...pageRow.latency.percentiles, '95': ms } },
  });
  summary.stats = [...summary.stats.filter((s) => s.type !== 'PAGE'), page('/a [cold]', 100, 19), page('/b [cold]', 1000, 1)];
  const [first] = summary.timeSeries.points;
  const byName = Object.fromEntries(Object.entries(first.byName).filter(([key]) => !key.startsWith('PAGE ')));
  byName['PAGE /a [cold]'] = { requests: 19, failures: 0, p50: 100, p95: 100, p99: 100, histogram: histogramOf(100, 19) };
  byName['PAGE /b [cold]'] = { requests: 1, failures: 0, p50: 1000, p95: 1000, p99: 1000, histogram: histogramOf(1000, 1) };
  summary.timeSeries.points = [{ ...first, byName }];
  return summary;
}

describe('the browser pages p95', () => {
  const summary = twoPages();

  it("is the HTML latency chart's pages line: the interval's page loads merged, not a mean of their p95s", () => {
    expect(chartData(summary).pagesP95[0]).toBeCloseTo(100, 0);
  });

  it('is the pages figure of the terminal and the Markdown summary', () => {
    expect(populations(summary).pages!.p95).toBeCloseTo(100, 0);
    expect(populations(summary).pages!.requests).toBe(20);
    expect(renderTerminal(summary)).toMatch(/^ {2}pages {2}p50 \S+ ms {2}p95 100 ms {2}p99 1000 ms {2}errors 0\.00% \(0 of 20 page loads\)$/m);
    expect(renderMarkdown(summary)).toMatch(/^\| \| \*PAGES \(all page loads\)\* \| 20 \| [\d.]+ \| 100 \| 100 \| 1000 \| 0\.00 \|$/m);
  });

  it('leaves a gap in the chart for a summary whose series has no per-name histograms, rather than guess', () => {
    const old = twoPages();
    for (const point of Object.values(old.timeSeries.points[0].byName)) delete point.histogram;
    expect(chartData(old).pagesP95[0]).toBeNull();
  });

  it('says, beside the API and pages figures, which errors a threshold judges', () => {
    expect(renderTerminal(summary)).toContain('The headline errors count page loads too; API: thresholds');
    expect(renderMarkdown(summary)).toContain('The headline errors count page loads too; API: thresholds');
  });
});
