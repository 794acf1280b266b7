/**
 * What `browse-load run` does once its flags are parsed: the demo target (when asked), config,
 * flow, the run, then the outputs from the renderers' list, and the exit code. The one place a
 * run's outcome becomes a process exit.
 */
import type { RunConfig } from '../config/run-config.js';
import { DEFAULT_EXIT_CODE_ON_ERROR } from '../config/threshold-options.js';
import { EXIT, UsageError } from '../errors.js';
import { loadFlowFile, urlFlow } from '../flow-api/load.js';
import { filterTasks } from '../protocol/tasks.js';
import { fileRenderers, renderAll, writeRendered } from '../report/index.js';
import { runLoadTest, type RunOutcome } from '../runner/run.js';
import { buildRunConfig } from '../runner/run-config.js';
import { DEMO_API_KEY, type DemoTargetProcess, spawnDemoTarget } from './demo-target-process.js';
import { demoFlagProblems } from './demo-target.js';
import { makeCsvFolder, writeOutputs } from './output-files.js';
import type { RunCommandOptions } from './run.js';

/** A stand-in for the demo target's URL, to find every problem with the flags before it starts. */
const DEMO_STAND_IN = 'http://127.0.0.1';

export async function executeRun(raw: RunCommandOptions): Promise<void> {
  // Against the demo target its API key stands in when no credential was given anywhere.
  const demoConfig = (demoHost: string) => buildRunConfig(raw, process.env, { demoHost, fallbackApiKey: DEMO_API_KEY });
  if (raw.demoFlags !== undefined && !raw.demoTarget) throw new UsageError('--demo-flags needs --demo-target (they are flags of the embedded demo target)');
  if (raw.demoTarget) {
    const problems = demoFlagProblems(splitDemoFlags(raw.demoFlags));
    if (problems.length > 0) throw new UsageError(problems.join('; '));
  }
  // Every flag checked, and the CSVs' folder made, before the demo target starts or any load.
  const checked = raw.demoTarget ? demoConfig(DEMO_STAND_IN) : buildRunConfig(raw);
  makeCsvFolder(checked.csvPrefix);
  const demo = raw.demoTarget ? await startDemo(raw.demoFlags) : null;
  try {
    const config = demo ? demoConfig(demo.url) : checked;
    const outcome = await runWith(config);
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
  } finally {
    await demo?.stop();
  }
}

/** Ctrl-C while the demo target starts: leave at once (the exit hook stops the target). */
function splitDemoFlags(flags: string | undefined): string[] {
  return flags?.split(/\s+/).filter(Boolean) ?? [];
}

async function startDemo(flags: string | undefined): Promise<DemoTargetProcess> {
  const leave = () => process.exit(EXIT.stoppedByUser);
  process.once('SIGINT', leave).once('SIGTERM', leave);
  try {
    return await spawnDemoTarget(splitDemoFlags(flags));
  } finally {
    process.off('SIGINT', leave).off('SIGTERM', leave);
  }
}

async function runWith(config: RunConfig): Promise<RunOutcome> {
  const { flow, source } = config.urls.length > 0 ? { flow: urlFlow(config.urls), source: '--url' } : await loadFlowFile(config.flowFile);
  // Tags that leave no task are found here, before the run folder or the first request (the
  // protocol users filter the same way when they start, in this thread or a worker).
  if (flow.protocol) filterTasks(flow.protocol.tasks, config.tags, config.excludeTags);
  const outcome = await runLoadTest({ config, flow, flowSource: source, flowFromConfig: true });
  if (outcome.ending === 'stopped-at-once') return outcome;
  const options = { runDir: outcome.runDir, csvPrefix: config.csvPrefix ?? undefined, csvFullHistory: config.csvFullHistory, color: process.stdout.isTTY };
  const { files } = renderAll(outcome.summary, fileRenderers({ csvPrefix: options.csvPrefix, html: config.html }), options);
  await writeOutputs(() => writeRendered(files));
  process.stdout.write(renderAll(outcome.summary, ['terminal'], options).text);
  process.stdout.write(`\nResults: ${outcome.runDir}\n`);
  if (config.html) process.stdout.write(`Report:  ${outcome.runDir}/report.html\n`);
  return outcome;
}

/**
 * Ctrl-C: 3 (results written). No request completed: 6. Thresholds given decide alone, as in k6:
 * a failed one is 1, else 0, whatever failed. Without thresholds, failed requests or exceptions
 * give --exit-code-on-error (default 1, as Locust), else 0 (README, "Exit codes").
 */
export function exitCodeOf(outcome: RunOutcome, exitCodeOnError: number): number {
  if (outcome.ending !== 'completed') return EXIT.stoppedByUser;
  if (outcome.noneCompleted) return EXIT.noneCompleted;
  const { summary } = outcome;
  if (summary.thresholds.length > 0) return outcome.thresholdsFailed ? EXIT.thresholdFailed : EXIT.ok;
  return summary.aggregate.failures > 0 || summary.exceptions.length > 0 ? exitCodeOnError : EXIT.ok;
}
