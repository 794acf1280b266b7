import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../playwright.config.js';
import type { Summary } from '../../src/schema/summary.js';
import { readSummary, runCli, tempDir, type CliResult } from '../helpers.js';

let dir: string;
let a: Summary;
let b: Summary;
/** The merge of a and b, and what the command printed. */
let out: string;
let merging: CliResult;

/** A run folder holding `summary` as its summary.json. */
function folder(name: string, summary: unknown): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'summary.json'), JSON.stringify(summary));
  return path;
}

beforeAll(async () => {
  dir = tempDir('bl-merge-');
  // Two short runs of one plan against the demo target, one at a time.
  for (const name of ['a', 'b']) {
    const run = await runCli(['run', '--demo-target', '-u', '3', '-t', '2s', '-b', '0', '--url', '/health', '--threshold', 'p95<500', '--no-html', '--quiet', '--results-dir', join(dir, name)], { timeoutMs: 90_000 });
    expect(run.code, run.stderr).toBe(0);
  }
  a = readSummary(join(dir, 'a'));
  b = readSummary(join(dir, 'b'));
  out = join(dir, 'merged');
  merging = await runCli(['merge', join(dir, 'a'), join(dir, 'b'), '--out', out, '--csv', join(out, 'merged')]);
}, 200_000);

describe('browse-load merge', () => {
  it('merges two real runs: counts are the sums, max the larger max, p50 between the parts; report.html renders the merged run', async () => {
    const result = merging;
    expect(result.code, result.stderr).toBe(0);
    const merged = readSummary(out);
    expect(merged.aggregate.count).toBe(a.aggregate.count + b.aggregate.count);
    expect(merged.aggregate.failures).toBe(a.aggregate.failures + b.aggregate.failures);
    expect(merged.aggregate.latency.max).toBe(Math.max(a.aggregate.latency.max!, b.aggregate.latency.max!));
    const p50 = (s: Summary) => s.aggregate.latency.percentiles['50']!;
    expect(p50(merged)).toBeGreaterThanOrEqual(Math.min(p50(a), p50(b)));
    expect(p50(merged)).toBeLessThanOrEqual(Math.max(p50(a), p50(b)));
    expect(merged.run.mergedFrom).toEqual([a.run.id, b.run.id].sort());
    expect(merged.statusCodes['200']).toBe((a.statusCodes['200'] ?? 0) + (b.statusCodes['200'] ?? 0));
    expect(merged.thresholds.map((t) => [t.expression, t.passed])).toEqual([['p95<500', true]]);

    expect(result.stdout).toContain(`browse-load ${merged.run.id}`);
    expect(result.stdout).toContain(merged.aggregate.count.toLocaleString('en-US'));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<title>browse-load · ${merged.run.id}`);
    expect(html).toContain('/health');
    expect(html).toContain(merged.aggregate.count.toLocaleString('en-US'));
    const stats = readFileSync(join(out, 'merged_stats.csv'), 'utf8');
    expect(stats).toMatch(new RegExp(`^GET,/health,${merged.aggregate.count},`, 'm'));
  });

  it('writes a report.html that renders in Chromium with the merged figures', async () => {
    const merged = readSummary(out);
    const browser = await chromium.launch({ executablePath: chromiumPath() ?? undefined, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
      expect(Number(await page.getAttribute('#headline-requests', 'data-value'))).toBe(merged.aggregate.count);
      expect(Number(await page.getAttribute('#headline-p95', 'data-value'))).toBe(merged.aggregate.latency.percentiles['95']);
      expect(await page.getAttribute('#chart-throughput', 'data-rendered')).toBe('true');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('exits 1 when a threshold fails on the merged data', async () => {
    const strict = (s: Summary) => ({ ...s, run: { ...s.run, options: { ...s.run.options, thresholds: ['p50<0.001'] } } });
    const result = await runCli(['merge', folder('strict-a', strict(a)), folder('strict-b', strict(b)), '--out', join(dir, 'strict'), '--no-html']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/p50<0\.001/);
  });

  it('refuses a newer schemaVersion, a folder without summary.json and other histogram settings: exit 2, one line', async () => {
    const cases = [
      [folder('newer', { ...b, schemaVersion: 99 }), /schemaVersion 99, newer than the 1 this browse-load reads/],
      [(mkdirSync(join(dir, 'empty'), { recursive: true }), join(dir, 'empty')), /has no summary\.json/],
      [folder('coarse', { ...b, histogram: { unit: 'us', lowest: 1, highest: 3_600_000_000, significantDigits: 2 } }), /has histograms of 1\.\.3600000000 us, 2 digits/],
    ] as const;
    for (const [part, message] of cases) {
      const result = await runCli(['merge', join(dir, 'a'), part, '--out', join(dir, 'refused')]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('refuses the same run folder twice, which would count its requests twice', async () => {
    const result = await runCli(['merge', join(dir, 'a'), join(dir, 'a', 'summary.json'), '--out', join(dir, 'twice')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is given twice/);
  });

  it('needs --out', async () => {
    const result = await runCli(['merge', join(dir, 'a'), join(dir, 'b')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out/);
  });
});

describe('browse-load merge of runs with failed requests', () => {
  let failing: string;
  beforeAll(async () => {
    // A run whose every request fails (404) and that has no threshold; its own exit is --exit-code-on-error's.
    failing = join(dir, 'failing');
    const run = await runCli(['run', '--demo-target', '-u', '1', '-t', '2s', '-b', '0', '--url', '/no-such-page/', '--no-html', '--quiet', '--exit-code-on-error', '0', '--results-dir', failing], { timeoutMs: 90_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(readSummary(failing).aggregate.failures).toBeGreaterThan(0);
  }, 120_000);

  it('exits 1 without thresholds, as run does (Locust)', async () => {
    expect((await runCli(['merge', failing, '--out', join(dir, 'failing-merged'), '--no-html'])).code).toBe(1);
  });

  it('exits --exit-code-on-error N instead, and 0 with 0', async () => {
    expect((await runCli(['merge', failing, '--out', join(dir, 'failing-7'), '--no-html', '--exit-code-on-error', '7'])).code).toBe(7);
    expect((await runCli(['merge', failing, '--out', join(dir, 'failing-0'), '--no-html', '--exit-code-on-error', '0'])).code).toBe(0);
  });

  it('lets thresholds decide when the runs had any: a passing one exits 0 whatever failed (k6)', async () => {
    const summary = readSummary(failing);
    const lenient = folder('failing-lenient', { ...summary, run: { ...summary.run, options: { ...summary.run.options, thresholds: ['p95<60000'] } } });
    const result = await runCli(['merge', lenient, '--out', join(dir, 'lenient-merged'), '--no-html', '--exit-code-on-error', '7']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('refuses an --exit-code-on-error that is no exit status: exit 2, one line', async () => {
    const result = await runCli(['merge', failing, '--out', join(dir, 'failing-bad'), '--exit-code-on-error', '300']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--exit-code-on-error wants an exit status from 0 to 255/);
  });
});
