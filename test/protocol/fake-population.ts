/**
 * A stand-in for the executors' Population: no connection, no flow. Each iteration logs when it
 * started and how late its user said it was, then lasts `taskMs` (or what it gives for the
 * iteration's 0-based number) on the (fake) timers or until `cutAll`; a spawn can take `spawnMs`. The executors only call the methods below.
 * For the closed model, each user then thinks `think` ms and a retire can take `retireMs`.
 */
import type { Population } from '../../src/protocol/population.js';
import type { VirtualUser } from '../../src/protocol/user.js';

export interface FakeUser {
  readonly id: number;
  latenessUs: number;
}

export interface Iteration {
  readonly user: number;
  /** performance.now() when it started. */
  readonly at: number;
  readonly latenessUs: number;
}

export class FakePopulation {
  readonly spawned: number[] = [];
  readonly iterations: Iteration[] = [];
  readonly retired: { user: number; force: boolean }[] = [];
  cuts = 0;
  /** `-i` spent: set by a test; the executors start no more iterations. */
  exhausted = false;
  size = 0;
  /** The closed model's think time after every iteration (ms). */
  think = 1000;
  /** How long a retire (the flow's onStop, the connection's close) takes on the (fake) timers. */
  retireMs = 0;
  private readonly running = new Set<() => void>();

  constructor(
    private readonly taskMs: number | ((n: number) => number),
    private readonly spawnMs = 0,
  ) {}

  /** What the executors take: the fake where a Population is expected. */
  get asPopulation(): Population {
    return this as unknown as Population;
  }

  async spawn(id: number): Promise<VirtualUser> {
    this.size++;
    if (this.spawnMs > 0) await new Promise((resolve) => setTimeout(resolve, this.spawnMs));
    this.spawned.push(id);
    const user: FakeUser = { id, latenessUs: 0 };
    return user as unknown as VirtualUser;
  }

  async iterate(user: FakeUser): Promise<number> {
    const ms = typeof this.taskMs === 'number' ? this.taskMs : this.taskMs(this.iterations.length);
    this.iterations.push({ user: user.id, at: performance.now(), latenessUs: user.latenessUs });
    if (ms > 0) {
      await new Promise<void>((resolve) => {
        const end = (): void => {
          clearTimeout(timer);
          this.running.delete(end);
          resolve();
        };
        const timer = setTimeout(end, ms);
        this.running.add(end);
      });
    }
    return ms / 1000;
  }

  async retire(user: FakeUser, force: boolean): Promise<void> {
    if (this.retireMs > 0) await new Promise((resolve) => setTimeout(resolve, this.retireMs));
    this.retired.push({ user: user.id, force });
    this.size--;
  }

  thinkMs(): number {
    return this.think;
  }

  /** Ends every iteration in flight at once, as cut connections fail their requests. */
  async cutAll(): Promise<void> {
    this.cuts++;
    for (const end of [...this.running]) end();
  }

  /** When each iteration was due: its start less how late it started. */
  dues(): number[] {
    return this.iterations.map((i) => i.at - i.latenessUs / 1000);
  }
}
