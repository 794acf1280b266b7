/**
 * A run's figures as one redacted Summary at a given moment: the main thread's recorder merged with
 * the worker threads' snapshots. The end of the run (finishRun) and each checkpoint make it the
 * same way, so a checkpoint is a summary like the final one, only earlier and marked incomplete.
 */
import { mergeSnapshots } from '../metrics/merge.js';
import { secretsOf } from '../protocol/auth.js';
import { buildSummary, type RunParts } from '../result/build.js';
import { redactSecrets } from '../result/write.js';
import type { Summary } from '../schema/summary.js';
import type { StartedRun } from './started-run.js';

/** What the moment adds to the run's shared state; the figures themselves are collected here. */
export type Moment = Pick<RunParts, 'endedAt' | 'stoppedBy' | 'generator' | 'browser' | 'auditBodies' | 'auditRepeats' | 'auditProbes' | 'complete'>;

export async function summaryOf(run: StartedRun, flowSource: string, moment: Moment): Promise<Summary> {
  await run.warmupDone;
  const here = run.recorder.snapshot(moment.endedAt);
  const elsewhere = await run.protocol?.collect(moment.endedAt);
  const metrics = elsewhere && elsewhere.snapshots.length > 0 ? mergeSnapshots([here, ...elsewhere.snapshots]) : here;
  const summary = buildSummary({
    ...moment,
    config: run.config,
    runId: run.runId,
    flowSource,
    startedAt: run.startedAt,
    measuredFrom: run.measuredFrom,
    metrics,
    openModel: elsewhere?.openModel,
    warmup: run.warmup,
    warnings: run.warnings,
    plan: run.plan,
  });
  return redactSecrets(summary, secretsOf(run.config.auth));
}
