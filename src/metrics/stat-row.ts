/**
 * One row of the stats table while it is being recorded: everything a (type, method, name) key
 * accumulates, in pre-made histograms and counters so recording a request allocates nothing.
 */
import type { FailureEntry, StatEntry } from '../schema/summary.js';
import { Histogram, encodeHistogram, summarize } from '../hdr/histogram.js';
import { ConnectionRecorder } from './connections.js';
import { ProfileBuilder } from './profile.js';
import type { StatHandle } from './types.js';

export const AGGREGATE_NAME = 'Aggregated';
export const OVERFLOW_NAME = '(other names)';

/** The key a row is known by in `byName` and thresholds: `${type} ${name}`, or "Aggregated". */
export function statKey(type: string, name: string): string {
  return type === '' && name === AGGREGATE_NAME ? AGGREGATE_NAME : `${type} ${name}`;
}

export class StatRow implements StatHandle {
  readonly latency = new Histogram();
  /** Open model only: created on the first uncorrected value. */
  uncorrected: Histogram | null = null;
  /** The current time-series interval; reset (not reallocated) when the interval closes. */
  interval = new Histogram();
  count = 0;
  failures = 0;
  wireBytes = 0;
  decodedBytes = 0;
  firstAt = -1;
  lastAt = -1;
  intervalRequests = 0;
  intervalFailures = 0;
  intervalDecodedBytes = 0;
  /** Requests cut at stop: in flight when the run stopped, in no other counter. */
  cutAtStop = 0;
  /** Status code → count; the latest run of one status is kept in two fields, then folded in. */
  private readonly statuses = new Map<number, number>();
  // Stryker disable next-line UnaryOperator: no response has status 1 either
  private runStatus = -1;
  private runCount = 0;
  /** Error message → failure group of this row. */
  readonly errors = new Map<string, FailureEntry>();
  profile: ProfileBuilder | null = null;
  /** Protocol users: created at the first request that opened a connection. */
  connections: ConnectionRecorder | null = null;

  constructor(
    /** The recorder that made this handle: handles are not interchangeable between recorders. */
    readonly owner: object,
    readonly key: string,
    readonly type: string,
    readonly method: string,
    readonly name: string,
  ) {}

  /** Forgets everything recorded (warm-up end); the handle stays valid. */
  clear(): void {
    this.latency.reset();
    this.uncorrected?.reset();
    this.interval.reset();
    this.count = 0;
    this.failures = 0;
    this.wireBytes = 0;
    this.decodedBytes = 0;
    this.firstAt = -1;
    this.lastAt = -1;
    this.intervalRequests = 0;
    this.intervalFailures = 0;
    this.intervalDecodedBytes = 0;
    this.cutAtStop = 0;
    this.statuses.clear();
    this.runCount = 0;
    this.errors.clear();
    this.profile = null;
    this.connections = null;
  }

  /** Hot path: most responses repeat the previous status, which costs no Map update. */
  countStatus(status: number): void {
    // Stryker disable next-line ConditionalExpression,BlockStatement: folding every sample counts the same; the run saves a Map update per request
    if (status === this.runStatus) {
      this.runCount++;
      return;
    }
    this.foldStatusRun();
    this.runStatus = status;
    this.runCount = 1;
  }

  private foldStatusRun(): void {
    if (this.runCount > 0) this.statuses.set(this.runStatus, (this.statuses.get(this.runStatus) ?? 0) + this.runCount);
    this.runCount = 0;
  }

  statusCounts(): Record<string, number> {
    this.foldStatusRun();
    const out: Record<string, number> = {};
    for (const [status, n] of this.statuses) out[String(status)] = n;
    return out;
  }

  toEntry(): StatEntry {
    const entry: StatEntry = {
      type: this.type,
      method: this.method,
      name: this.name,
      count: this.count,
      failures: this.failures,
      latency: summarize(this.latency),
      histogram: encodeHistogram(this.latency),
      wireBytes: this.wireBytes,
      decodedBytes: this.decodedBytes,
      firstAt: this.firstAt < 0 ? null : this.firstAt,
      lastAt: this.lastAt < 0 ? null : this.lastAt,
      cutAtStop: this.cutAtStop,
    };
    if (this.uncorrected !== null && this.uncorrected.count > 0) {
      entry.uncorrectedLatency = summarize(this.uncorrected);
      entry.uncorrectedHistogram = encodeHistogram(this.uncorrected);
    }
    if (this.profile !== null) entry.responses = this.profile.build(this.statusCounts());
    const connections = this.connections?.toPhases();
    if (connections !== undefined) entry.connections = connections;
    return entry;
  }
}

/** Stats table order: by name, then type (as Locust sorts its table). */
export function compareEntries(a: StatEntry, b: StatEntry): number {
  // Stryker disable next-line EqualityOperator: the names differ here, so < and <= agree
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** Failures order: most frequent first, then by name, method and error. */
export function compareFailures(a: FailureEntry, b: FailureEntry): number {
  if (a.occurrences !== b.occurrences) return b.occurrences - a.occurrences;
  const x = `${a.name}\u0000${a.method}\u0000${a.error}`;
  const y = `${b.name}\u0000${b.method}\u0000${b.error}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
