/**
 * What `browse-load run` does once its flags are parsed: the demo target (when asked), config,
 * flow, the run, then the outputs from the renderers' list, and the exit code. The one place a
 * run's outcome becomes a process exit.
 */
import type { RunConfig } from '../config/run-config.js';
import { DEFAULT_EXIT_CODE_ON_ERROR } from '../config/threshold-options.js';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OptionLayers, relabelProblems } from '../config/option-layers.js';
import { EXIT, reportError, UsageError } from '../errors.js';
import type { Flow } from '../flow-api/api.js';
import { loadFlowFile, urlFlow } from '../flow-api/load.js';
import { filterTasks } from '../protocol/tasks.js';
import { fileRenderers, renderAll, writeRendered } from '../report/index.js';
import { runLoadTest, type RunOutcome } from '../runner/run.js';
import { buildRunSetup } from '../runner/run-config.js';
import type { WebOptions } from '../config/web-options.js';
import { DEMO_API_KEY, type DemoTargetProcess, spawnDemoTarget } from './demo-target-process.js';
import { demoFlagProblems } from './demo-target.js';
import { makeCsvFolder, writeOutputs } from './output-files.js';
import type { RunCommandOptions } from './run.js';

/** A stand-in for the demo target's URL, to find every problem with the flags before it starts. */
const DEMO_STAND_IN = 'http://127.0.0.1';

const NO_LAYERS: OptionLayers = { configFile: null, labels: new Map() };

/** Where an option's value came from: 'cli', 'env', 'config', 'default' or undefined (commander's names). */
export type SourceOf = (key: string) => string | undefined;

export async function executeRun(given: RunCommandOptions, layers: OptionLayers = NO_LAYERS, sourceOf: SourceOf = () => 'cli'): Promise<void> {
  // --debug from a variable, the file or -L DEBUG: cli.ts only sees the command line's.
  const debug = given.debug === true || given.loglevel?.toUpperCase() === 'DEBUG';
  try {
    await executeWith(given, layers, sourceOf);
  } catch (error) {
    if (debug && !process.argv.includes('--debug')) process.exit(reportError(error, true));
    throw error;
  }
}

async function executeWith(given: RunCommandOptions, layers: OptionLayers, sourceOf: SourceOf): Promise<void> {
  // --demo-target on the command line beats a host from a variable or the file (flag > env > file).
  const raw = given.demoTarget && sourceOf('host') !== 'cli' ? { ...given, host: undefined } : given;
  const relabel = relabelProblems(layers.labels);
  // Against the demo target its API key stands in when no credential was given anywhere.
  const demoConfig = (demoHost: string) => buildRunSetup(raw, process.env, { demoHost, fallbackApiKey: DEMO_API_KEY, relabel });
  if (raw.demoFlags !== undefined && !raw.demoTarget) throw new UsageError('--demo-flags needs --demo-target (they are flags of the embedded demo target)');
  if (raw.demoTarget) {
    const problems = demoFlagProblems(splitDemoFlags(raw.demoFlags));
    if (problems.length > 0) throw new UsageError(problems.join('; '));
  }
  // Every flag checked, and the CSVs' folder made, before the demo target starts or any load.
  const checked = raw.demoTarget ? demoConfig(DEMO_STAND_IN) : buildRunSetup(raw, process.env, { relabel });
  makeCsvFolder(checked.config.csvPrefix);
  const demo = raw.demoTarget ? await startDemo(raw.demoFlags) : null;
  try {
    const { config, web } = demo ? demoConfig(demo.url) : checked;
    // A locust.conf found in the folder changes the run: never silently.
    if (layers.configFile !== null && !config.quiet) process.stderr.write(`browse-load: options from ${layers.configFile}\n`);
    const outcome = await runWith(config, web, relabel);
    if (outcome.ending === 'stopped-at-once') {
      process.stderr.write(`browse-load: stopped at once; partial results in ${outcome.runDir}\n`);
      // In-flight requests are abandoned, not awaited (the exit hook stops the demo target).
      process.exit(EXIT.stoppedByUser);
    }
    if (outcome.noneCompleted) {
      const cut = outcome.summary.aggregate.cutAtStop ?? 0;
      process.stderr.write(`browse-load: no request completed: ${cut} were sent and still in flight when the run stopped; nothing was measured\n`);
    }
    process.exitCode = exitCodeOf(outcome, config.exitCodeOnError ?? DEFAULT_EXIT_CODE_ON_ERROR);
    const shard = outcome.summary.run.shard;
    if (shard && shard.count > 1 && outcome.ending === 'completed' && !config.quiet) {
      process.stderr.write(`browse-load: shard ${shard.index}/${shard.count} exits 0 whatever its own verdict: the thresholds are judged on the merged run (browse-load merge)\n`);
    }
  } finally {
    await demo?.stop();
  }
}

/** Ctrl-C while the demo target starts: leave at once (the exit hook stops the target). */
export function splitDemoFlags(flags: string | undefined): string[] {
  return flags?.split(/\s+/).filter(Boolean) ?? [];
}

export async function startDemo(flags: string | undefined): Promise<DemoTargetProcess> {
  const leave = () => process.exit(EXIT.stoppedByUser);
  process.once('SIGINT', leave).once('SIGTERM', leave);
  try {
    return await spawnDemoTarget(splitDemoFlags(flags));
  } finally {
    process.off('SIGINT', leave).off('SIGTERM', leave);
  }
}

/**
 * The flow file, its problems naming where --flows came from (LOCUST_LOCUSTFILE, locust.conf);
 * a Locust user's locustfile.py is told what runs here instead.
 */
export async function loadFlow(config: RunConfig, relabel: (message: string) => string): Promise<{ flow: Flow; source: string }> {
  if (config.urls.length > 0) return { flow: urlFlow(config.urls), source: '--url' };
  try {
    return await loadFlowFile(config.flowFile);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const python = config.flowFile?.endsWith('.py') ? ' (a Locust locustfile does not run here: flows are TypeScript or JavaScript, see the README\'s "Writing flows")' : '';
    throw new UsageError(`${relabel(error.message)}${python}`, { cause: error.cause });
  }
}

async function runWith(config: RunConfig, web: WebOptions | null, relabel: (message: string) => string): Promise<RunOutcome> {
  const { flow, source } = await loadFlow(config, relabel);
  // Tags that leave no task are found here, before the run folder or the first request (the
  // protocol users filter the same way when they start, in this thread or a worker).
  if (flow.protocol) filterTasks(flow.protocol.tasks, config.tags, config.excludeTags);
  const outcome = await runLoadTest({ config, flow, flowSource: source, flowFromConfig: true, web });
  if (outcome.ending === 'stopped-at-once') return outcome;
  const options = { runDir: outcome.runDir, csvPrefix: config.csvPrefix ?? undefined, csvFullHistory: config.csvFullHistory, color: process.stdout.isTTY };
  const { files } = renderAll(outcome.summary, fileRenderers({ csvPrefix: options.csvPrefix, html: config.html }), options);
  await writeOutputs(() => writeRendered(files));
  process.stdout.write(renderAll(outcome.summary, ['terminal'], options).text);
  process.stdout.write(`\nResults: ${outcome.runDir}\n`);
  if (config.html) process.stdout.write(`Report:  ${outcome.runDir}/report.html\n`);
  if (config.htmlFile !== undefined) {
    // --html FILE (Locust's flag): the same report, also where the user asked for it.
    copyFileSync(join(outcome.runDir, 'report.html'), config.htmlFile);
    process.stdout.write(`Report:  ${config.htmlFile}\n`);
  }
  return outcome;
}

/**
 * Ctrl-C: 3 (results written). No request completed: 6. One shard of several: 0, since its
 * verdict is information and the merge judges the run (a shard exiting 1 would fail a
 * Kubernetes Job of `backoffLimit: 0` and stop the other shards mid-run). Thresholds given decide
 * alone, as in k6: a failed one is 1, else 0, whatever failed. Without thresholds, failed requests
 * or exceptions give --exit-code-on-error (default 1, as Locust), else 0 (README, "Exit codes").
 */
export function exitCodeOf(outcome: RunOutcome, exitCodeOnError: number): number {
  if (outcome.ending !== 'completed') return EXIT.stoppedByUser;
  if (outcome.noneCompleted) return EXIT.noneCompleted;
  const { summary } = outcome;
  if ((summary.run.shard?.count ?? 1) > 1) return EXIT.ok;
  if (summary.thresholds.length > 0) return outcome.thresholdsFailed ? EXIT.thresholdFailed : EXIT.ok;
  return summary.aggregate.failures > 0 || summary.exceptions.length > 0 ? exitCodeOnError : EXIT.ok;
}
