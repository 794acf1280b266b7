/**
 * One interface for every output, and one list of them: `run`, `report`, `merge` and `compare`
 * pick from RENDERERS by name, and the live view uses the same renderers for its downloads.
 * A renderer reads a Summary alone (Playwright's reporters over one result model): what it
 * returns is text for the terminal or files to write; writing is `writeRendered`'s job.
 */
import type { Summary } from '../schema/summary.js';
import { locustCsvFiles } from './csv/index.js';
import { renderHtmlReport } from './html/report.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { compareSummaries, renderCompareHtml, renderCompareMarkdown } from './compare/index.js';

export interface RenderOptions {
  /** The run folder: where files without a prefix of their own go (report.html, summary.json). */
  runDir: string;
  /** Locust CSV path prefix (`--csv PREFIX`, relative to the working folder as Locust's). */
  csvPrefix?: string;
  /** Per-name rows with windowed percentiles in `_stats_history.csv` (`--csv-full-history`). */
  csvFullHistory?: boolean;
  /** ANSI colour in terminal text. */
  color?: boolean;
  /** compare: the baseline run, and the change still counted as the same (default 5 %). */
  baseline?: Summary;
  tolerancePct?: number;
  /** compare: also write the comparison as a self-contained HTML page at this path. */
  compareHtml?: string;
}

export interface RenderedFile {
  path: string;
  content: string;
}

/** What a renderer gives back: text for stdout, files to write, or both. */
export interface Rendered {
  text?: string;
  files?: RenderedFile[];
}

export interface Renderer {
  readonly name: RendererName;
  readonly description: string;
  render(summary: Summary, options: RenderOptions): Rendered;
}

export type RendererName = 'terminal' | 'markdown' | 'html' | 'csv' | 'json' | 'compare';

const join = (dir: string, file: string) => `${dir.replace(/\/+$/, '')}/${file}`;

export const RENDERERS: readonly Renderer[] = [
  {
    name: 'terminal',
    description: 'the compact summary: headline, per-name table, thresholds, audit line',
    render: (summary, options) => ({ text: renderTerminal(summary, { color: options.color ?? false }) }),
  },
  {
    name: 'markdown',
    description: 'the results block for performance notes',
    render: (summary) => ({ text: renderMarkdown(summary) }),
  },
  {
    name: 'html',
    description: 'report.html: self-contained, charts inlined',
    render: (summary, options) => ({ files: [{ path: join(options.runDir, 'report.html'), content: renderHtmlReport(summary) }] }),
  },
  {
    name: 'csv',
    description: "Locust's four CSV files at --csv PREFIX",
    render: (summary, options) => ({
      files: options.csvPrefix === undefined ? [] : locustCsvFiles(summary, options.csvFullHistory ?? false).map(([suffix, content]) => ({ path: `${options.csvPrefix}${suffix}`, content })),
    }),
  },
  {
    name: 'json',
    description: 'summary.json itself, the result every other output is rendered from',
    render: (summary, options) => ({ files: [{ path: join(options.runDir, 'summary.json'), content: JSON.stringify(summary, null, 1) }] }),
  },
  {
    name: 'compare',
    description: 'baseline against this run per name, with a verdict each (Markdown; HTML with compareHtml)',
    render: (summary, options) => {
      if (options.baseline === undefined) return {};
      const comparison = compareSummaries(options.baseline, summary, { tolerancePct: options.tolerancePct ?? 5 });
      const files = options.compareHtml === undefined ? [] : [{ path: options.compareHtml, content: renderCompareHtml(comparison) }];
      return { text: renderCompareMarkdown(comparison), files };
    },
  },
];

export function renderer(name: RendererName): Renderer {
  const found = RENDERERS.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no renderer named ${name}`);
  return found;
}

/** Renders with each named renderer in order; texts joined, files listed in order. */
export function renderAll(summary: Summary, names: readonly RendererName[], options: RenderOptions): Required<Rendered> {
  const out: Required<Rendered> = { text: '', files: [] };
  for (const name of names) {
    const rendered = renderer(name).render(summary, options);
    if (rendered.text) out.text += rendered.text;
    if (rendered.files) out.files.push(...rendered.files);
  }
  return out;
}
