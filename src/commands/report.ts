/**
 * The report commands: `report RUN`, `summary RUN` and `compare BASELINE AFTER`. Each loads
 * summary.json (RUN is a run folder or the file) and renders it with renderers from RENDERERS.
 */
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT, UserFacingError } from '../errors.js';
import { makeCsvFolder, makeOutputFolder, writeOutputs } from './output-files.js';

/** The renderers, loaded when a command runs: --help and the other commands do not pay for them. */
const renderers = () => import('../report/index.js');

/** Commander errors (a missing argument) go to cli.ts, which exits 2: exit 1 means "thresholds failed / regression" to CI. */
export function withUsageExit(command: Command): Command {
  // --debug is read by cli.ts for every command; each must accept it.
  return command.addOption(new Option('--debug', 'print stack traces of errors')).exitOverride();
}

export function reportCommands(): Command[] {
  return [reportCommand(), summaryCommand(), compareCommand()].map(withUsageExit);
}

function reportCommand(): Command {
  return new Command('report')
    .description('Regenerate report.html (and Locust CSVs with --csv) from a run folder, and print the summary')
    .argument('<run>', 'run folder containing summary.json, or the summary.json file')
    .option('--csv <prefix>', 'also write Locust CSVs: PREFIX_stats.csv, _stats_history.csv, _failures.csv, _exceptions.csv')
    .option('--csv-full-history', 'per-name rows with windowed percentiles in PREFIX_stats_history.csv')
    .option('--no-html', 'do not write report.html')
    .action(async (run: string, opts: { csv?: string; csvFullHistory?: boolean; html: boolean }) => {
      const { fileRenderers, loadSummary, renderAll, writeRendered } = await renderers();
      const { summary, runDir } = await loadSummary(run);
      makeCsvFolder(opts.csv);
      const outputs = { csvPrefix: opts.csv, csvFullHistory: opts.csvFullHistory, html: opts.html };
      const { files } = renderAll(summary, fileRenderers(outputs), { runDir, ...outputs });
      const written = await writeOutputs(() => writeRendered(files));
      process.stdout.write(renderAll(summary, ['terminal'], { runDir, color: process.stdout.isTTY }).text);
      for (const file of written) process.stdout.write(`wrote ${file}\n`);
    });
}

function summaryCommand(): Command {
  return new Command('summary')
    .description("Print the run's results block as Markdown, ready to paste into performance notes")
    .argument('<run>', 'run folder containing summary.json, or the summary.json file')
    .action(async (run: string) => {
      const { loadSummary, renderAll } = await renderers();
      const { summary, runDir } = await loadSummary(run);
      process.stdout.write(renderAll(summary, ['markdown'], { runDir }).text);
    });
}

function compareCommand(): Command {
  return new Command('compare')
    .description('Compare two runs per name (RPS, p50, p95, p99, errors) with a verdict each; Markdown on stdout')
    .argument('<baseline>', 'baseline run folder (or its summary.json)')
    .argument('<after>', 'run folder after the change (or its summary.json)')
    .option('--tolerance <pct>', 'relative change still counted as the same', '5%')
    .option('--fail-on-regression', `exit ${EXIT.thresholdFailed} when anything got worse beyond the tolerance`)
    .option('--html <file>', 'also write the comparison as a self-contained HTML page')
    .action(async (baselineRun: string, afterRun: string, opts: { tolerance: string; failOnRegression?: boolean; html?: string }) => {
      const [{ loadSummary, renderAll, writeRendered }, { compareSummaries, parseTolerance }] = await Promise.all([renderers(), import('../report/compare/index.js')]);
      const tolerancePct = parseTolerance(opts.tolerance);
      const [baseline, after] = await Promise.all([loadSummary(baselineRun), loadSummary(afterRun)]);
      if (opts.html !== undefined) makeOutputFolder('--html', dirname(resolve(opts.html)));
      const rendered = renderAll(after.summary, ['compare'], { runDir: after.runDir, baseline: baseline.summary, tolerancePct, compareHtml: opts.html });
      process.stdout.write(rendered.text);
      for (const file of await writeOutputs(() => writeRendered(rendered.files))) process.stderr.write(`wrote ${file}\n`);
      if (opts.failOnRegression) {
        const comparison = compareSummaries(baseline.summary, after.summary, { tolerancePct });
        if (comparison.regressed) {
          throw new UserFacingError(`${comparison.counts.worse} figure(s) got worse beyond ±${tolerancePct}% (--fail-on-regression)`, EXIT.thresholdFailed);
        }
      }
    });
}
