/**
 * The phases after start: measure (warm-up included) → stop → finish. Each is one function over
 * the StartedRun; the measure phase is a ticker with small observers. Nothing here exits the
 * process: finishRun says how the run ended and the commands layer picks the exit code.
 */
import type { RevalidationProbe } from '../schema/audit.js';
import type { GeneratorHealth, Summary } from '../schema/summary.js';
import { writeSummary } from '../result/write.js';
import { auditFetchesOfRun } from './audit/of-run.js';
import type { OneShot } from './one-shot.js';
import { writeCheckpoints } from './checkpoint.js';
import { cutOverWarmup, sampleUsers, showProgress, warnOnSaturation } from './observers.js';
import type { SignalWatch } from './signals.js';
import type { StartedRun } from './started-run.js';
import { summaryOf } from './summary-of.js';
import { Ticker } from './ticker.js';

export type StoppedBy = Summary['run']['stoppedBy'];

/**
 * completed: ran its time; stopped: Ctrl-C (or SIGTERM), the users stopped within the grace;
 * stopped-at-once: a second Ctrl-C, partial results written without waiting for in-flight work.
 */
export type RunEnding = 'completed' | 'stopped' | 'stopped-at-once';

export interface RunOutcome {
  summary: Summary;
  runDir: string;
  stoppedBy: StoppedBy;
  ending: RunEnding;
  /** A threshold failed (always false when ending is stopped-at-once: none were judged on whole data). */
  thresholdsFailed: boolean;
  /** Requests were sent (cut at stop) but none completed: the run measured nothing. */
  noneCompleted: boolean;
}

const totalSeconds = (run: StartedRun) => run.config.warmupS + run.config.runTimeS;

/** Until the run's time is up, the first Ctrl-C, or (a one-shot run) its flow is done; one tick a second. */
export function measure(run: StartedRun, signals: SignalWatch, flowSource: string, planDone?: Promise<void>): Promise<StoppedBy> {
  const totalS = totalSeconds(run);
  const ticker = new Ticker(run.startedAt);
  return new Promise((done) => {
    const end = endOnTime(run, totalS, (tick) => {
      ticker.tick(tick);
      finish('duration');
    });
    const finish = (reason: StoppedBy) => {
      if (end) clearTimeout(end);
      ticker.stop();
      done(reason);
    };
    ticker.add(sampleUsers(run), warnOnSaturation(run.health, run.progress), cutOverWarmup(run), showProgress(run, totalS), writeCheckpoints(run, flowSource, planDone ? 'iterations' : 'duration'), () => run.live?.tick(), ({ elapsedS }) => {
      if (elapsedS >= totalS) finish('duration');
    });
    ticker.start();
    signals.onFirst(() => finish('signal'));
    void planDone?.then(() => finish('iterations'));
  });
}

/** setTimeout's longest delay; a longer one would fire at once. */
const LONGEST_TIMEOUT_MS = 2_147_483_647;

/**
 * The run ends at its planned time, not at the first whole-second tick after it: an open model's
 * schedule runs until the stop, so a stop up to a second late added arrivals to the plan (and the
 * shards of one run each a different number). The last tick is given at that time.
 */
function endOnTime(run: StartedRun, totalS: number, onEnd: (now: number) => void): NodeJS.Timeout | null {
  const delayMs = run.startedAt + totalS * 1000 - Date.now();
  if (!Number.isFinite(delayMs) || delayMs > LONGEST_TIMEOUT_MS) return null;
  return setTimeout(() => onEnd(Math.max(Date.now(), run.startedAt + totalS * 1000)), Math.max(0, delayMs));
}

/** A Ctrl-C before the warm-up ended leaves its samples in the figures: say so in the summary. */
export function noteEarlyStop(run: StartedRun, stoppedBy: StoppedBy): void {
  if (run.measuredFrom === run.startedAt && run.config.warmupS > 0 && stoppedBy === 'signal') {
    run.warnings.push('stopped during warm-up: the figures include warm-up samples');
  }
}

/** Resolves on a second Ctrl-C (at once when it already came). */
export function secondSignal(signals: SignalWatch): Promise<'at-once'> {
  return new Promise((resolve) => signals.onSecond(() => resolve('at-once')));
}

/** Stops the users within the stop grace, unless a second Ctrl-C comes first. */
export async function stopUsers(run: StartedRun, atOnce: Promise<'at-once'>): Promise<'graceful' | 'at-once'> {
  const { progress, protocol, browsers } = run;
  progress.update({ elapsedS: (Date.now() - run.startedAt) / 1000, totalS: totalSeconds(run), phase: 'stopping', users: protocol?.activeUsers ?? 0, browserUsers: browsers?.activeUsers ?? 0, rps: 0, p95Ms: null, errorPct: 0 });
  const graceMs = run.config.stopTimeoutS * 1000;
  const graceful = Promise.all([protocol?.stop(graceMs), browsers?.stop(graceMs)]).then(() => 'graceful' as const);
  const how = await Promise.race([graceful, atOnce]);
  if (how === 'graceful') run.recorder.tick(Date.now());
  progress.done();
  return how;
}

export interface Finish {
  stoppedBy: StoppedBy;
  /** When the load stopped (before the stop grace). */
  endedAt: number;
  /** The generator's health over the load, the stop grace left out. */
  generator: GeneratorHealth;
  stop: 'graceful' | 'at-once';
  atOnce: Promise<'at-once'>;
}

/**
 * Writes summary.json and says how the run ended. After a graceful stop the audit re-fetches the
 * text bodies the browser received uncompressed (to re-gzip them); a second Ctrl-C skips that.
 */
export async function finishRun(run: StartedRun, flowSource: string, finish: Finish, oneShot?: OneShot): Promise<RunOutcome> {
  const { generator } = finish;
  const browser = run.browsers?.section(generator.saturated);
  let ending: RunEnding = finish.stop === 'at-once' ? 'stopped-at-once' : finish.stoppedBy === 'signal' ? 'stopped' : 'completed';
  let auditBodies = oneShot?.bodies;
  let auditProbes: Map<string, RevalidationProbe> | undefined;
  if (ending !== 'stopped-at-once' && (browser || (oneShot?.probeTargets.length ?? 0) > 0)) {
    const fetched = await Promise.race([auditFetchesOfRun(run.config.host, run.config.auth, browser, oneShot?.probeTargets, run.config.insecure === true), finish.atOnce]);
    if (fetched === 'at-once') ending = 'stopped-at-once';
    else {
      auditBodies = new Map([...(auditBodies ?? []), ...fetched.bodies]);
      auditProbes = fetched.probes;
    }
  }
  // At once: the figures as they stand now, in-flight work left out.
  const endedAt = ending === 'stopped-at-once' ? Date.now() : finish.endedAt;
  await run.checkpointing;
  const { stoppedBy } = finish;
  const written = await summaryOf(run, flowSource, { endedAt, stoppedBy, generator, browser, auditBodies, auditRepeats: oneShot?.repeats, auditProbes, complete: true });
  writeSummary(written, run.runDir);
  const thresholdsFailed = ending !== 'stopped-at-once' && written.thresholds.some((t) => !t.passed);
  // Requests went out and not one came back within the run: not a clean, empty run.
  const noneCompleted = written.aggregate.count === 0 && (written.aggregate.cutAtStop ?? 0) > 0;
  return { summary: written, runDir: run.runDir, stoppedBy: finish.stoppedBy, ending, thresholdsFailed, noneCompleted };
}
