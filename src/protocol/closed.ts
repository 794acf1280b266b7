/**
 * Closed model, Locust's meaning: -u users, started at -r per second, each looping task, think
 * time, task... until the run stops. Throughput follows the server: a slow server gets fewer
 * requests, which is why the open model exists beside it.
 */
import type { ClosedModel } from '../config/run-config.js';
import { type Executor, Pauses, Population } from './population.js';
import { type Part, WHOLE, dueUsers, globalNumber, shareOf } from './split.js';

/** What the executor needs of config's ClosedModel. */
export type ClosedModelSettings = Omit<ClosedModel, 'kind'>;

export class ClosedExecutor implements Executor {
  private readonly pauses = new Pauses();
  private readonly loops: Promise<void>[] = [];
  private spawnTimer: NodeJS.Timeout | undefined;
  private force = false;
  /** The run's users now (global): -u, or what the live view set since (`resize`). */
  private target: number;
  /** This part's share of `target`, which every user reads after each iteration. */
  private share: number;
  /** This part's local user numbers whose loop runs (a user above the target leaves after its task). */
  private readonly running = new Set<number>();
  /** Every local user below this one runs: each spawn tick looks from here, not from 0. */
  private lowestFree = 0;
  private startedAt = 0;

  constructor(
    private readonly population: Population,
    private readonly settings: ClosedModelSettings,
    /** This executor's stripe of the run's users (all of them in one thread). */
    private readonly part: Part = WHOLE,
  ) {
    this.target = settings.users;
    this.share = shareOf(part, this.target);
  }

  get activeUsers(): number {
    return this.population.size;
  }

  /** `startedAt` (performance.now() time) is the run's start, shared by every part of a split. */
  start(startedAt = performance.now()): void {
    this.startedAt = startedAt;
    this.spawnTimer = setInterval(this.spawnDue, 50);
    this.spawnDue();
  }

  /**
   * The live view's change of users: more start on the spawn-rate ramp's clock (at once after the
   * ramp), fewer leave after their current task; each part keeps its stripe of the global numbers.
   */
  resize(users: number): void {
    this.target = users;
    this.share = shareOf(this.part, users);
    if (!this.spawnTimer && !this.pauses.stopped) this.spawnTimer = setInterval(this.spawnDue, 50);
  }

  // Spawn in small batches on a 50 ms clock so a high spawn rate does not need a timer per user.
  // The ramp runs on global user numbers: this part starts its users when the plan reaches them.
  private readonly spawnDue = (): void => {
    const mine = this.share;
    const due = shareOf(this.part, dueUsers(this.target, this.settings.spawnRate, (performance.now() - this.startedAt) / 1000));
    // A spent -i budget: a user started now would only log in, run onStart and leave, and one
    // that left would be started again at every tick until the last iteration in flight ends.
    if (this.population.exhausted) return this.stopSpawning();
    for (let local = this.lowestFree; local < due; local++) {
      if (this.running.has(local)) continue;
      this.running.add(local);
      this.loops.push(this.runUser(local));
    }
    // Stryker disable next-line MethodExpression: lowestFree only saves the walk over running users; from lower down the loop skips them all the same
    this.lowestFree = Math.max(this.lowestFree, due);
    if (due >= mine) this.stopSpawning();
  };

  private stopSpawning(): void {
    clearInterval(this.spawnTimer);
    this.spawnTimer = undefined;
  }

  private async runUser(local: number): Promise<void> {
    const user = await this.population.spawn(globalNumber(this.part, local) + 1);
    while (!this.pauses.stopped && !this.population.exhausted && local < this.share) {
      const taskSeconds = await this.population.iterate(user);
      // After a stop this wait returns at once, and the loop ends.
      await this.pauses.wait(this.population.thinkMs(user, taskSeconds));
    }
    await this.population.retire(user, this.force);
    this.running.delete(local);
    this.lowestFree = Math.min(this.lowestFree, local);
    // The count went up again while this user was leaving: it starts anew.
    if (local < this.share) this.resize(this.target);
  }

  async stop(graceMs: number): Promise<void> {
    this.stopSpawning();
    this.pauses.stop();
    const all = Promise.all(this.loops);
    const ended = await Promise.race([all.then(() => true), new Promise<boolean>((r) => setTimeout(r, graceMs, false).unref())]);
    if (!ended) {
      // In-flight requests past the grace period are cut; their users close at once.
      this.force = true;
      await this.population.cutAll();
      await all;
    }
  }
}
