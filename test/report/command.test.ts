import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/index.js';
import { headline } from '../../src/report/headline.js';
import type { Summary } from '../../src/schema/summary.js';
import { makeSummary } from './fixtures.js';

const BIN = join(process.cwd(), 'bin', 'browse-load.js');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
async function runFolder(name: string, summary: Summary): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'summary.json'), JSON.stringify(summary, null, 2));
  return folder;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bl-cmd-'));
});

describe('browse-load compare', () => {
  it('says worse and exits 1 with --fail-on-regression when the after run is slower', async () => {
    const base = await runFolder('base', makeSummary({ seed: 3 }));
    const slow = await runFolder('slow', makeSummary({ seed: 3, extraLatencyMs: 100 }));
    const html = join(dir, 'compare.html');
    const failing = await cli('compare', base, slow, '--fail-on-regression', '--tolerance', '5%', '--html', html);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('Baseline vs after tuning');
    expect(failing.stdout).toMatch(/\| p50 \(ms\) \|.*❌ worse/);
    expect(failing.stderr).toMatch(/got worse/);
    expect((await stat(html)).size).toBeGreaterThan(1000);

    const informative = await cli('compare', base, slow);
    expect(informative.code).toBe(0);
    const improved = await cli('compare', slow, base, '--fail-on-regression');
    expect(improved.code).toBe(0);
    expect(improved.stdout).toContain('No regression');
  });

  it('gives a one-line usage error (exit 2) for a missing run or a bad tolerance', async () => {
    const missing = await cli('compare', join(dir, 'nope'), join(dir, 'nope2'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const base = await runFolder('tol', makeSummary({ seed: 3 }));
    const bad = await cli('compare', base, base, '--tolerance', 'lots');
    expect(bad.code).toBe(2);
  });
});

describe('compare on real runs of the demo target', () => {
  it('reports the run with 40 ms of extra server latency as worse and exits 1 with --fail-on-regression; its CSVs regenerate identically', async () => {
    const run = (name: string, ...extra: string[]) =>
      cli('run', '--demo-target', ...extra, '-u', '4', '-t', '3s', '-b', '0', '--url', '/api/search/?q=cash', '--no-html', '--quiet', '--results-dir', join(dir, name));
    const base = await run('demo-base', '--csv', join(dir, 'demo-base', 'live'));
    expect(base.code, base.stderr).toBe(0);
    // The live run's CSVs and those regenerated from its summary.json are the same bytes.
    const again = await cli('report', join(dir, 'demo-base'), '--csv', join(dir, 'demo-base', 'again'), '--no-html');
    expect(again.code, again.stderr).toBe(0);
    for (const suffix of ['_stats.csv', '_stats_history.csv', '_failures.csv', '_exceptions.csv']) {
      const live = await readFile(join(dir, 'demo-base', `live${suffix}`), 'utf8');
      expect(live.startsWith('Type,Name,') || live.startsWith('Timestamp,') || live.startsWith('Method,') || live.startsWith('Count,')).toBe(true);
      expect(await readFile(join(dir, 'demo-base', `again${suffix}`), 'utf8'), suffix).toBe(live);
    }
    const slow = await run('demo-slow', '--demo-flags', '--latency 40');
    expect(slow.code, slow.stderr).toBe(0);
    const result = await cli('compare', join(dir, 'demo-base'), join(dir, 'demo-slow'), '--fail-on-regression');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\| p50 \(ms\) \|.*❌ worse/);
    expect(result.stdout).toMatch(/\| GET \| \/api\/search\/.*❌ worse \|/);
  }, 180_000);
});

describe('browse-load report and summary', () => {
  it('regenerates the same CSVs and report.html from the run folder as the live run wrote', async () => {
    const summary = makeSummary({ seed: 5 });
    const live = join(dir, 'live');
    const liveFiles = await writeReports(summary, live, { csvPrefix: join(live, 'run'), csvFullHistory: true });
    const folder = await runFolder('again', summary);
    const { code, stdout } = await cli('report', folder, '--csv', join(folder, 'run'), '--csv-full-history');
    expect(code).toBe(0);
    expect(stdout).toContain('Aggregated');
    for (const suffix of ['_stats.csv', '_stats_history.csv', '_failures.csv', '_exceptions.csv']) {
      expect(await readFile(join(folder, `run${suffix}`), 'utf8'), suffix).toBe(await readFile(join(live, `run${suffix}`), 'utf8'));
    }
    expect(await readFile(join(folder, 'report.html'), 'utf8')).toBe(await readFile(liveFiles.at(-1)!, 'utf8'));
  });

  it('prints the Markdown results block with RPS, p95 and errors of summary.json', async () => {
    const summary = makeSummary({ seed: 6 });
    const folder = await runFolder('md', summary);
    const { code, stdout } = await cli('summary', join(folder, 'summary.json'));
    expect(code).toBe(0);
    const h = headline(summary);
    expect(stdout).toContain('| Date/time (UTC) | Environment | RPS | p95 (ms) | Errors (%) |');
    expect(stdout).toContain(`| ${h.rps.toFixed(2)} | ${Math.round(h.p95!)} | ${h.errorPct.toFixed(2)} |`);
  });

  it('rejects a summary of a newer schema version or a broken file, exit 2, one line', async () => {
    const folder = await runFolder('v2', { ...makeSummary({ seed: 7 }), schemaVersion: 2 } as unknown as Summary);
    const wrong = await cli('summary', folder);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/schemaVersion 2, newer than the 1 this browse-load reads/);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    await writeFile(join(folder, 'summary.json'), '{"schemaVersion": 1,');
    const broken = await cli('report', folder);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON/);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    const noArg = await cli('summary');
    expect(noArg.code).toBe(2);
  });
});
