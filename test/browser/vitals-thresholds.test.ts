/**
 * Web-vital thresholds and ratings end to end: one throttled run of the CLI against its demo
 * target, in real Chromium. `PAGES:lcp<100` fails it with exit 1 and names the page that failed;
 * a generous per-page threshold passes; the HTML report rates each page's vitals at p75.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/schema/summary.js';
import { runCli, type CliResult } from '../helpers.js';

describe('web-vital thresholds on a slow-4g run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-'));
  let result: CliResult;
  let summary: Summary;

  beforeAll(async () => {
    result = await runCli(
      ['run', '--demo-target', '-u', '1', '-b', '1', '--views', 'cold', '--network', 'slow-4g', '-t', '6s',
        '--threshold', 'PAGES:lcp<100', '--threshold', 'PAGE / [cold, slow-4g]:fcp<60s', '--results-dir', join(dir, 'run'), '-q'],
      { timeoutMs: 90_000 },
    );
    summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')) as Summary;
  }, 100_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the run with exit 1 and names the page that failed', () => {
    expect(result.code, result.stderr).toBe(1);
    const [lcp, fcp] = summary.thresholds;
    expect(lcp).toMatchObject({ expression: 'PAGES:lcp<100', passed: false });
    expect(lcp.page).toMatch(/^\/(dashboard\/)? \[cold, slow-4g\]$/);
    expect(lcp.actual!).toBeGreaterThan(100);
    expect(result.stdout).toContain(`PAGES:lcp<100  (actual ${Math.round(lcp.actual!)}`);
    expect(result.stdout).toContain(`on PAGE ${lcp.page}`);
    expect(fcp).toMatchObject({ passed: true, page: '/ [cold, slow-4g]' });
  });

  it('records the profile of each page row in summary.json', () => {
    for (const page of summary.browser!.pages) {
      expect(page.name).toMatch(/ \[cold, slow-4g\]$/);
      expect(page.profile).toEqual({ name: 'slow-4g', requestLatencyMs: 562.5, downloadKbps: 1474.56, uploadKbps: 675, cpuSlowdown: 1 });
    }
  });

  it('rates every page\'s vitals at p75 in the HTML report', () => {
    const html = readFileSync(join(dir, 'run', 'report.html'), 'utf8');
    for (const page of summary.browser!.pages) {
      const lcp = page.metrics.lcp!.summary.percentiles['75']!;
      const rating = lcp <= 2500 ? 'good' : lcp <= 4000 ? 'needs-improvement' : 'poor';
      expect(html).toContain(`data-rating="${rating}">${Math.round(lcp)}`);
    }
    expect(html).toMatch(/<table class="vital-ratings">/);
  });
});
