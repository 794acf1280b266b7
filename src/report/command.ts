/**
 * The report commands: `report RUN`, `summary RUN` and `compare BASELINE AFTER`. Each loads
 * summary.json (RUN is a run folder or the file) and hands it to a renderer.
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { EXIT, UserFacingError } from '../errors.js';
import { compareSummaries, parseTolerance, renderCompareHtml, renderCompareMarkdown } from './compare/index.js';
import { writeReports } from './index.js';
import { loadSummary } from './load.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

export function reportCommands(): Command[] {
  // Commander errors (a missing argument) are thrown to cli.ts, which exits 2, never 1: exit 1
  // means "thresholds failed / regression" to CI scripts.
  return [reportCommand(), summaryCommand(), compareCommand()].map((c) =>
    c.exitOverride().showHelpAfterError('(run with --help for usage)'),
  );
}

function reportCommand(): Command {
  return new Command('report')
    .description('Regenerate report.html (and Locust CSVs with --csv) from a run folder, and print the summary')
    .argument('<run>', 'run folder containing summary.json, or the summary.json file')
    .option('--csv <prefix>', 'also write Locust CSVs: PREFIX_stats.csv, _stats_history.csv, _failures.csv, _exceptions.csv')
    .option('--csv-full-history', 'per-name rows with windowed percentiles in PREFIX_stats_history.csv')
    .option('--no-html', 'do not write report.html')
    .action(async (run: string, opts: { csv?: string; csvFullHistory?: boolean; html: boolean }) => {
      const { summary, runDir } = await loadSummary(run);
      const written = await writeReports(summary, runDir, { csvPrefix: opts.csv, csvFullHistory: opts.csvFullHistory, html: opts.html });
      process.stdout.write(renderTerminal(summary, { color: process.stdout.isTTY }));
      for (const file of written) process.stdout.write(`wrote ${file}\n`);
    });
}

function summaryCommand(): Command {
  return new Command('summary')
    .description("Print the run's results block as Markdown, ready to paste into performance notes")
    .argument('<run>', 'run folder containing summary.json, or the summary.json file')
    .action(async (run: string) => {
      const { summary } = await loadSummary(run);
      process.stdout.write(renderMarkdown(summary));
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
      const tolerancePct = parseTolerance(opts.tolerance);
      const [baseline, after] = await Promise.all([loadSummary(baselineRun), loadSummary(afterRun)]);
      const comparison = compareSummaries(baseline.summary, after.summary, { tolerancePct });
      process.stdout.write(renderCompareMarkdown(comparison));
      if (opts.html) {
        await writeFile(opts.html, renderCompareHtml(comparison), 'utf8');
        process.stderr.write(`wrote ${opts.html}\n`);
      }
      if (opts.failOnRegression && comparison.regressed) {
        throw new UserFacingError(`${comparison.counts.worse} figure(s) got worse beyond ±${tolerancePct}% (--fail-on-regression)`, EXIT.thresholdFailed);
      }
    });
}
