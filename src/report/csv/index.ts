/** Writes Locust's four CSV files for `--csv PREFIX`; the prefix may include folders. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Summary } from '../../schema/summary.js';
import { historyCsv } from './history.js';
import { exceptionsCsv, failuresCsv, statsCsv } from './locust.js';

export { historyCsv } from './history.js';
export { EXCEPTIONS_COLUMNS, FAILURES_COLUMNS, HISTORY_COLUMNS, STATS_COLUMNS, exceptionsCsv, failuresCsv, statsCsv } from './locust.js';

/** Each file's suffix and its content, in the order Locust opens them. */
export function locustCsvFiles(summary: Summary, fullHistory = false): Array<[suffix: string, text: string]> {
  return [
    ['_stats.csv', statsCsv(summary)],
    ['_stats_history.csv', historyCsv(summary, fullHistory)],
    ['_failures.csv', failuresCsv(summary)],
    ['_exceptions.csv', exceptionsCsv(summary)],
  ];
}

export async function writeLocustCsvs(summary: Summary, prefix: string, fullHistory = false): Promise<string[]> {
  await mkdir(dirname(prefix), { recursive: true });
  const written: string[] = [];
  for (const [suffix, text] of locustCsvFiles(summary, fullHistory)) {
    const path = `${prefix}${suffix}`;
    await writeFile(path, text, 'utf8');
    written.push(path);
  }
  return written;
}
