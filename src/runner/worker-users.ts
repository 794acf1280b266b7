/**
 * `--workers N`, the main thread's side: N worker threads (worker-entry.ts), each running its
 * stripe of the protocol users (src/protocol/split.ts) with its own recorder. The main thread sends
 * the run's tick, the warm-up cut-over, stop and collect; the workers' snapshots meet the main
 * recorder's in mergeSnapshots, losslessly, so a run's figures have one shape whatever N is.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunConfig } from '../config/run-config.js';
import { CannotRunError } from '../errors.js';
import { type CompiledFlow, compileFlow } from '../flow-api/compile.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import { type LoginCounts, NO_LOGINS, sumLogins } from '../protocol/logins-ahead.js';
import { partsOf } from '../protocol/split.js';
import type { OpenModelInfo, SeriesPoint } from '../schema/summary.js';
import type { Collected, ProtocolUsersRun } from './protocol-users.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.js';

/** How long the summary waits for the workers' figures. */
const COLLECT_TIMEOUT_MS = 10_000;

/** Flows that workers would load through tsx. */
const TYPESCRIPT_FLOW = /\.[cm]?tsx?$/;

type Reply<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

/**
 * Under tsx (bin/browse-load.js, the tests) this module is TypeScript, and a worker thread does not
 * inherit tsx's loader (nor, on Node 20, can --import give it one before a .ts entry loads): a
 * two-line bootstrap registers tsx in the thread, then imports the entry. Compiled, the entry is
 * plain JavaScript and loads as it is.
 */
function newWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', import.meta.url), { workerData: setup });
  const entry = new URL('./worker-entry.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

/** One worker thread and the replies it owes, answered in the order asked per kind. */
class WorkerThread {
  readonly thread: Worker;
  activeUsers = 0;
  point: SeriesPoint | undefined;
  /** Its event loop's busy share over its last reported second; undefined before the first tick. */
  eventLoopPct: number | undefined;
  private readonly waiting = new Map<FromWorker['type'], ((reply: FromWorker) => void)[]>();
  private failure: string | null = null;

  constructor(setup: WorkerSetup) {
    this.thread = newWorker(setup);
    this.thread.on('message', (reply: FromWorker) => this.receive(reply));
    this.thread.on('error', (error) => this.fail(error.message.split('\n')[0]));
    this.thread.on('exit', (code) => this.fail(`a worker thread exited (code ${code})`));
  }

  send(message: ToWorker): void {
    if (this.failure === null) this.thread.postMessage(message);
  }

  /** Resolves with the next reply of this kind; rejects when the thread fails first. */
  next<T extends FromWorker['type']>(type: T): Promise<Reply<T>> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null) return reject(new CannotRunError(this.failure));
      const queue = this.waiting.get(type) ?? [];
      queue.push((reply) => (reply.type === 'failed' ? reject(new CannotRunError(reply.message)) : resolve(reply as Reply<T>)));
      this.waiting.set(type, queue);
    });
  }

  private receive(reply: FromWorker): void {
    if (reply.type === 'tick') {
      this.activeUsers = reply.activeUsers;
      this.point = reply.point;
      this.eventLoopPct = reply.eventLoopPct;
    }
    if (reply.type === 'failed') return this.fail(reply.message);
    this.waiting.get(reply.type)?.shift()?.(reply);
  }

  private fail(message: string): void {
    if (this.failure !== null) return;
    this.failure = message;
    for (const queue of this.waiting.values()) for (const settle of queue.splice(0)) settle({ type: 'failed', message });
  }
}

/** The open model's counters of every worker, as one: each count (and --max-users' shares) adds up. */
export function sumOpenModel(parts: (OpenModelInfo | undefined)[]): OpenModelInfo | undefined {
  const present = parts.filter((p): p is OpenModelInfo => p !== undefined);
  if (present.length === 0) return undefined;
  const sum = (key: keyof OpenModelInfo) => present.reduce((n, p) => n + p[key], 0);
  return { scheduled: sum('scheduled'), started: sum('started'), dropped: sum('dropped'), late: sum('late'), unstartedAtStop: sum('unstartedAtStop'), maxUsers: sum('maxUsers') };
}

/**
 * Starts `count` workers, each loading the flow (and logging its users in, with --start-at);
 * resolves when all are ready (before the run's clock). A TypeScript flow is compiled here once, so that no worker needs tsx.
 */
export async function spawnWorkers(config: RunConfig, count: number): Promise<WorkerUsers> {
  const compiled = config.urls.length === 0 && config.flowFile !== null && TYPESCRIPT_FLOW.test(config.flowFile) ? await compileFlow(resolve(config.flowFile)) : null;
  const threads = partsOf(count).map((part) => new WorkerThread({ config, part, compiledFlow: compiled?.file }));
  const pool = new WorkerUsers(threads, config.iterations, compiled);
  try {
    pool.logins = sumLogins((await Promise.all(threads.map((t) => t.next('ready')))).map((r) => r.logins));
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}

export class WorkerUsers implements ProtocolUsersRun {
  readonly usersInMainRecorder = 0;
  /** The workers' logins before the start (--start-at), as one. */
  logins: LoginCounts = NO_LOGINS;
  /** The workers' own figures as each last reported them; the stop resets nothing of them. */
  private openModel: OpenModelInfo | undefined;

  /** `-i`: every worker has done its share of the iterations (each says so once). */
  readonly iterationsDone?: Promise<void>;

  constructor(
    private readonly threads: WorkerThread[],
    iterations?: number,
    private readonly compiled: CompiledFlow | null = null,
  ) {
    // Removed at close, or at the process's exit if a second Ctrl-C ends it first.
    if (compiled) process.once('exit', compiled.dispose);
    // A worker that fails never reports its share: the run's clock ends the run, and collect says why.
    const never = new Promise<void>(() => {});
    if (iterations !== undefined) this.iterationsDone = Promise.all(threads.map((t) => t.next('iterations-done'))).then(() => undefined, () => never);
  }

  get activeUsers(): number {
    return this.threads.reduce((n, t) => n + t.activeUsers, 0);
  }

  /** The users start in every worker from the same instant, so the split plans line up. */
  start(originEpochMs: number, joinEpochMs = originEpochMs): void {
    this.broadcast({ type: 'start', originEpochMs, joinEpochMs });
  }

  tick(now: number): void {
    this.broadcast({ type: 'tick', now });
  }

  livePoints(): SeriesPoint[] {
    return this.threads.flatMap((t) => (t.point ? [t.point] : []));
  }

  /** Each worker's last reported event-loop busy share, in worker order (0 before its first tick). */
  workerEventLoopPcts(): number[] {
    return this.threads.map((t) => t.eventLoopPct ?? 0);
  }

  async stop(graceMs: number): Promise<void> {
    const stopped = this.threads.map((t) => t.next('stopped'));
    this.broadcast({ type: 'stop', graceMs });
    await Promise.all(stopped);
  }

  async resetStats(now: number): Promise<MetricsSnapshot[]> {
    const replies = this.threads.map((t) => t.next('reset'));
    this.broadcast({ type: 'reset', now });
    return (await Promise.all(replies)).map((r) => r.before);
  }

  async collect(endedAt: number): Promise<Collected> {
    const replies = this.threads.map((t) => t.next('collect'));
    this.broadcast({ type: 'collect', endedAt });
    // A worker answers between its users' awaits; one that cannot (a flow stuck in a busy loop)
    // must not hold the summary back for ever.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CannotRunError(`a worker thread sent no figures within ${COLLECT_TIMEOUT_MS / 1000} s`)), COLLECT_TIMEOUT_MS);
    });
    const all = await Promise.race([Promise.all(replies), late]).finally(() => clearTimeout(timer));
    this.openModel = sumOpenModel(all.map((r) => r.openModel));
    return { snapshots: all.map((r) => r.snapshot), openModel: this.openModel };
  }

  resize(target: number, atS: number): void {
    this.broadcast({ type: 'resize', target, atS });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.thread.terminate()));
    if (this.compiled) {
      this.compiled.dispose();
      process.off('exit', this.compiled.dispose);
    }
  }

  private broadcast(message: ToWorker): void {
    for (const t of this.threads) t.send(message);
  }
}
