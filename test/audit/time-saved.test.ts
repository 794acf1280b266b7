/**
 * What compression buys in time: two slow-4g runs of the demo target in real Chromium, one with
 * its gzip off. The first run's audit prices each should-compress resource at the profile's
 * throughput (bytes saved ÷ bytes per second), and compare shows the pages' measured load and LCP
 * difference with its verdict beside that estimate.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSummaries } from '../../src/report/compare/model.js';
import { renderCompareMarkdown } from '../../src/report/compare/render.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { ShouldCompressFinding } from '../../src/schema/audit.js';
import type { Summary } from '../../src/schema/summary.js';
import { readSummary, runCli, tempDir } from '../helpers.js';

/** slow-4g's download: 1,474.56 kbit/s as Chromium is given it, in bytes per second. */
const SLOW_4G_BYTES_PER_S = Math.floor((1474.56 * 1024) / 8);

describe('compression priced in time under slow-4g', () => {
  const dir = tempDir();
  let noGzip: Summary;
  let gzip: Summary;

  beforeAll(async () => {
    const run = (name: string, demoFlags: string[]) =>
      runCli([
        'run', '--demo-target', ...demoFlags, '-u', '0', '-b', '1', '--views', 'cold', '--network', 'slow-4g', '-t', '7s', '--results-dir', join(dir, name), '-q', '--no-html',
      ], { timeoutMs: 90_000 });
    const [a, b] = [await run('no-gzip', ['--demo-flags', '--no-gzip']), await run('gzip', [])];
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    noGzip = readSummary(join(dir, 'no-gzip'));
    gzip = readSummary(join(dir, 'gzip'));
  }, 200_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each should-compress browser resource its saving ÷ slow-4g throughput', () => {
    const findings = noGzip.audit!.resources
      .filter((r) => r.source === 'browser')
      .flatMap((r) => r.findings.filter((f): f is ShouldCompressFinding => f.code === 'should-compress'));
    expect(findings.length).toBeGreaterThanOrEqual(3);
    for (const f of findings) {
      expect(f.timeSaved).toEqual([{ profile: 'slow-4g', downloadKbps: 1474.56, ms: Math.round((f.savingBytes / SLOW_4G_BYTES_PER_S) * 1000) }]);
    }
    const home = noGzip.audit!.savings.perPageView.find((v) => v.page === '/' && v.view === 'cold')!;
    expect(home.timeSaved![0].ms).toBe(Math.round((home.bytes / SLOW_4G_BYTES_PER_S) * 1000));
    // Hundreds of KB at ~184 KiB/s: the estimate is in seconds, not milliseconds.
    expect(home.timeSaved![0].ms).toBeGreaterThan(1000);
    const notes = renderMarkdown(noGzip);
    expect(notes).toMatch(/gzip would save .* about [\d,]+ ms on slow-4g per cold view/);
    expect(notes).toMatch(/Compression would save per cold view .*: \/ [\d.]+ KiB, about [\d,]+ ms on slow-4g/);
  });

  it('has no time figure where nothing is to save', () => {
    expect(gzip.audit!.findingCounts['should-compress'] ?? 0).toBe(0);
    expect(gzip.audit!.savings.perPageView.every((v) => v.timeSaved === undefined)).toBe(true);
  });

  it('compare shows the pages faster with gzip, with the verdict and the audit estimate beside it', () => {
    const c = compareSummaries(noGzip, gzip);
    const home = c.pages.find((p) => p.page === '/ [cold, slow-4g]')!;
    const load = home.deltas.find((d) => d.metric === 'load')!;
    const lcp = home.deltas.find((d) => d.metric === 'lcp')!;
    expect(load.verdict).toBe('better');
    expect(lcp.verdict).toBe('better');
    expect(load.change!).toBeLessThan(-500);
    expect(home.estimatedSavingMs).toBe(noGzip.audit!.savings.perPageView.find((v) => v.page === '/' && v.view === 'cold')!.timeSaved![0].ms);
    const text = renderCompareMarkdown(c);
    expect(text).toContain('Audit estimate: gzip saves (ms)');
    // The row's load and LCP cells are flagged better, the estimate closes the row.
    const row = text.split('\n').find((line) => line.startsWith('| / ') && line.includes('cold, slow-4g'))!;
    expect(row.match(/✅/g)!.length).toBeGreaterThanOrEqual(2);
    expect(row).toMatch(new RegExp(`\\| ${home.estimatedSavingMs} \\|$`));
  });
});
