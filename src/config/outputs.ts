/** Option group "outputs": the run folder, the files rendered into it, the live progress line. */
import { Option } from 'commander';
import type { Problems } from './problems.js';

export interface OutputsRaw {
  resultsDir?: string;
  runId?: string;
  csv?: string;
  csvFullHistory?: boolean;
  html?: boolean;
  quiet?: boolean;
}

export interface Outputs {
  resultsDir: string | null;
  runId: string | null;
  csvPrefix: string | null;
  csvFullHistory: boolean;
  html: boolean;
  quiet: boolean;
}

const HEADING = 'Outputs:';

/** The run folder flag, shared by run and audit; only what happens without it differs. */
export function resultsDirOption(withoutIt = 'default results/<run-id>'): Option {
  return new Option('--results-dir <dir>', `run folder, summary.json and reports (${withoutIt})`);
}

export function outputOptions(): Option[] {
  return [
    resultsDirOption(),
    new Option('--run-id <id>', 'name of the run (default: date-time)'),
    new Option('--csv <prefix>', 'also write Locust-compatible CSVs PREFIX_stats.csv, …'),
    new Option('--csv-full-history', 'per-name rows in PREFIX_stats_history.csv'),
    new Option('--no-html', 'skip report.html'),
    new Option('-q, --quiet', 'no live progress'),
  ].map((option) => option.helpGroup(HEADING));
}

/**
 * Every value is a name or a switch; what can be wrong is a name that is empty, or a run id that
 * is a path: it names one folder under results/, so `../x` would put the run somewhere else.
 */
export function parseOutputs(raw: OutputsRaw, problems: Problems): Outputs {
  if (raw.runId !== undefined && (/[/\\]/.test(raw.runId) || raw.runId === '' || raw.runId === '.' || raw.runId === '..')) {
    problems.push(`--run-id wants a folder name (no / or ..), got '${raw.runId}'; --results-dir names a folder anywhere`);
  }
  // An empty --results-dir would be the current folder; an empty --csv would quietly write no CSV.
  if (raw.resultsDir !== undefined && raw.resultsDir.trim() === '') problems.push("--results-dir wants a folder, got ''");
  if (raw.csv !== undefined && raw.csv.trim() === '') problems.push("--csv wants a file prefix like results/run, got ''");
  return {
    resultsDir: raw.resultsDir ?? null,
    runId: raw.runId ?? null,
    csvPrefix: raw.csv ?? null,
    csvFullHistory: raw.csvFullHistory ?? false,
    html: raw.html ?? true,
    quiet: raw.quiet ?? false,
  };
}
