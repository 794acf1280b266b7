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
  private spawnTimer: NodeJS.Timeout | null = null;
  private force = false;

  constructor(
    private readonly population: Population,
    private readonly settings: ClosedModelSettings,
    /** This executor's stripe of the run's users (all of them in one thread). */
    private readonly part: Part = WHOLE,
  ) {}

  get activeUsers(): number {
    return this.population.size;
  }

  /** `startedAt` (performance.now() time) is the run's start, shared by every part of a split. */
  start(startedAt = performance.now()): void {
    const { users, spawnRate } = this.settings;
    const mine = shareOf(this.part, users);
    let spawned = 0;
    // Spawn in small batches on a 50 ms clock so a high spawn rate does not need a timer per user.
    // The ramp runs on global user numbers: this part starts its users when the plan reaches them.
    const spawnDue = () => {
      const due = shareOf(this.part, dueUsers(users, spawnRate, (performance.now() - startedAt) / 1000));
      while (spawned < due && !this.pauses.stopped) {
        this.loops.push(this.runUser(globalNumber(this.part, spawned) + 1));
        spawned++;
      }
      if (spawned >= mine && this.spawnTimer) {
        clearInterval(this.spawnTimer);
        this.spawnTimer = null;
      }
    };
    this.spawnTimer = setInterval(spawnDue, 50);
    spawnDue();
  }

  private async runUser(id: number): Promise<void> {
    const user = await this.population.spawn(id);
    while (!this.pauses.stopped && !this.population.exhausted) {
      const taskSeconds = await this.population.iterate(user);
      if (this.pauses.stopped) break;
      await this.pauses.wait(this.population.thinkMs(user, taskSeconds));
    }
    await this.population.retire(user, this.force);
  }

  async stop(graceMs: number): Promise<void> {
    if (this.spawnTimer) clearInterval(this.spawnTimer);
    this.spawnTimer = null;
    this.pauses.stop();
    const all = Promise.all(this.loops);
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(r, graceMs, true).unref())]);
    if (timedOut) {
      // In-flight requests past the grace period are cut; their users close at once.
      this.force = true;
      await this.population.cutAll();
      await all;
    }
  }
}
