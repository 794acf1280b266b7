/**
 * The flow API: what a flow file (flows/erp.ts, or a user's --flows file) is written in.
 * A flow describes what protocol users and browser users do; the runner decides how many run,
 * when, and for how long. Import it from 'browse-load/flow'.
 */
import type { Page } from 'playwright';

/** Think time: how long a user waits after a task, in seconds (see think.ts for the helpers). */
export interface WaitTime {
  readonly kind: 'between' | 'constant' | 'pacing';
  /** Seconds to wait, given how long the task just took (seconds). */
  next(taskSeconds: number, random: () => number): number;
  readonly describe: string;
}

/** A check turns a response into a failure with a message; return null when it passes. */
export type Check = (res: HttpResponse) => string | null;

export interface RequestOptions {
  /** Groups dynamic URLs in the stats, like Locust's name= ("/api/journal-entries/[id]/"). */
  name?: string;
  query?: Record<string, string | number | boolean>;
  /** JSON body; sets Content-Type: application/json. */
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Statuses that count as success; default: any status below 400. */
  expect?: number | readonly number[];
  /** Further checks; the first message returned fails the request. */
  checks?: readonly Check[];
  /** Send the run's credentials (default true; false for public routes). */
  auth?: boolean;
  /** Send If-None-Match / If-Modified-Since from this user's last 200 response for the same URL. */
  revalidate?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Body bytes as received (encoded), and after decoding. */
  readonly wireBytes: number;
  readonly decodedBytes: number;
  /** True when the status was expected and every check passed. */
  readonly ok: boolean;
  /** The failure message when not ok. */
  readonly error: string | null;
  text(): string;
  json<T = unknown>(): T;
}

export interface HttpClient {
  get(path: string, opts?: RequestOptions): Promise<HttpResponse>;
  post(path: string, opts?: RequestOptions): Promise<HttpResponse>;
  put(path: string, opts?: RequestOptions): Promise<HttpResponse>;
  patch(path: string, opts?: RequestOptions): Promise<HttpResponse>;
  delete(path: string, opts?: RequestOptions): Promise<HttpResponse>;
  request(method: string, path: string, opts?: RequestOptions): Promise<HttpResponse>;
}

export interface UserContext {
  /** 1-based user number within its kind. */
  readonly id: number;
  readonly http: HttpClient;
  /** Per-user state that lives from onStart to onStop (ids created, tokens, …). */
  readonly data: Record<string, unknown>;
  /** Seeded per user, so runs are repeatable. */
  random(): number;
  /** Picks one item of a list at random. */
  pick<T>(items: readonly T[]): T;
  /** This user's share of the run's data, which feeds (`feed(rows)`, feed.ts) take their rows from. */
  readonly stripe: DataStripe;
}

/** One row taken from a feed: its index in the feed's rows and the pass over this part's stripe (0 first). */
export interface RowTake {
  readonly index: number;
  readonly pass: number;
}

/**
 * Where a user's rows come from: the run's split (shards × worker threads) gives each thread a
 * stripe of every feed's rows, which its users take in turn. The runner provides it; flows use
 * feeds rather than calling it.
 */
export interface DataStripe {
  /** The next row of `feed` (of `length` rows) for this thread; null when its stripe holds none. */
  take(feed: object, length: number): RowTake | null;
}

export interface Task {
  name: string;
  /** Relative frequency; default 1. */
  weight?: number;
  tags?: readonly string[];
  run(user: UserContext): Promise<void>;
}

export interface ProtocolUsers {
  tasks: readonly Task[];
  /** Waited after each task; default no wait. */
  wait?: WaitTime;
  onStart?(user: UserContext): Promise<void>;
  onStop?(user: UserContext): Promise<void>;
}

export interface BrowserUserContext {
  readonly id: number;
  /** The Playwright page of this user for the iteration; with cold views each iteration begins in a new context (a first visit). */
  readonly page: Page;
  /** Navigates to path and measures the page visit (timings, vitals, resources). */
  visit(path: string, opts?: { name?: string }): Promise<void>;
  random(): number;
}

export interface BrowserUsers {
  /** Pages visited in order each iteration when `run` is not given. */
  pages?: readonly string[];
  wait?: WaitTime;
  /** Custom script with the page in hand (clicks, forms, waits); call visit() to measure. */
  run?(user: BrowserUserContext): Promise<void>;
}

export interface Flow {
  name: string;
  protocol?: ProtocolUsers;
  browser?: BrowserUsers;
}

/** Identity helper that gives a flow file its types. */
export function defineFlow(flow: Flow): Flow {
  return flow;
}
