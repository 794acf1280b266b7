/**
 * What both executors share: making users (connection, login, onStart), running one iteration
 * (a weighted task pick, flow bugs caught and counted, never crashing the run) and retiring users.
 */
import type { ProtocolUsers, Task } from '../flow-api/api.js';
import { describeException, type Recorder } from '../metrics/types.js';
import type { Auth } from './auth.js';
import { IterationBudget } from './iteration-budget.js';
import { WeightedPicker } from './tasks.js';
import { type UserSettings, VirtualUser } from './user.js';
import { WaitQueue } from './wait-queue.js';

export interface PopulationSettings {
  user: UserSettings;
  seed: number;
  /** `-i`: this thread's share of the run's task iterations; unlimited without it. */
  iterations?: number;
  /** JWT tokens got before the start (logins-ahead.ts) by user number: those users do not log in again. */
  tokens?: ReadonlyMap<number, string>;
}

export class Population {
  private readonly picker: WeightedPicker<Task>;
  private readonly users = new Set<VirtualUser>();
  private readonly budget: IterationBudget | null;

  constructor(
    private readonly flow: ProtocolUsers,
    tasks: readonly Task[],
    private readonly recorder: Recorder,
    private readonly auth: Auth,
    private readonly settings: PopulationSettings,
  ) {
    this.picker = new WeightedPicker(tasks);
    this.budget = settings.iterations === undefined ? null : new IterationBudget(settings.iterations);
  }

  /** `-i`: every iteration of the budget is taken; the executors start no more. */
  get exhausted(): boolean {
    return this.budget?.exhausted ?? false;
  }

  /** `-i`: resolves when the budget's last iteration has ended (undefined without -i). */
  get iterationsDone(): Promise<void> | undefined {
    return this.budget?.done;
  }

  /** Users alive now (started and not yet retired). */
  get size(): number {
    return this.users.size;
  }

  /**
   * Makes user `id` (its global number, 1-based: its seed is the same whichever thread runs it),
   * logs it in when the auth needs it (unless it logged in before the start), and runs the flow's onStart.
   */
  async spawn(id: number): Promise<VirtualUser> {
    const user = new VirtualUser(id, this.settings.user, this.recorder, this.auth, this.settings.seed);
    this.users.add(user);
    const token = this.settings.tokens?.get(id);
    if (token !== undefined) user.session.token = token;
    else if (this.auth.kind === 'jwt') await user.login();
    if (this.flow.onStart) await this.guard(() => this.flow.onStart!(user));
    return user;
  }

  /**
   * Runs one task (none once an -i budget is spent); returns its duration in seconds, which only
   * the think time reads: without one it is 0, and the clock is not read (twice per iteration).
   */
  async iterate(user: VirtualUser): Promise<number> {
    if (this.budget && !this.budget.take()) return 0;
    const task = this.picker.pick(user.random);
    const startedAt = this.flow.wait ? performance.now() : 0;
    // Not through guard(): no closure and no promise of its own, once per request of a --url run.
    try {
      await task.run(user);
    } catch (error) {
      this.recordException(error);
    }
    this.budget?.end();
    return this.flow.wait ? (performance.now() - startedAt) / 1000 : 0;
  }

  /** Think time after a task of the given duration, in ms. */
  thinkMs(user: VirtualUser, taskSeconds: number): number {
    return this.flow.wait ? this.flow.wait.next(taskSeconds, user.random) * 1000 : 0;
  }

  async retire(user: VirtualUser, force: boolean): Promise<void> {
    if (!force && this.flow.onStop) await this.guard(() => this.flow.onStop!(user));
    await user.close(force);
    this.users.delete(user);
  }

  /** Cuts every user's connection at once (grace period over, or a second Ctrl-C). */
  async cutAll(): Promise<void> {
    await Promise.all([...this.users].map((user) => user.close(true)));
  }

  private async guard(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      this.recordException(error);
    }
  }

  private recordException(error: unknown): void {
    const { message, traceback } = describeException(error);
    this.recorder.exception(message, traceback);
  }
}

/** An executor drives a population over time: the closed and the open model. */
export interface Executor {
  /** Starts users / arrivals; returns at once. */
  start(): void;
  /** Stops starting iterations; waits up to graceMs for in-flight ones, then cuts them. */
  stop(graceMs: number): Promise<void>;
  readonly activeUsers: number;
}

/**
 * Think-time waits of many users that one call ends early (the run stops). The waits sleep in one
 * WaitQueue (wait-queue.ts: one timer, no Timeout or closure per wait), which also makes ending
 * them all one pass rather than a listener per wait on a shared AbortSignal.
 */
export class Pauses {
  private readonly queue = new WaitQueue();
  private ended = false;
  /** Zero waits until the next check phase: one setImmediate for all of them, not one per wait. */
  private yielding: (() => void)[] = [];
  private readonly endYield = (): void => {
    const batch = this.yielding;
    this.yielding = [];
    for (const resolve of batch) resolve();
  };
  private readonly enqueue = (resolve: () => void): void => {
    this.queue.add(this.nextMs, resolve);
  };
  /** The wait being made: read by `enqueue`, so a wait's promise needs no closure of its own. */
  private nextMs = 0;

  get stopped(): boolean {
    return this.ended;
  }

  /** Resolves after ms, or at once when stopped. A zero wait still yields to the event loop, so
   * users with no think time against a failing host cannot starve timers and I/O. */
  wait(ms: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    if (ms <= 0) {
      return new Promise((resolve) => {
        // Stryker disable next-line ConditionalExpression: a setImmediate per zero wait ends the same batch; one for the batch saves the others
        if (this.yielding.push(resolve) === 1) setImmediate(this.endYield);
      });
    }
    this.nextMs = ms;
    return new Promise(this.enqueue);
  }

  /** Ends every wait now and every later one at once. */
  stop(): void {
    this.ended = true;
    this.queue.wakeAll();
  }
}
