/**
 * `browse-load merge RUN_DIR… --out DIR`: run folders of one plan (shards, machines, repeats) as
 * one run folder. The merged summary.json is written first and every other output is rendered
 * from it, as `report` would; the exit code is chosen as `run`'s is: the re-evaluated thresholds
 * decide when the runs had any, else failed requests or exceptions exit --exit-code-on-error.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { Problems } from '../config/problems.js';
import { DEFAULT_EXIT_CODE_ON_ERROR, parseExitCodeOnError, thresholdOptions } from '../config/threshold-options.js';
import { EXIT, UsageError } from '../errors.js';
import type { Summary } from '../schema/summary.js';
import type { ReportOptions } from '../report/index.js';
import { makeCsvFolder, makeOutputFolder, writeOutputs } from './output-files.js';
import { withUsageExit } from './report.js';

export interface MergeCommandOptions extends ReportOptions {
  out: string;
  /** ANSI colour in the printed summary. */
  color?: boolean;
  /** The exit code when requests failed or tasks threw and the runs had no thresholds (default 1). */
  exitCodeOnError?: number;
  /** Shards of a run may be missing (never twice). */
  allowPartial?: boolean;
}

export function mergeCommand(): Command {
  const command = new Command('merge')
    .description('Merge run folders of one plan (shards, machines) into one run folder: summary.json, report.html, CSVs')
    .argument('<runs...>', 'run folders (or their summary.json files) to merge')
    .requiredOption('--out <dir>', 'folder for the merged run (summary.json, report.html)')
    .option('--csv <prefix>', 'also write Locust CSVs of the merged run: PREFIX_stats.csv, _stats_history.csv, _failures.csv, _exceptions.csv')
    .option('--csv-full-history', 'per-name rows with windowed percentiles in PREFIX_stats_history.csv')
    .option('--no-html', 'do not write report.html')
    .option('--allow-partial', 'merge the shards that are there when some of a run\'s shards are missing (exit 2 otherwise)')
    .addOption(exitCodeOnErrorOption())
    .action(async (runs: string[], opts: { out: string; csv?: string; csvFullHistory?: boolean; html: boolean; exitCodeOnError?: string; allowPartial?: boolean }) => {
      const problems = new Problems();
      const exitCodeOnError = parseExitCodeOnError(opts, problems);
      problems.throwIfAny();
      process.exitCode = await runMerge(runs, { out: opts.out, csvPrefix: opts.csv, csvFullHistory: opts.csvFullHistory, html: opts.html, color: process.stdout.isTTY, exitCodeOnError, allowPartial: opts.allowPartial });
    });
  return withUsageExit(command);
}

/** The command's work; returns the exit code (a part that cannot be merged is a UsageError). */
export async function runMerge(runs: string[], opts: MergeCommandOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  // Loaded when a merge runs, so the CLI's start does not pay for the renderers and the result layer.
  const [{ fileRenderers, loadSummary, renderAll, writeRendered }, { mergeSummaries }] = await Promise.all([import('../report/index.js'), import('../result/merge.js')]);
  const loaded = [];
  for (const run of runs) loaded.push(await loadSummary(run));
  const paths = loaded.map((l) => resolve(l.file));
  const twice = paths.find((path, i) => paths.indexOf(path) !== i);
  // The same folder twice would count its requests twice.
  if (twice !== undefined) throw new UsageError(`${twice} is given twice: each run can be merged once`);
  const into = loaded.find((l) => resolve(l.runDir) === resolve(opts.out));
  if (into !== undefined) throw new UsageError(`--out ${opts.out} is one of the runs merged: its summary.json would be overwritten; give another folder`);
  makeOutputFolder('--out', opts.out);
  makeCsvFolder(opts.csvPrefix);
  const merged = mergeSummaries(loaded.map((l) => l.summary), { allowPartial: opts.allowPartial });
  const renderOptions = { runDir: opts.out, csvPrefix: opts.csvPrefix, csvFullHistory: opts.csvFullHistory, color: opts.color };
  const { files } = renderAll(merged, ['json', ...fileRenderers(opts)], renderOptions);
  const written = await writeOutputs(() => writeRendered(files));
  out.write(renderAll(merged, ['terminal'], renderOptions).text);
  out.write(`merged ${loaded.length} runs: ${loaded.map((l) => l.file).join(', ')}\n`);
  for (const file of written) out.write(`wrote ${file}\n`);
  return exitCodeOfMerged(merged, opts.exitCodeOnError ?? DEFAULT_EXIT_CODE_ON_ERROR);
}

/** `run`'s flag, word for word: the thresholds the parts were given are the merge's thresholds. */
function exitCodeOnErrorOption() {
  return thresholdOptions().find((option) => option.long === '--exit-code-on-error')!;
}

/** As `run` (README, "Exit codes"): thresholds decide alone (k6), else failures give the code (Locust). */
export function exitCodeOfMerged(merged: Summary, exitCodeOnError: number): number {
  if (merged.thresholds.length > 0) return merged.thresholds.some((t) => !t.passed) ? EXIT.thresholdFailed : EXIT.ok;
  return merged.aggregate.failures > 0 || merged.exceptions.length > 0 ? exitCodeOnError : EXIT.ok;
}
