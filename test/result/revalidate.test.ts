/**
 * `--revalidate` with a flow whose URLs never repeat (the default flow) sends no conditional
 * request; the run says so, in its terminal summary and in summary.json's warnings, instead of
 * leaving the flag silently without effect. A run that repeats a URL with an ETag sends them and
 * says nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSummary, runCli, tempDir } from '../helpers.js';

const SAYS = /--revalidate sent no conditional request/;

describe('--revalidate', () => {
  it('says so when the default flow sent no conditional request', async () => {
    const dir = join(tempDir('bl-revalidate-'), 'default');
    const run = await runCli(['run', '--demo-target', '-u', '2', '-t', '3s', '-b', '0', '--revalidate', '--no-html', '--results-dir', dir], { timeoutMs: 90_000 });
    expect(run.code, run.stderr).toBe(0);
    const summary = readSummary(dir);
    expect(summary.stats.reduce((n, s) => n + (s.responses?.conditionalRequests ?? 0), 0)).toBe(0);
    expect(summary.warnings.filter((w) => SAYS.test(w))).toHaveLength(1);
    expect(run.stdout).toMatch(SAYS);
  }, 100_000);

  it('says nothing when a repeated URL was revalidated', async () => {
    const dir = join(tempDir('bl-revalidate-'), 'repeated');
    const run = await runCli(['run', '--demo-target', '-u', '1', '-t', '3s', '-b', '0', '--url', '/static/app.js', '--revalidate', '--no-html', '--results-dir', dir], { timeoutMs: 90_000 });
    expect(run.code, run.stderr).toBe(0);
    const summary = readSummary(dir);
    expect(summary.stats.reduce((n, s) => n + (s.responses?.conditionalRequests ?? 0), 0)).toBeGreaterThan(0);
    expect(summary.warnings.some((w) => SAYS.test(w))).toBe(false);
  }, 100_000);
});
