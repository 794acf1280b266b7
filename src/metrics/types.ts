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

/**
 * One finished request or page view. A user fills one record of its own and hands it over for
 * each sample (the recorder copies what it keeps), so recording allocates nothing per request.
 */
export interface Sample {
  handle: StatHandle;
  /** From the intended start in the open model, from the send otherwise; µs, -1 when unknown. */
  latencyUs: number;
  /** From the real send, open model only; -1 otherwise. */
  uncorrectedUs: number;
  /** 0 when no response arrived. */
  status: number;
  /** Body bytes as received, and after decoding. */
  wireBytes: number;
  decodedBytes: number;
  /** null for a success; else a short message ("HTTP 500", "connection refused (ECONNREFUSED)"). */
  error: string | null;
  /** A request that opened its connection: the TCP connect and the TLS handshake, µs; -1 otherwise. */
  connectUs?: number;
  tlsUs?: number;
}

/** What one response answered with, for the audit; reusable like a Sample. */
export interface ResponseObservation {
  handle: StatHandle;
  headers: ResponseHeaderView;
  status: number;
  wireBytes: number;
  decodedBytes: number;
  /** From the send, µs; -1 when unknown. Kept per X-Cache value (a cache's MISS vs HIT). */
  latencyUs: number;
}

/** A blank record for `handle`, to be filled and reused. */
export function newSample(handle: StatHandle): Sample {
  return { handle, latencyUs: -1, uncorrectedUs: -1, status: 0, wireBytes: 0, decodedBytes: 0, error: null };
}

/**
 * How a user-code exception is keyed: "Name: first line of the message" ("TypeError: x is
 * undefined"), the same for protocol and browser users, like Locust's repr of the exception.
 */
export function describeException(error: unknown): { message: string; traceback: string } {
  const e = error instanceof Error ? error : new Error(String(error));
  const message = `${e.name}: ${e.message.split('\n')[0]}`;
  return { message, traceback: e.stack ?? message };
}

export interface Recorder {
  /** Resolves a row; past the distinct-name cap returns a shared overflow row and warns once. */
  handle(type: string, method: string, name: string): StatHandle;
  /** One finished request or page view, a success when `error` is null. */
  record(sample: Readonly<Sample>): void;
  /**
   * A request (or view) cut by the run's stop before it ended: counted apart, as `cutAtStop`,
   * never as a success or a failure (our shutdown is not the server's fault).
   */
  recordCut(handle: StatHandle): void;
  /** Response headers for the audit; cheap when they repeat. */
  observeResponse(observation: Readonly<ResponseObservation>): void;
  /** A user-code exception (flow bug), grouped by message (see describeException). */
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
