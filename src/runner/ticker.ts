/** The run's one clock: once a second every observer sees the same tick, in the order added. */

export interface Tick {
  now: number;
  /** Seconds since the run started (warm-up included). */
  elapsedS: number;
}

export type TickObserver = (tick: Tick) => void;

export class Ticker {
  private readonly observers: TickObserver[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly startedAt: number,
    private readonly periodMs = 1000,
  ) {}

  add(...observers: TickObserver[]): this {
    this.observers.push(...observers);
    return this;
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(Date.now()), this.periodMs);
  }

  tick(now: number): void {
    const tick = { now, elapsedS: (now - this.startedAt) / 1000 };
    for (const observer of this.observers) observer(tick);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
