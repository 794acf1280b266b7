/** Live progress: one rewritten line a second on a TTY, one line every 10 s otherwise (CI logs). */
import { formatDuration } from '../config/duration.js';

export interface ProgressFigures {
  elapsedS: number;
  totalS: number;
  phase: 'warm-up' | 'running' | 'stopping';
  users: number;
  browserUsers: number;
  rps: number;
  p95Ms: number | null;
  errorPct: number;
}

export class ProgressLine {
  private lastPrinted = -Infinity;
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet: boolean,
    /** -L ERROR/CRITICAL: warnings are kept in the summary, not printed as they happen. */
    private readonly warnings = true,
  ) {}

  update(f: ProgressFigures): void {
    if (this.quiet) return;
    const line =
      `[${formatDuration(f.elapsedS)}/${formatDuration(f.totalS)}] ${f.phase}  users ${f.users}` +
      `${f.browserUsers ? ` + ${f.browserUsers} browser` : ''}  ${f.rps.toFixed(1)} req/s` +
      `  p95 ${f.p95Ms === null ? '-' : `${Math.round(f.p95Ms)} ms`}  errors ${f.errorPct.toFixed(2)}%`;
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`);
    } else if (f.elapsedS - this.lastPrinted >= 10) {
      this.lastPrinted = f.elapsedS;
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the rewritten line so later output starts on its own line. */
  done(): void {
    if (!this.quiet && this.out.isTTY) this.out.write('\n');
  }

  /** A line about getting ready (logins before --start-at), unless quiet. */
  note(message: string): void {
    if (this.quiet) return;
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
    this.out.write(`browse-load: ${message}\n`);
  }

  warn(message: string): void {
    if (!this.warnings) return;
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
    this.out.write(`browse-load: warning: ${message}\n`);
  }
}
