/**
 * MetricsRecorder: the Recorder users write into. One per worker; figures only meet through
 * snapshots and mergeSnapshots. The per-request path (record/observeResponse) records
 * into pre-made histograms and counters and allocates nothing once a name and error are known.
 */
import type { ExceptionEntry, FailureEntry, SeriesPoint, StatEntry } from '../schema/summary.js';
import { HISTOGRAM_MAX_VALUE, Histogram, bucketIndexOf, clampValue } from '../hdr/histogram.js';
import { startCoarseClock } from './clock.js';
import { ConnectionRecorder } from './connections.js';
import { ProfileBuilder } from './profile.js';
import { TimeSeries, type LiveWindow } from './series.js';
import { AGGREGATE_NAME, OVERFLOW_NAME, StatRow, compareEntries, compareFailures, statKey } from './stat-row.js';
import type { MetricsSnapshot, Recorder, ResponseObservation, Sample, StatHandle } from './types.js';

export type { LiveWindow };

export interface RecorderOptions {
  /**
   * Clock in epoch milliseconds (tests pass a fake one). Default: Date.now, and for timestamps
   * of requests a coarse clock good to ~10 ms that costs nothing to read (see clock.ts).
   */
  now?: () => number;
  /** Time-series interval; default 1000 ms. */
  intervalMs?: number;
  /** Distinct (type, name) rows before further names share an overflow row; default 1000. */
  maxNames?: number;
}

/** Distinct failure groups (and exception messages) kept; more are counted under "(other errors)". */
export const MAX_ERROR_GROUPS = 1000;
export const OTHER_ERRORS = '(other errors)';

export class MetricsRecorder implements Recorder {
  private readonly now: () => number;
  private readonly sampleNow: () => number;
  private readonly maxNames: number;
  private readonly rows = new Map<string, StatRow>();
  private readonly overflowRows = new Map<string, StatRow>();
  private readonly aggregate: StatRow;
  private readonly series: TimeSeries;
  private readonly exceptions = new Map<string, ExceptionEntry>();
  private startedAt: number;
  private errorGroups = 0;
  private clampedSamples = 0;
  private nameCapHit = false;
  private errorCapHit = false;
  private exceptionCapHit = false;

  constructor(opts: RecorderOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.sampleNow = opts.now ?? startCoarseClock();
    this.maxNames = opts.maxNames ?? 1000;
    const intervalMs = opts.intervalMs ?? 1000;
    if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${intervalMs}`);
    this.aggregate = new StatRow(this, AGGREGATE_NAME, '', '', AGGREGATE_NAME);
    this.startedAt = this.now();
    this.series = new TimeSeries(intervalMs, this.startedAt);
  }

  handle(type: string, method: string, name: string): StatHandle {
    const key = statKey(type, name);
    const row = this.rows.get(key);
    if (row !== undefined) return row;
    if (this.rows.size >= this.maxNames) {
      this.nameCapHit = true;
      const overflowKey = statKey(type, OVERFLOW_NAME);
      let overflow = this.overflowRows.get(overflowKey);
      if (overflow === undefined) {
        overflow = new StatRow(this, overflowKey, type, method, OVERFLOW_NAME);
        this.overflowRows.set(overflowKey, overflow);
      }
      return overflow;
    }
    const created = new StatRow(this, key, type, method, name);
    this.rows.set(key, created);
    return created;
  }

  record(sample: Readonly<Sample>): void {
    const row = this.count(sample);
    if (sample.error !== null) this.groupFailure(row, sample.error);
  }

  recordCut(handle: StatHandle): void {
    this.rowOf(handle).cutAtStop++;
    this.aggregate.cutAtStop++;
  }

  observeResponse(o: Readonly<ResponseObservation>): void {
    const row = this.rowOf(o.handle);
    (row.profile ??= new ProfileBuilder()).observe(o.headers, o.status, o.wireBytes, o.decodedBytes, o.latencyUs);
  }

  exception(message: string, traceback: string): void {
    let entry = this.exceptions.get(message);
    if (entry === undefined) {
      const key = this.exceptions.size < MAX_ERROR_GROUPS ? message : OTHER_ERRORS;
      if (key === OTHER_ERRORS) this.exceptionCapHit = true;
      entry = this.exceptions.get(key);
      if (entry === undefined) {
        entry = { count: 0, message: key, traceback: key === OTHER_ERRORS ? '' : traceback };
        this.exceptions.set(key, entry);
      }
    }
    entry.count++;
  }

  setUsers(protocolUsers: number, browserUsers: number): void {
    this.series.users = protocolUsers;
    this.series.browserUsers = browserUsers;
  }

  /** Requests recorded since start (or the last reset), failures included. Cheap. */
  get totalRequests(): number {
    return this.aggregate.count;
  }

  get totalFailures(): number {
    return this.aggregate.failures;
  }

  get intervalMs(): number {
    return this.series.intervalMs;
  }

  /** Closes the time-series intervals that have ended; the runner calls it every second. */
  tick(now: number = this.now()): void {
    this.series.closeUntil(now);
  }

  /** Figures of the last closed interval(s) (at most 10) for the live progress line. */
  liveWindow(intervals = 1): LiveWindow {
    return this.series.liveWindow(intervals);
  }

  /** The last closed interval as a point, with its histogram: cheap, for another thread's live view. */
  lastPoint(): SeriesPoint | undefined {
    return this.series.lastClosed();
  }

  /**
   * Drops everything recorded so far (end of warm-up). Handles stay valid and the name cap keeps
   * counting their names. Points before `now` are dropped and so are the open interval's samples:
   * the first point after a reset covers [now, its end) only, and points add up to the totals.
   */
  reset(now: number = this.now()): void {
    for (const row of this.rows.values()) row.clear();
    for (const row of this.overflowRows.values()) row.clear();
    this.aggregate.clear();
    this.exceptions.clear();
    this.errorGroups = 0;
    this.clampedSamples = 0;
    this.errorCapHit = false;
    this.exceptionCapHit = false;
    this.startedAt = now;
    this.series.restart(now);
  }

  /**
   * Everything recorded, serialisable. Closes the intervals that ended before `endedAt`; the open
   * interval is included as a partial point. Recording may go on afterwards.
   */
  snapshot(endedAt: number = this.now()): MetricsSnapshot {
    this.series.closeUntil(endedAt);
    const stats: StatEntry[] = [];
    const failures: FailureEntry[] = [];
    const statusCodes: Record<string, number> = {};
    // The aggregate's histograms are the sum of the rows' (lossless), made here, not per request.
    const agg = this.aggregate;
    agg.latency.reset();
    agg.uncorrected?.reset();
    agg.connections?.reset();
    for (const row of [...this.rows.values(), ...this.overflowRows.values()]) {
      if (row.count === 0 && row.cutAtStop === 0) continue;
      agg.latency.add(row.latency);
      if (row.uncorrected !== null) (agg.uncorrected ??= new Histogram()).add(row.uncorrected);
      if (row.connections !== null) (agg.connections ??= new ConnectionRecorder()).add(row.connections);
      stats.push(row.toEntry());
      for (const f of row.errors.values()) failures.push({ ...f });
      for (const [status, n] of Object.entries(row.statusCounts())) statusCodes[status] = (statusCodes[status] ?? 0) + n;
    }
    return {
      startedAt: this.startedAt,
      endedAt,
      stats: stats.sort(compareEntries),
      aggregate: agg.toEntry(),
      series: this.series.points(endedAt),
      intervalMs: this.series.intervalMs,
      failures: failures.sort(compareFailures),
      exceptions: [...this.exceptions.values()].map((e) => ({ ...e })).sort((a, b) => b.count - a.count),
      statusCodes,
      warnings: this.warnings(),
    };
  }

  private warnings(): string[] {
    const out: string[] = [];
    if (this.nameCapHit) {
      out.push(`More than ${this.maxNames} distinct request names: the rest are counted under "${OVERFLOW_NAME}". Group dynamic URLs with a name.`);
    }
    if (this.errorCapHit) out.push(`More than ${MAX_ERROR_GROUPS} distinct failures: the rest are counted as "${OTHER_ERRORS}".`);
    if (this.exceptionCapHit) out.push(`More than ${MAX_ERROR_GROUPS} distinct exceptions: the rest are counted as "${OTHER_ERRORS}".`);
    if (this.clampedSamples > 0) {
      out.push(`${this.clampedSamples} latencies above ${HISTOGRAM_MAX_VALUE / 3.6e9} h were recorded as ${HISTOGRAM_MAX_VALUE / 3.6e9} h.`);
    }
    if (this.series.skippedGap) out.push('The clock jumped too far to fill the time series with empty points; it has a gap.');
    return out;
  }

  private rowOf(h: StatHandle): StatRow {
    const row = h as StatRow;
    if (row.owner !== this) throw new Error(`Stat handle "${h.key}" was not made by this recorder`);
    return row;
  }

  /** Counts a failure under its row's error group (shared "(other errors)" past the cap). */
  private groupFailure(row: StatRow, error: string): void {
    const t = row.lastAt;
    let group = row.errors.get(error);
    if (group === undefined) {
      const key = this.errorGroups < MAX_ERROR_GROUPS ? error : OTHER_ERRORS;
      if (key === OTHER_ERRORS) this.errorCapHit = true;
      group = row.errors.get(key);
      if (group === undefined) {
        group = { method: row.method, name: row.name, error: key, occurrences: 0, firstSeen: t, lastSeen: t };
        row.errors.set(key, group);
        this.errorGroups++;
      }
    }
    group.occurrences++;
    group.lastSeen = t;
  }

  /** The per-request path of every sample: counters, status, histograms, the time series. */
  private count(s: Readonly<Sample>): StatRow {
    const row = this.rowOf(s.handle);
    const agg = this.aggregate;
    const failed = s.error !== null;
    const { wireBytes, decodedBytes, latencyUs } = s;
    let t = this.sampleNow();
    // The coarse clock may lag a reset made with a precise time: no sample predates the start.
    // Stryker disable next-line EqualityOperator: at the start itself, t is the start either way
    if (t < this.startedAt) t = this.startedAt;
    // Stryker disable next-line ConditionalExpression: closeUntil checks the same; this saves the call on the per-request path
    if (t >= this.series.end) this.series.closeUntil(t);
    row.count++;
    agg.count++;
    if (failed) {
      row.failures++;
      agg.failures++;
    }
    row.wireBytes += wireBytes;
    row.decodedBytes += decodedBytes;
    agg.wireBytes += wireBytes;
    agg.decodedBytes += decodedBytes;
    if (row.firstAt < 0) row.firstAt = t;
    if (agg.firstAt < 0) agg.firstAt = t;
    row.lastAt = t;
    agg.lastAt = t;
    row.countStatus(s.status);

    const v = clampValue(latencyUs);
    let index = -1;
    if (v >= 0) {
      if (latencyUs > HISTOGRAM_MAX_VALUE) this.clampedSamples++;
      index = bucketIndexOf(v);
      row.latency.recordAtIndex(index, 1);
    }
    this.series.add(row, failed, wireBytes, decodedBytes, index);

    const u = clampValue(s.uncorrectedUs);
    if (u >= 0) (row.uncorrected ??= new Histogram()).recordAtIndex(bucketIndexOf(u), 1);
    // Stryker disable next-line ConditionalExpression: undefined >= 0 is false too; the first test narrows the type
    if (s.connectUs !== undefined && s.connectUs >= 0) (row.connections ??= new ConnectionRecorder()).record(s.connectUs, s.tlsUs ?? -1);
    return row;
  }
}
