/**
 * The think-time waits of one thread's users, in one structure woken by one timer. A wait of its
 * own (a Timeout, its closure and a Set entry to end it early) lives the whole 1–3 s of a
 * `between(1, 3)`, long enough to be promoted to V8's old space, so 5,000 users left megabytes of
 * garbage there every second, collected only by the costly major GC. Here a wait is a slot in two
 * parallel arrays (due time, wake function) kept as a binary min-heap by due time: nothing is
 * allocated per wait but the caller's promise, and the timer is re-armed only when a new wait ends
 * before the one it is set for (rare: a new wait of seconds goes behind thousands of others).
 */

/** libuv's clock counts whole milliseconds, so a timer may fire up to 1 ms before a fractional due time. */
const CLOCK_SLACK_MS = 1;

export class WaitQueue {
  private readonly dues: number[] = [];
  private readonly wakes: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The due time the timer is armed for (performance.now() ms); Infinity when none is. */
  private armedFor = Infinity;
  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    this.wakeDue(performance.now() + CLOCK_SLACK_MS);
    this.arm();
  };

  get size(): number {
    return this.dues.length;
  }

  /** Calls `wake` once `ms` have passed (or at wakeAll, whichever is first). */
  add(ms: number, wake: () => void): void {
    this.push(performance.now() + ms, wake);
    // arm() re-arms only when this wait is now the earliest and ends before the timer is set for.
    this.arm();
  }

  /** Wakes every wait now, in due order (the run stops); the timer is cleared. */
  wakeAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    this.wakeDue(Infinity);
  }

  /** Wakes the waits due by `until`; a wake that adds a wait of its own is fine (it is due later). */
  private wakeDue(until: number): void {
    // An empty queue's dues[0] is undefined, which is never <= until.
    while (this.dues[0] <= until) this.pop()();
  }

  /** Sets the one timer for the earliest wait, replacing one set for a later time. */
  private arm(): void {
    if (this.dues.length === 0) return;
    const due = this.dues[0];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: re-arming for the same earliest due time sets the same timer; this saves the clear and set
    if (due >= this.armedFor) return;
    clearTimeout(this.timer);
    this.armedFor = due;
    this.timer = setTimeout(this.fire, Math.max(0, due - performance.now()));
  }

  private push(due: number, wake: () => void): void {
    const { dues, wakes } = this;
    let i = dues.length;
    dues.push(due);
    wakes.push(wake);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      // Stryker disable next-line EqualityOperator: waits due at the same time may wake in either order
      if (dues[parent] <= due) break;
      dues[i] = dues[parent];
      wakes[i] = wakes[parent];
      i = parent;
    }
    dues[i] = due;
    wakes[i] = wake;
  }

  private pop(): () => void {
    const { dues, wakes } = this;
    const top = wakes[0];
    const lastDue = dues.pop()!;
    const lastWake = wakes.pop()!;
    const n = dues.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: past the end dues[left + 1] is undefined, which compares false (the bound keeps the read in range); equal dues wake in either order
        const child = left + 1 < n && dues[left + 1] < dues[left] ? left + 1 : left;
        // Stryker disable next-line EqualityOperator: waits due at the same time may wake in either order
        if (dues[child] >= lastDue) break;
        dues[i] = dues[child];
        wakes[i] = wakes[child];
        i = child;
      }
      dues[i] = lastDue;
      wakes[i] = lastWake;
    }
    return top;
  }
}
