/** What the main thread and a protocol-users worker thread say to each other (structured clones). */
import type { RunConfig } from '../config/run-config.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import type { LoginCounts } from '../protocol/logins-ahead.js';
import type { Part } from '../protocol/split.js';
import type { OpenModelInfo, SeriesPoint } from '../schema/summary.js';

/** The worker's workerData: the run's config (it loads the flow from it) and its stripe. */
export interface WorkerSetup {
  config: RunConfig;
  part: Part;
  /** The TypeScript flow compiled once by the main thread (flow-api/compile.ts), to import instead. */
  compiledFlow?: string;
}

export type ToWorker =
  /** Start the users; the run's start in epoch ms, the same for every worker (joinEpochMs: a late join's moment). */
  | { type: 'start'; originEpochMs: number; joinEpochMs: number }
  | { type: 'tick'; now: number }
  | { type: 'reset'; now: number }
  | { type: 'stop'; graceMs: number }
  /** The live view's change of users (closed) or rate (open, from atS seconds after the start). */
  | { type: 'resize'; target: number; atS: number }
  | { type: 'collect'; endedAt: number };

export type FromWorker =
  /** Flow loaded and, with --start-at, its users logged in (the tokens stay in the thread). */
  | { type: 'ready'; logins: LoginCounts }
  /** The flow could not load or has no protocol users: one line. */
  | { type: 'failed'; message: string }
  /** eventLoopPct: the worker's event loop busy share since its previous tick, %. */
  | { type: 'tick'; activeUsers: number; point: SeriesPoint | undefined; eventLoopPct: number }
  | { type: 'reset'; before: MetricsSnapshot }
  | { type: 'stopped' }
  /** `-i`: this worker's share of the task iterations is done. */
  | { type: 'iterations-done' }
  | { type: 'collect'; snapshot: MetricsSnapshot; openModel: OpenModelInfo | undefined };
