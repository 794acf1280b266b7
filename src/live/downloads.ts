/**
 * The live view's downloads: the run's outputs as they would be written now, rendered from the
 * latest snapshot by the report's own renderers (RENDERERS), so each is the file the run will write,
 * only earlier. The snapshot is already redacted: no credential of the run is in any of them.
 */
import { renderAll, type RendererName } from '../report/renderer.js';
import type { Summary } from '../schema/summary.js';

export interface Download {
  file: string;
  contentType: string;
}

/** The file names the renderers give, under a fixed CSV prefix (Locust's default, `browse-load`). */
const CSV_PREFIX = 'browse-load';
const RUN_DIR = '.';

const CSV = 'text/csv; charset=utf-8';
export const DOWNLOADS: readonly Download[] = [
  { file: 'summary.json', contentType: 'application/json; charset=utf-8' },
  { file: 'report.html', contentType: 'text/html; charset=utf-8' },
  { file: `${CSV_PREFIX}_stats.csv`, contentType: CSV },
  { file: `${CSV_PREFIX}_stats_history.csv`, contentType: CSV },
  { file: `${CSV_PREFIX}_failures.csv`, contentType: CSV },
  { file: `${CSV_PREFIX}_exceptions.csv`, contentType: CSV },
];

const RENDERER_OF: Record<string, RendererName> = { 'summary.json': 'json', 'report.html': 'html' };

/** The download's content from the summary, or undefined for a name that is not one. */
export function renderDownload(file: string, summary: Summary): { download: Download; content: string } | undefined {
  const download = DOWNLOADS.find((d) => d.file === file);
  if (download === undefined) return undefined;
  const name = RENDERER_OF[file] ?? 'csv';
  const { files } = renderAll(summary, [name], { runDir: RUN_DIR, csvPrefix: CSV_PREFIX });
  const wanted = name === 'csv' ? file : `${RUN_DIR}/${file}`;
  const found = files.find((f) => f.path === wanted);
  return found === undefined ? undefined : { download, content: found.content };
}
