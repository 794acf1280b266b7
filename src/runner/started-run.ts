/**
 * The start phase: the run folder, a reachable host, then the users (Chromium first: when it
 * cannot start, no protocol user has started either) and the health sampler. With --start-at the
 * process gets ready (worker threads, JWT logins, Chromium) before it waits for the common start.
 * What it returns is the state the later phases share.
 */
import { join, resolve } from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { UsageError } from '../errors.js';
import type { Flow } from '../flow-api/api.js';
import type { LiveView } from '../live/source.js';
import { type HealthSampler, startHealthSampler } from '../metrics/health.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import { newRunId } from '../result/write.js';
import type { RunInfo, WarmupInfo } from '../schema/summary.js';
import { planIdentity } from '../result/plan-identity.js';
import { type StartMoment, skippedArrivals, waitForStart } from './start-barrier.js';
import { shareOfShard, startBrowsers, type BrowsersRun } from './browser-users.js';
import { createFolder } from './folders.js';
import { checkReachable } from './preflight.js';
import { ProgressLine } from './progress.js';
import { NO_LOGINS, loginsNote, loginsWarning } from '../protocol/logins-ahead.js';
import { logInUsersHere, startProtocolUsers, type ProtocolUsersRun } from './protocol-users.js';
import { spawnWorkers, type WorkerUsers } from './worker-users.js';

export interface StartedRun {
  readonly config: RunConfig;
  readonly runId: string;
  readonly runDir: string;
  readonly startedAt: number;
  readonly recorder: MetricsRecorder;
  readonly progress: ProgressLine;
  /** Warnings for summary.json (also shown as they happen). */
  readonly warnings: string[];
  readonly browsers: BrowsersRun | null;
  readonly protocol: ProtocolUsersRun | null;
  readonly health: HealthSampler;
  /** When the measured stats begin: startedAt, or the end of the warm-up. */
  measuredFrom: number;
  warmup?: WarmupInfo;
  /** Set at the warm-up's end while the workers send their warm-up figures; `warmup` follows. */
  warmupDone?: Promise<void>;
  /** The live view (--web), told of each tick. */
  live?: LiveView;
  /** Set while a checkpoint is being written (checkpoint.ts); the run's end waits for it. */
  checkpointing?: Promise<void>;
  /** A sharded run or a common start: its plan identity and start for summary.json. */
  readonly plan?: PlanOfRun;
}

export type PlanOfRun = Pick<RunInfo, 'shard' | 'planHash' | 'plannedStart' | 'actualStart' | 'skippedArrivals'>;

/**
 * Worker threads for the protocol users: --workers, never more than there are users to share out,
 * and only when each worker can load the flow again from the config (its file or its --url paths).
 */
export function workerCount(config: RunConfig, flow: Flow, flowFromConfig: boolean): number {
  if (!flow.protocol || !flowFromConfig) return 1;
  const users = shareOfShard(config, config.model.kind === 'open' ? config.model.maxUsers : config.model.users);
  return Math.max(1, Math.min(config.workers, users));
}

/** Before any load: a results folder that cannot be written would lose the whole run. */
export function makeRunDir(config: RunConfig, derivedId?: string): { runId: string; runDir: string } {
  const runId = config.runId ?? derivedId ?? newRunId();
  // Shards of one run share its folder, each in its own: results/<run-id>/shard-<I>-of-<N>/.
  const shardDir = config.shard ? join('results', runId, `shard-${config.shard.index + 1}-of-${config.shard.count}`) : undefined;
  const runDir = resolve(config.resultsDir ?? shardDir ?? join('results', runId));
  try {
    createFolder(runDir);
  } catch (error) {
    throw new UsageError(`--results-dir: cannot create ${runDir}: ${(error as Error).message.split('\n')[0]}`);
  }
  return { runId, runDir };
}

/** What the run knows beyond its config: the flow's text (the plan hash) and whether Ctrl-C came. */
export interface StartContext {
  flowSource: string;
  interrupted: () => boolean;
}

export async function startRun(config: RunConfig, flow: Flow, progressOut: NodeJS.WriteStream, workers = 1, context?: StartContext): Promise<StartedRun> {
  // Shards and common starts carry a plan identity every shard computes alike.
  const identity = config.shard || config.startAt ? planIdentity(config, context?.flowSource ?? '') : undefined;
  const { runId, runDir } = makeRunDir(config, identity?.runId);
  await checkReachable(config.host, undefined, config.insecure === true);
  const progress = new ProgressLine(progressOut, config.quiet, !config.quietWarnings);
  const warnings: string[] = [];
  // Workers load the flow before the run's clock starts: their start-up is not load time.
  const pool: WorkerUsers | null = workers > 1 ? await spawnWorkers(config, workers) : null;
  // With --start-at, logins (JWT) are part of getting ready: in the workers, or here.
  const logins = pool === null && flow.protocol ? await logInUsersHere(config) : undefined;
  const recorder = new MetricsRecorder({ maxNames: config.maxNames });
  const launchedAt = Date.now();
  const notice = (message: string) => {
    warnings.push(message);
    progress.warn(message);
  };
  const loggedIn = pool?.logins ?? logins ?? NO_LOGINS;
  if (loggedIn.attempted > 0) progress.note(loginsNote(loggedIn));
  const loginTrouble = loginsWarning(loggedIn);
  if (loginTrouble !== null) notice(loginTrouble);
  let browsers: BrowsersRun | null = null;
  let start: StartMoment;
  try {
    // With --start-at Chromium is up before the wait, its users' ramp waiting for the start.
    browsers = flow.browser && shareOfShard(config, config.browser.users) > 0 ? await startBrowsers(config, flow.browser, recorder, notice, runDir) : null;
    start = config.startAt ? await waitForStart(config.startAt, context?.interrupted ?? (() => false)) : { startedAt: launchedAt, joinAt: launchedAt };
  } catch (error) {
    await browsers?.stop(0);
    await pool?.close();
    throw error;
  }
  pool?.start(start.startedAt, start.joinAt);
  const here = config.startAt ? start : { startedAt: Date.now(), joinAt: Date.now() };
  const protocol = pool ?? (flow.protocol ? startProtocolUsers(config, flow.protocol, recorder, here, logins) : null);
  const health = startHealthSampler({ browserPids: () => browsers?.pids() ?? [], workerLoopPcts: () => protocol?.workerEventLoopPcts() ?? [] });
  const plan = identity && planOfRun(config, identity.planHash, start);
  const startedAt = start.startedAt;
  return { config, runId, runDir, startedAt, recorder, progress, warnings, browsers, protocol, health, measuredFrom: startedAt, plan };
}

/** summary.json's run fields of a sharded run or a common start. */
function planOfRun(config: RunConfig, planHash: string, start: StartMoment): PlanOfRun {
  const plan: PlanOfRun = { planHash };
  if (config.shard) plan.shard = { ...config.shard, index: config.shard.index + 1 };
  if (start.planned) Object.assign(plan, start.planned);
  const skipped = skippedArrivals(config, start);
  if (skipped > 0) plan.skippedArrivals = skipped;
  return plan;
}
