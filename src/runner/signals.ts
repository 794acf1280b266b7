/** Ctrl-C and SIGTERM: the first stops the run gracefully, the second leaves at once. */
export class SignalWatch {
  private count = 0;
  private readonly first: Array<() => void> = [];
  private second: (() => void) | null = null;
  private readonly handler = () => {
    this.count++;
    if (this.count === 1) for (const callback of this.first) callback();
    else this.second?.();
  };

  constructor() {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  /** A Ctrl-C (or SIGTERM) came already. */
  get signalled(): boolean {
    return this.count >= 1;
  }

  /** Every callback waiting for the first signal (the measure phase's, the live view's). */
  onFirst(callback: () => void): void {
    this.first.push(callback);
    if (this.count >= 1) callback();
  }

  /** The live view's Stop: the run ends as on a first Ctrl-C; pressed again, nothing more. */
  stopFromPage(): void {
    if (this.count > 0) return;
    this.count = 1;
    for (const callback of this.first) callback();
  }

  onSecond(callback: () => void): void {
    this.second = callback;
    if (this.count >= 2) callback();
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}
