/**
 * The renderers over summary.json: Locust CSVs, the HTML report, the terminal and Markdown
 * summaries, and compare. Each reads the summary alone, so any report can be made again later.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Summary } from '../schema/summary.js';
import { writeLocustCsvs } from './csv/index.js';
import { renderHtmlReport } from './html/report.js';

export { renderTerminal } from './terminal.js';
export { renderMarkdown } from './markdown.js';
export { renderHtmlReport } from './html/report.js';
export { compareSummaries, renderCompareMarkdown, renderCompareHtml, type Comparison, type CompareOptions } from './compare/index.js';
export { loadSummary } from './load.js';

export interface ReportOptions {
  /** Write Locust's CSVs as `${csvPrefix}_stats.csv` etc. */
  csvPrefix?: string;
  /** Per-name rows with windowed percentiles in `_stats_history.csv` (Locust's `--csv-full-history`). */
  csvFullHistory?: boolean;
  /** Write runDir/report.html (default true). */
  html?: boolean;
}

/** Writes report.html into runDir and the CSVs (when csvPrefix), all from the summary alone. */
export async function writeReports(summary: Summary, runDir: string, opts: ReportOptions = {}): Promise<string[]> {
  const written: string[] = [];
  if (opts.csvPrefix) written.push(...(await writeLocustCsvs(summary, opts.csvPrefix, opts.csvFullHistory ?? false)));
  if (opts.html ?? true) {
    await mkdir(runDir, { recursive: true });
    const file = join(runDir, 'report.html');
    await writeFile(file, renderHtmlReport(summary), 'utf8');
    written.push(file);
  }
  return written;
}
