/**
 * The contract between the users that produce samples and the metrics that hold them.
 * Users record into a recorder they own (one per worker); figures only ever meet by merging
 * recorder snapshots, so a run spread over threads or machines merges without loss.
 */
import type { ExceptionEntry, FailureEntry, ResponseProfile, SeriesPoint, StatEntry } from '../schema/summary.js';

/** A resolved (type, method, name) row; resolve once, record many times (no per-request lookup). */
export interface StatHandle {
  readonly key: string;
  readonly type: string;
  readonly method: string;
  readonly name: string;
}

/** The response headers the audit needs, already lower-cased; absent ones are undefined. */
export interface ResponseHeaderView {
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  expires?: string;
  etag?: string;
  lastModified?: string;
  vary?: string;
  age?: string;
  xCache?: string;
  /** The request carried If-None-Match / If-Modified-Since (a conditional GET of a URL seen before). */
  conditionalRequest?: boolean;
}

export interface Recorder {
  /** Resolves a row; past the distinct-name cap returns a shared overflow row and warns once. */
  handle(type: string, method: string, name: string): StatHandle;
  /**
   * One finished request. `latencyUs` is measured from the intended start in the open model
   * (from the send otherwise); `uncorrectedUs` from the real send, open model only (else -1).
   */
  success(h: StatHandle, latencyUs: number, uncorrectedUs: number, status: number, wireBytes: number, decodedBytes: number): void;
  /** One failed request (error is a short message, e.g. "HTTP 500", "ECONNREFUSED"). */
  failure(h: StatHandle, latencyUs: number, uncorrectedUs: number, status: number, error: string, wireBytes: number, decodedBytes: number): void;
  /**
   * Response headers for the audit; cheap when they repeat. `latencyUs` (from the send; -1 when
   * unknown) is kept per X-Cache value, so a server cache's MISS and HIT latencies can be told apart.
   */
  observeResponse(h: StatHandle, headers: ResponseHeaderView, status: number, wireBytes: number, decodedBytes: number, latencyUs?: number): void;
  /** A user-code exception (flow bug), grouped by message. */
  exception(message: string, traceback: string): void;
  /** Users active now (sampled into the time series). */
  setUsers(protocolUsers: number, browserUsers: number): void;
}

/** Everything a recorder holds, serialisable, mergeable. */
export interface MetricsSnapshot {
  startedAt: number;
  endedAt: number;
  stats: StatEntry[];
  aggregate: StatEntry;
  series: SeriesPoint[];
  intervalMs: number;
  failures: FailureEntry[];
  exceptions: ExceptionEntry[];
  statusCodes: Record<string, number>;
  warnings: string[];
}

export type { ResponseProfile };
