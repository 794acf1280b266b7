/**
 * The start phase: the run folder, a reachable host, then the users (Chromium first: when it
 * cannot start, no protocol user has started either) and the health sampler. What it returns is
 * the state the later phases share.
 */
import { join, resolve } from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { UsageError } from '../errors.js';
import type { Flow } from '../flow-api/api.js';
import type { LiveServer } from '../live/server.js';
import { type HealthSampler, startHealthSampler } from '../metrics/health.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import { newRunId } from '../result/write.js';
import type { WarmupInfo } from '../schema/summary.js';
import { startBrowsers, type BrowsersRun } from './browser-users.js';
import { createFolder } from './folders.js';
import { checkReachable } from './preflight.js';
import { ProgressLine } from './progress.js';
import { startProtocolUsers, type ProtocolUsersRun } from './protocol-users.js';
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
  live?: LiveServer;
  /** Set while a checkpoint is being written (checkpoint.ts); the run's end waits for it. */
  checkpointing?: Promise<void>;
}

/**
 * Worker threads for the protocol users: --workers, never more than there are users to share out,
 * and only when each worker can load the flow again from the config (its file or its --url paths).
 */
export function workerCount(config: RunConfig, flow: Flow, flowFromConfig: boolean): number {
  if (!flow.protocol || !flowFromConfig) return 1;
  const users = config.model.kind === 'open' ? config.model.maxUsers : config.model.users;
  return Math.max(1, Math.min(config.workers, users));
}

/** Before any load: a results folder that cannot be written would lose the whole run. */
export function makeRunDir(config: RunConfig): { runId: string; runDir: string } {
  const runId = config.runId ?? newRunId();
  const runDir = resolve(config.resultsDir ?? join('results', runId));
  try {
    createFolder(runDir);
  } catch (error) {
    throw new UsageError(`--results-dir: cannot create ${runDir}: ${(error as Error).message.split('\n')[0]}`);
  }
  return { runId, runDir };
}

export async function startRun(config: RunConfig, flow: Flow, progressOut: NodeJS.WriteStream, workers = 1): Promise<StartedRun> {
  const { runId, runDir } = makeRunDir(config);
  await checkReachable(config.host);
  const progress = new ProgressLine(progressOut, config.quiet, !config.quietWarnings);
  const warnings: string[] = [];
  // Workers load the flow before the run's clock starts: their start-up is not load time.
  const pool: WorkerUsers | null = workers > 1 ? await spawnWorkers(config, workers) : null;
  const recorder = new MetricsRecorder({ maxNames: config.maxNames });
  const startedAt = Date.now();
  const notice = (message: string) => {
    warnings.push(message);
    progress.warn(message);
  };
  let browsers: BrowsersRun | null;
  try {
    browsers = flow.browser && config.browser.users > 0 ? await startBrowsers(config, flow.browser, recorder, notice) : null;
  } catch (error) {
    await pool?.close();
    throw error;
  }
  pool?.start(startedAt);
  const protocol = pool ?? (flow.protocol ? startProtocolUsers(config, flow.protocol, recorder) : null);
  const health = startHealthSampler({ browserPids: () => browsers?.pids() ?? [], workerLoopPcts: () => protocol?.workerEventLoopPcts() ?? [] });
  return { config, runId, runDir, startedAt, recorder, progress, warnings, browsers, protocol, health, measuredFrom: startedAt };
}
