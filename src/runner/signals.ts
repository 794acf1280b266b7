/** Ctrl-C and SIGTERM: the first stops the run gracefully, the second leaves at once. */
export class SignalWatch {
  private count = 0;
  private first: (() => void) | null = null;
  private second: (() => void) | null = null;
  private readonly handler = () => {
    this.count++;
    if (this.count === 1) this.first?.();
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

  onFirst(callback: () => void): void {
    this.first = callback;
    if (this.count >= 1) callback();
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
