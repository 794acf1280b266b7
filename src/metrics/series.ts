/**
 * The time series: one SeriesPoint per interval. Intervals are aligned to multiples of intervalMs
 * since the epoch, so points of several recorders (threads, machines) line up for merging.
 * Per-interval histograms (the aggregate's and each name's) are reset and reused when an interval
 * closes: memory stays flat apart from the point rows themselves.
 */
import type { SeriesNamePoint, SeriesPoint } from '../schema/summary.js';
import { Histogram, encodeHistogram } from '../hdr/histogram.js';
import type { StatRow } from './stat-row.js';

/** Figures of the last closed interval(s), for the live progress line. */
export interface LiveWindow {
  rps: number;
  p95Ms: number | null;
  errorPct: number;
}

/** Aggregate interval histograms kept: the open one plus this many minus one closed ones. */
const RING = 11;
/** A jump in time longer than this many intervals is not filled with empty points. */
const MAX_GAP_POINTS = 100_000;
const POINT_PERCENTILES = [50, 95, 99, 100] as const;

export class TimeSeries {
  /** Start and end of the open interval. */
  start = 0;
  end = 0;
  users = 0;
  browserUsers = 0;
  /** Set when a jump in time was too long to fill with empty points. */
  skippedGap = false;
  /** The open interval's aggregate histogram (a slot of the ring), summed from the rows' at close. */
  private current: Histogram;
  private requests = 0;
  private failures = 0;
  private wireBytes = 0;
  private decodedBytes = 0;
  private closed: SeriesPoint[] = [];
  private readonly ring: Histogram[] = [];
  private slot = 0;
  /** How many ring slots before `slot` hold closed intervals since the last restart. */
  private validSlots = 0;
  /** Rows with samples in the open interval; reused array. */
  private readonly active: StatRow[] = [];
  // Stryker disable next-line ArrayDeclaration: percentiles() writes every slot before it is read
  private readonly pct = [0, 0, 0, 0];
  private readonly live = new Histogram();

  constructor(readonly intervalMs: number, now: number) {
    // Stryker disable next-line EqualityOperator: a twelfth slot would never be indexed (slots go modulo RING)
    for (let i = 0; i < RING; i++) this.ring.push(new Histogram());
    this.current = this.ring[0];
    this.restart(now);
  }

  /** Hot path: one request of `row` in the open interval; bucketIndex < 0 when it had no latency. */
  add(row: StatRow, failed: boolean, wireBytes: number, decodedBytes: number, bucketIndex: number): void {
    if (row.intervalRequests === 0) this.active.push(row);
    row.intervalRequests++;
    row.intervalDecodedBytes += decodedBytes;
    this.requests++;
    if (failed) {
      row.intervalFailures++;
      this.failures++;
    }
    this.wireBytes += wireBytes;
    this.decodedBytes += decodedBytes;
    if (bucketIndex >= 0) row.interval.recordAtIndex(bucketIndex, 1);
  }

  /** Closes every interval that ended at or before `now`, with empty points for idle ones. */
  closeUntil(now: number): void {
    if (now < this.end) return;
    this.closed.push(this.point(true));
    this.advance();
    if ((now - this.start) / this.intervalMs > MAX_GAP_POINTS) {
      this.align(now);
      this.validSlots = 0;
      this.skippedGap = true;
      return;
    }
    while (now >= this.end) {
      // Stryker disable next-line BooleanLiteral: the intervals of a jump are idle, with nothing to clear
      this.closed.push(this.point(true));
      this.advance();
    }
  }

  /**
   * Drops every point and the open interval's samples: used by the recorder's reset at the end of
   * warm-up. The interval containing `now` starts empty, so points always add up to the totals.
   */
  restart(now: number): void {
    this.closed = [];
    this.clearOpenInterval();
    for (const h of this.ring) h.reset();
    this.validSlots = 0;
    this.align(now);
  }

  /** Closed points plus, when it has begun before `endedAt`, the open interval as a partial point. */
  points(endedAt: number): SeriesPoint[] {
    const out = this.closed.slice();
    if (this.requests > 0 || this.start < endedAt) out.push(this.point(false));
    return out;
  }

  /** The last closed point since the last restart (what a worker thread reports each second). */
  lastClosed(): SeriesPoint | undefined {
    return this.validSlots > 0 ? this.closed[this.closed.length - 1] : undefined;
  }

  /** Requests per second, p95 and error share over the last `intervals` closed intervals (max 10). */
  liveWindow(intervals = 1): LiveWindow {
    const n = Math.min(Math.max(1, Math.floor(intervals)), this.validSlots, this.closed.length);
    if (n === 0) return { rps: 0, p95Ms: null, errorPct: 0 };
    let requests = 0;
    let failures = 0;
    this.live.reset();
    for (let j = 1; j <= n; j++) {
      const p = this.closed[this.closed.length - j];
      requests += p.requests;
      failures += p.failures;
      this.live.add(this.ring[(this.slot - j + RING) % RING]);
    }
    const p95 = this.live.valueAtPercentile(95);
    return {
      rps: requests / ((n * this.intervalMs) / 1000),
      p95Ms: p95 === null ? null : p95 / 1000,
      errorPct: requests > 0 ? (failures / requests) * 100 : 0,
    };
  }

  private align(now: number): void {
    this.start = Math.floor(now / this.intervalMs) * this.intervalMs;
    this.end = this.start + this.intervalMs;
  }

  private advance(): void {
    this.start = this.end;
    this.end += this.intervalMs;
    this.slot = (this.slot + 1) % RING;
    this.current = this.ring[this.slot];
    this.current.reset();
    if (this.validSlots < RING - 1) this.validSlots++;
  }

  /** The open interval as a point; `close` also empties it for the next interval. */
  private point(close: boolean): SeriesPoint {
    const h = this.current;
    h.reset();
    for (const row of this.active) h.add(row.interval);
    const ms = (i: number): number | null => (h.count > 0 ? this.pct[i] / 1000 : null);
    h.percentiles(POINT_PERCENTILES, this.pct);
    const point: SeriesPoint = {
      t: this.start,
      users: this.users,
      browserUsers: this.browserUsers,
      requests: this.requests,
      failures: this.failures,
      wireBytes: this.wireBytes,
      decodedBytes: this.decodedBytes,
      p50: ms(0),
      p95: ms(1),
      p99: ms(2),
      max: ms(3),
      histogram: encodeHistogram(h),
      byName: {},
    };
    for (const row of this.active) point.byName[row.key] = this.namePoint(row);
    if (close) this.clearOpenInterval();
    return point;
  }

  /** Empties the open interval: its rows' interval figures and the aggregate counters. */
  private clearOpenInterval(): void {
    for (const row of this.active) {
      row.interval.reset();
      row.intervalRequests = 0;
      row.intervalFailures = 0;
      row.intervalDecodedBytes = 0;
    }
    this.active.length = 0;
    this.requests = 0;
    this.failures = 0;
    this.wireBytes = 0;
    this.decodedBytes = 0;
  }

  private namePoint(row: StatRow): SeriesNamePoint {
    const h = row.interval;
    h.percentiles(POINT_PERCENTILES, this.pct);
    const ms = (i: number): number | null => (h.count > 0 ? this.pct[i] / 1000 : null);
    return { requests: row.intervalRequests, failures: row.intervalFailures, decodedBytes: row.intervalDecodedBytes, p50: ms(0), p95: ms(1), p99: ms(2), histogram: encodeHistogram(h) };
  }
}
