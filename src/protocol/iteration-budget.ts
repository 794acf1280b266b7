/**
 * `-i N` (locust-plugins' --iterations): the protocol users run N task iterations in all, then the
 * run stops. Each thread holds its share of N (split.ts), so the count is exact with workers too:
 * a user takes a ticket before each iteration, and the budget is done when every ticket's
 * iteration has ended (a request in flight is not cut by the stop it causes).
 */
export class IterationBudget {
  private taken = 0;
  private ended = 0;
  private finish!: () => void;
  /** Resolves when every iteration of the budget has ended. */
  readonly done = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(private readonly limit: number) {
    if (limit <= 0) this.finish();
  }

  /** No ticket left: users stop iterating. */
  get exhausted(): boolean {
    return this.taken >= this.limit;
  }

  /** A ticket for one iteration, or false when the budget is spent. */
  take(): boolean {
    if (this.exhausted) return false;
    this.taken++;
    return true;
  }

  /** The iteration of a ticket ended (whatever its outcome). */
  end(): void {
    this.ended++;
    if (this.ended >= this.limit) this.finish();
  }
}
