/**
 * Checkpoints: every 10 s of the measure phase summary.json is written again, whole and atomically
 * (write.ts), with `run.complete: false`, so a run killed without warning (kill -9, the OOM
 * killer, a CI timeout) loses at most the last 10 s. A checkpoint holds what the final summary
 * holds at that moment: every stat, failure and point so far, the workers' figures included (each
 * worker sends a snapshot, as at the end), the generator's health and the browser's pages so far;
 * the audit judges only what was recorded (no bodies are fetched again).
 */
import { writeSummary } from '../result/write.js';
import type { StoppedBy } from './phases.js';
import type { StartedRun } from './started-run.js';
import { summaryOf } from './summary-of.js';
import type { TickObserver } from './ticker.js';

/** Seconds between checkpoints; the environment variable changes it (the tests' short runs). */
export const CHECKPOINT_ENV = 'BROWSE_LOAD_CHECKPOINT_S';
const DEFAULT_EVERY_S = 10;

export function checkpointEveryS(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env[CHECKPOINT_ENV]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_EVERY_S;
}

/**
 * Starts a checkpoint when one is due and none is being written (a worker's snapshot may take a
 * moment). The run's end waits for it (`run.checkpointing`), so the final summary is written last.
 * A checkpoint that cannot be written says so once and the run goes on without checkpoints.
 */
export function writeCheckpoints(run: StartedRun, flowSource: string, stoppedBy: StoppedBy, everyS = checkpointEveryS()): TickObserver {
  let due = everyS;
  let failed = false;
  return ({ now, elapsedS }) => {
    if (failed || elapsedS < due || run.checkpointing) return;
    while (due <= elapsedS) due += everyS;
    const moment = { endedAt: now, stoppedBy, generator: run.health.soFar(), browser: run.browsers?.section(false), complete: false };
    run.checkpointing = summaryOf(run, flowSource, moment)
      .then((summary) => void writeSummary(summary, run.runDir))
      .catch((error: unknown) => {
        failed = true;
        run.progress.warn(`no more checkpoints: ${(error as Error).message.split('\n')[0]}`);
      })
      .finally(() => (run.checkpointing = undefined));
  };
}
