/**
 * compare keys audit rows and browser resources by their path on the run's host: the audits of two
 * demo targets, each on its own free port, show no audit "difference" that is only the port, while a
 * resource of another origin keeps its full URL. `audit` views every page and stops when it is done,
 * so no page has to fit into a fixed run time on a busy machine.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCompareMarkdown } from '../../src/report/compare/index.js';
import { compareSummaries, pathKey } from '../../src/report/compare/model.js';
import type { Summary } from '../../src/schema/summary.js';
import { startDemoTarget } from '../../src/target/server.js';
import { readSummary, runCli, tempDir } from '../helpers.js';

let first: Summary;
let second: Summary;

beforeAll(async () => {
  const dir = tempDir('bl-compare-ports-');
  // Both listening at once, so that the second cannot be given the first one's port again.
  const targets = [await startDemoTarget({ port: 0 }), await startDemoTarget({ port: 0 })];
  try {
    for (const [i, name] of ['first', 'second'].entries()) {
      const run = await runCli(['audit', '--host', targets[i].url, '--results-dir', join(dir, name)], { timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(0);
    }
  } finally {
    await Promise.all(targets.map((target) => target.close()));
  }
  first = readSummary(join(dir, 'first'));
  second = readSummary(join(dir, 'second'));
}, 260_000);

describe('compare of two demo-target audits', () => {
  it('ran them on two ports, with browser resources in both audits', () => {
    expect(new URL(first.run.host).port).not.toBe(new URL(second.run.host).port);
    expect(first.audit?.resources.some((r) => r.url.startsWith(first.run.host))).toBe(true);
  });

  it('lists no audit or resource difference that is only the port', () => {
    const comparison = compareSummaries(first, second);
    // A row only one run saw (a short run's browser user may not reach every page) is a real '–';
    // a path both runs saw can only show '–' when rows are keyed by origin.
    const paths = (s: Summary) => new Set((s.audit?.resources ?? []).map((r) => pathKey(r.url, s.run.host)));
    const [a, b] = [paths(first), paths(second)];
    const inBoth = new Set([...a].filter((p) => b.has(p)));
    expect(inBoth.has('/')).toBe(true);
    const byPort = comparison.changes.filter((n) => ((n.baseline === '–' || n.after === '–') && inBoth.has(n.subject)) || /127\.0\.0\.1:\d+/.test(n.subject));
    expect(byPort).toEqual([]);
    // The Markdown names each run's host once, and no change line carries an origin.
    const lines = renderCompareMarkdown(comparison).split('\n').filter((l) => /127\.0\.0\.1:\d+/.test(l));
    expect(lines.every((l) => !/compression|cache|served from|encoding/.test(l)), lines.join('\n')).toBe(true);
  });
});

describe('pathKey', () => {
  it("keeps a path on the run's host and the full URL of another origin", () => {
    expect(pathKey('http://127.0.0.1:40001/static/app.js?v=2', 'http://127.0.0.1:40001')).toBe('/static/app.js?v=2');
    expect(pathKey('https://cdn.example.com/lib.js', 'http://127.0.0.1:40001')).toBe('https://cdn.example.com/lib.js');
    expect(pathKey('/api/search/', 'http://127.0.0.1:40001')).toBe('/api/search/');
  });
});
