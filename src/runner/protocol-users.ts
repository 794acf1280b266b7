/** Starts the protocol users of a run with the load model the config asks for, in this thread. */
import type { RunConfig } from '../config/run-config.js';
import type { ProtocolUsers } from '../flow-api/api.js';
import type { MetricsSnapshot, Recorder } from '../metrics/types.js';
import { createAuth } from '../protocol/auth.js';
import { type LoginsAhead, NO_LOGINS, logInAhead, usersToLogIn } from '../protocol/logins-ahead.js';
import { ClosedExecutor } from '../protocol/closed.js';
import { OpenExecutor } from '../protocol/open.js';
import { PartStripe } from '../protocol/data-stripe.js';
import { Population } from '../protocol/population.js';
import { type Part, WHOLE, shareOf, within } from '../protocol/split.js';
import { filterTasks } from '../protocol/tasks.js';
import type { UserSettings } from '../protocol/user.js';
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

/** Where and when this thread's users start. */
export interface StartHere {
  /** This thread's part of the users (a worker thread's stripe); default all of them. */
  thread?: Part;
  /** The run's start (performance.now() time), shared by every part; default now. */
  startedAt?: number;
  /** A process that joined a common start late: the open model skips the arrivals due before it. */
  joinAt?: number;
  /** The logins done before the start (--start-at), whose users start with their token. */
  logins?: LoginsAhead;
}

/** The users' part in this thread: a worker thread of a shard takes its stripe of the shard's stripe. */
function partHere(config: RunConfig, thread: Part): Part {
  return config.shard ? within(config.shard, thread) : thread;
}

function userSettingsOf(config: RunConfig, part: Part): UserSettings {
  return {
    // The flow's feeds split as the users do: this thread's stripe of every feed's rows.
    stripe: new PartStripe(part),
    origin: config.host,
    requestTimeoutMs: config.requestTimeoutMs,
    maxRedirects: config.maxRedirects,
    revalidateAll: config.revalidate,
    openModel: config.model.kind === 'open',
    userAgent: `browse-load/${TOOL_VERSION}`,
    insecure: config.insecure === true,
    http2: config.http2 === true,
  };
}

/**
 * With --start-at, before the wait: this thread's users log in (JWT), so the measured run starts
 * with their tokens; nothing to do without a common start or a JWT login.
 */
export function logInUsersHere(config: RunConfig, thread: Part = WHOLE): Promise<LoginsAhead> {
  if (config.startAt === undefined) return Promise.resolve(NO_LOGINS);
  const part = partHere(config, thread);
  return logInAhead(createAuth(config.auth), usersToLogIn(config.model, part), userSettingsOf(config, part), config.seed);
}

/**
 * The run's protocol users in this thread: all of them, or (in a worker thread) the part's stripe,
 * started from the run's start on the global timeline.
 */
export function startUsersHere(config: RunConfig, flow: ProtocolUsers, recorder: Recorder, at: StartHere = {}): InThreadUsers {
  const part = partHere(config, at.thread ?? WHOLE);
  const startedAt = at.startedAt ?? performance.now();
  const joinAt = at.joinAt ?? startedAt;
  const tasks = filterTasks(flow.tasks, config.tags, config.excludeTags);
  const population = new Population(flow, tasks, recorder, createAuth(config.auth), {
    seed: config.seed,
    iterations: config.iterations === undefined ? undefined : shareOf(part, config.iterations),
    tokens: at.logins?.tokens,
    user: userSettingsOf(config, part),
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
export function startProtocolUsers(config: RunConfig, flow: ProtocolUsers, recorder: Recorder, start: { startedAt: number; joinAt: number }, logins?: LoginsAhead): ProtocolUsersRun {
  // Epoch ms to this thread's performance.now() time.
  const toPerf = (epochMs: number) => epochMs - performance.timeOrigin;
  const users = startUsersHere(config, flow, recorder, { startedAt: toPerf(start.startedAt), joinAt: toPerf(start.joinAt), logins });
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
