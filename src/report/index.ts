/**
 * The renderers over summary.json: Locust CSVs, the HTML report, the terminal and Markdown
 * summaries, and compare. Each reads the summary alone, so any report can be made again later.
 */
import type { Summary } from '../schema/summary.js';
import { renderAll, type RendererName } from './renderer.js';
import { writeRendered } from './write.js';

export { renderTerminal } from './terminal.js';
export { renderMarkdown } from './markdown.js';
export { renderHtmlReport } from './html/report.js';
export { compareSummaries, renderCompareMarkdown, renderCompareHtml, type Comparison, type CompareOptions } from './compare/index.js';
export { loadSummary } from './load.js';
export { RENDERERS, renderAll, renderer, type Renderer, type RendererName, type Rendered, type RenderedFile, type RenderOptions } from './renderer.js';
export { writeRendered } from './write.js';

export interface ReportOptions {
  /** Write Locust's CSVs as `${csvPrefix}_stats.csv` etc. */
  csvPrefix?: string;
  /** Per-name rows with windowed percentiles in `_stats_history.csv` (Locust's `--csv-full-history`). */
  csvFullHistory?: boolean;
  /** Write runDir/report.html (default true). */
  html?: boolean;
}

/** The file renderers a run's options ask for: the CSVs with a prefix, report.html unless --no-html. */
export function fileRenderers(opts: ReportOptions): RendererName[] {
  return [...(opts.csvPrefix ? (['csv'] as const) : []), ...(opts.html ?? true ? (['html'] as const) : [])];
}

/** Writes report.html into runDir and the CSVs (when csvPrefix), all from the summary alone. */
export async function writeReports(summary: Summary, runDir: string, opts: ReportOptions = {}): Promise<string[]> {
  const { files } = renderAll(summary, fileRenderers(opts), { runDir, csvPrefix: opts.csvPrefix, csvFullHistory: opts.csvFullHistory });
  return writeRendered(files);
}
