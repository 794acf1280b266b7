/** Starts the protocol users of a run with the load model the config asks for, in this thread. */
import type { RunConfig } from '../config/run-config.js';
import type { ProtocolUsers } from '../flow-api/api.js';
import type { MetricsSnapshot, Recorder } from '../metrics/types.js';
import { createAuth } from '../protocol/auth.js';
import { ClosedExecutor } from '../protocol/closed.js';
import { OpenExecutor } from '../protocol/open.js';
import { Population } from '../protocol/population.js';
import { type Part, WHOLE, shareOf, within } from '../protocol/split.js';
import { filterTasks } from '../protocol/tasks.js';
import type { OpenModelInfo, SeriesPoint } from '../schema/summary.js';
import { TOOL_VERSION } from '../version.js';

/** What the users recorded outside the main thread's recorder (worker threads), and the open model's counts. */
export interface Collected {
  snapshots: MetricsSnapshot[];
  openModel: OpenModelInfo | undefined;
}

/** The protocol users as the runner's phases see them, in this thread or in worker threads. */
export interface ProtocolUsersRun {
  readonly activeUsers: number;
  /** Users whose samples go into the main thread's recorder (none when they run in workers). */
  readonly usersInMainRecorder: number;
  /** The run's one-second tick: workers close their intervals too and report. */
  tick(now: number): void;
  /** Each worker's last closed interval, for the live progress line (none in this thread). */
  livePoints(): SeriesPoint[];
  /** Each worker thread's event-loop busy share over its last second, % (none in this thread). */
  workerEventLoopPcts(): number[];
  stop(graceMs: number): Promise<void>;
  /**
   * End of warm-up at `now`: the open model's counters and the workers' stats start again; resolves
   * to the workers' figures of the warm-up (none in this thread: the main recorder holds them).
   */
  resetStats(now: number): Promise<MetricsSnapshot[]>;
  /** The figures as of `endedAt` (the series closes there; stats hold every sample). */
  collect(endedAt: number): Promise<Collected>;
  /**
   * The live view's change: the closed model's users, or the open model's arrival rate from `atS`
   * seconds after the start; with workers, every worker gets it and keeps its stripe.
   */
  resize(target: number, atS: number): void;
  /** Ends the worker threads (nothing in this thread). */
  close(): Promise<void>;
  /** `-i`: resolves when the run's task iterations are all done (undefined without -i). */
  readonly iterationsDone?: Promise<void>;
}

/** The open model's counters of a run, the slice this thread ran (the whole in one thread). */
export interface InThreadUsers {
  readonly activeUsers: number;
  stop(graceMs: number): Promise<void>;
  resetCounts(): void;
  resize(target: number, atS: number): void;
  openModelInfo(): OpenModelInfo | undefined;
  /** `-i`: this thread's share of the iterations is done. */
  readonly iterationsDone?: Promise<void>;
}

/**
 * The run's protocol users in this thread: all of them, or (in a worker thread) the part's stripe,
 * started from `startedAt` (performance.now() time), the run's start shared by every part; a
 * process that joined a common start late (`joinAt`) skips the open model's arrivals due before it.
 */
export function startUsersHere(config: RunConfig, flow: ProtocolUsers, recorder: Recorder, thread: Part = WHOLE, startedAt = performance.now(), joinAt = startedAt): InThreadUsers {
  // A worker thread of a shard takes its stripe of the shard's stripe: two levels, one split.
  const part = config.shard ? within(config.shard, thread) : thread;
  const tasks = filterTasks(flow.tasks, config.tags, config.excludeTags);
  const population = new Population(flow, tasks, recorder, createAuth(config.auth), {
    seed: config.seed,
    iterations: config.iterations === undefined ? undefined : shareOf(part, config.iterations),
    user: {
      origin: config.host,
      requestTimeoutMs: config.requestTimeoutMs,
      maxRedirects: config.maxRedirects,
      revalidateAll: config.revalidate,
      openModel: config.model.kind === 'open',
      userAgent: `browse-load/${TOOL_VERSION}`,
      insecure: config.insecure === true,
      http2: config.http2 === true,
    },
  });
  const model = config.model;
  const executor = model.kind === 'open' ? new OpenExecutor(population, model, part) : new ClosedExecutor(population, model, part);
  if (executor instanceof OpenExecutor) executor.start(startedAt, joinAt);
  else executor.start(startedAt);
  return {
    get activeUsers() {
      return executor.activeUsers;
    },
    stop: (graceMs) => executor.stop(graceMs),
    resetCounts: () => {
      if (executor instanceof OpenExecutor) executor.resetCounts();
    },
    resize: (target, atS) => (executor instanceof OpenExecutor ? executor.resize(target, atS) : executor.resize(target)),
    openModelInfo: () => (executor instanceof OpenExecutor ? executor.info() : undefined),
    iterationsDone: population.iterationsDone,
  };
}

/** `--workers 1`: every protocol user in the main thread, recording into the main recorder. */
export function startProtocolUsers(config: RunConfig, flow: ProtocolUsers, recorder: Recorder, start: { startedAt: number; joinAt: number }): ProtocolUsersRun {
  // Epoch ms to this thread's performance.now() time.
  const toPerf = (epochMs: number) => epochMs - performance.timeOrigin;
  const users = startUsersHere(config, flow, recorder, WHOLE, toPerf(start.startedAt), toPerf(start.joinAt));
  return {
    get activeUsers() {
      return users.activeUsers;
    },
    get usersInMainRecorder() {
      return users.activeUsers;
    },
    tick: () => {},
    livePoints: () => [],
    workerEventLoopPcts: () => [],
    stop: (graceMs) => users.stop(graceMs),
    resetStats: () => {
      users.resetCounts();
      return Promise.resolve([]);
    },
    collect: () => Promise.resolve({ snapshots: [], openModel: users.openModelInfo() }),
    resize: (target, atS) => users.resize(target, atS),
    close: () => Promise.resolve(),
    iterationsDone: users.iterationsDone,
  };
}
