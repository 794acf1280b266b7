/**
 * The HTML report says what the terminal and Markdown say: a mixed run's API and pages apart with
 * the sentence on which error rate a threshold judges, and a threshold naming no row says so.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/index.js';
import { TWO_ERROR_RATES } from '../../src/report/headline.js';
import type { Summary } from '../../src/schema/summary.js';

const recorded = (name: string): Summary => JSON.parse(readFileSync(`test/golden/${name}.summary.json`, 'utf8')) as Summary;

describe('the HTML report beside the other reports', () => {
  it('shows a mixed run\'s API and pages apart, with the sentence on the two error rates', () => {
    const page = renderHtmlReport(recorded('mixed-run'));
    const line = /<div id="populations">(.*?)<\/div>/s.exec(page)?.[1] ?? '';
    expect(line).toMatch(/<b>API<\/b> [\d,]+, p95 [\d.]+ ms, errors [\d.]+%/);
    expect(line).toMatch(/<b>Pages<\/b> [\d,]+, p95 [\d.]+ ms/);
    expect(line).toContain(TWO_ERROR_RATES);
  });

  it('has no such line when the run had no page loads', () => {
    const summary = recorded('mixed-run');
    const page = renderHtmlReport({ ...summary, stats: summary.stats.filter((s) => s.type !== 'PAGE') });
    expect(page).not.toContain('id="populations"');
  });

  it('names the missing row and the nearest ones in the thresholds table', () => {
    const summary = recorded('mixed-run');
    const missing = { ...summary.thresholds[0], expression: 'GET /api/serch/:p95<500', target: 'GET /api/serch/', actual: null, passed: false, missingRow: { nearest: ['GET /api/search/'] } };
    const page = renderHtmlReport({ ...summary, thresholds: [missing] });
    const table = /<table id="thresholds">(.*?)<\/table>/s.exec(page)?.[1] ?? '';
    expect(table).toContain('no row &#39;GET /api/serch/&#39; in this run; nearest: &#39;GET /api/search/&#39;');
  });
});
