/**
 * The demo target's options: the public type, defaults, validation that reports every
 * problem at once, and the path patterns the misconfiguration options take.
 */

export interface DemoTargetOptions {
  /** 0 picks a free port. Default 0 here; the CLI defaults to 8000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** JWT login; default admin / adminpass. */
  username?: string;
  password?: string;
  /** X-API-Key value; default demo-api-key. */
  apiKey?: string;
  /** false: never compress anything. Default true. */
  gzip?: boolean;
  /** Paths never compressed: exact paths, or prefixes ending in `*`. */
  noGzipFor?: string[];
  /** Path (exact or prefix ending in `*`) -> Cache-Control value; '' removes the header. */
  cacheControl?: Record<string, string>;
  /** false: no ETag or Last-Modified anywhere, so never a 304. Default true. */
  validators?: boolean;
  /** Added before every response, in milliseconds. */
  latencyMs?: number;
  /** Path (exact or prefix ending in `*`) -> latency; replaces latencyMs for those paths. */
  latencyFor?: Record<string, number>;
  /** Up to this many extra milliseconds, uniformly at random, on every response. */
  jitterMs?: number;
  /** Share (0–1) of /api/* responses that become 500s. */
  errorRate?: number;
  /** The whole server stops answering for `ms` every `everySeconds`, counted from start. */
  stall?: { ms: number; everySeconds: number };
  /** Exact path -> Location: that path answers 302 to it (a relative Location stays relative). */
  redirects?: Record<string, string>;
  /** Apache mod_deflate style: compressed responses get `-gzip` appended to their ETag, never matched back. */
  etagSuffixGzip?: boolean;
  /** Every response gets a new ETag, so If-None-Match never matches (a per-request or per-server ETag). */
  perRequestEtag?: boolean;
  /** false: compressed responses carry no `Vary: Accept-Encoding`. Default true. */
  vary?: boolean;
  /** false: static assets carry no Cache-Control (validators only: heuristic freshness). Default true. */
  maxAge?: boolean;
  /** Static assets get `Expires` this many seconds ahead and no Cache-Control; null: as usual. */
  expiresS?: number | null;
  /** false: no /api routes (a static site: every /api path answers 404). Default true. */
  api?: boolean;
  /** Seeds the data, the pages and the injected faults. Default 42. */
  seed?: number;
  /** Serve HTTPS with a self-signed certificate made at start (tls.ts). Default false. */
  tls?: boolean;
  /** Serve HTTP/2 (over TLS, as browsers speak it; HTTP/1.1 still accepted). Needs `tls`. Default false. */
  http2?: boolean;
}

export type ResolvedOptions = Required<Omit<DemoTargetOptions, 'stall'>> & {
  stall: DemoTargetOptions['stall'] | undefined;
};

export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  username: 'admin',
  password: 'adminpass',
  apiKey: 'demo-api-key',
  seed: 42,
} as const;

export function resolveOptions(options: DemoTargetOptions = {}): ResolvedOptions {
  return {
    port: options.port ?? DEFAULTS.port,
    host: options.host ?? DEFAULTS.host,
    username: options.username ?? DEFAULTS.username,
    password: options.password ?? DEFAULTS.password,
    apiKey: options.apiKey ?? DEFAULTS.apiKey,
    gzip: options.gzip ?? true,
    noGzipFor: options.noGzipFor ?? [],
    cacheControl: options.cacheControl ?? {},
    validators: options.validators ?? true,
    latencyMs: options.latencyMs ?? 0,
    latencyFor: options.latencyFor ?? {},
    jitterMs: options.jitterMs ?? 0,
    errorRate: options.errorRate ?? 0,
    stall: options.stall,
    redirects: options.redirects ?? {},
    etagSuffixGzip: options.etagSuffixGzip ?? false,
    perRequestEtag: options.perRequestEtag ?? false,
    vary: options.vary ?? true,
    maxAge: options.maxAge ?? true,
    expiresS: options.expiresS ?? null,
    api: options.api ?? true,
    seed: options.seed ?? DEFAULTS.seed,
    tls: options.tls ?? false,
    http2: options.http2 ?? false,
  };
}

function isMs(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 600_000;
}

function checkPath(path: string): string | null {
  return path.startsWith('/') ? null : `path "${path}" must start with "/"`;
}

/** Every problem with the options, each naming the option and the fix; [] when valid. */
export function validateOptions(o: ResolvedOptions): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) problems.push(`--port must be an integer from 0 to 65535, got ${o.port}`);
  if (o.host.trim() === '') problems.push('--host must not be empty');
  if (o.username === '') problems.push('--username must not be empty');
  if (o.password === '') problems.push('--password must not be empty');
  if (o.apiKey === '') problems.push('--api-key must not be empty');
  for (const path of o.noGzipFor) {
    const bad = checkPath(path);
    if (bad) problems.push(`--no-gzip-for: ${bad}`);
  }
  for (const path of Object.keys(o.cacheControl)) {
    const bad = checkPath(path);
    if (bad) problems.push(`--cache-control: ${bad}`);
  }
  if (!isMs(o.latencyMs)) problems.push(`--latency must be milliseconds from 0 to 600000, got ${o.latencyMs}`);
  for (const [path, ms] of Object.entries(o.latencyFor)) {
    const bad = checkPath(path);
    if (bad) problems.push(`--latency-for: ${bad}`);
    if (!isMs(ms)) problems.push(`--latency-for ${path}: milliseconds must be from 0 to 600000, got ${ms}`);
  }
  if (!isMs(o.jitterMs)) problems.push(`--jitter must be milliseconds from 0 to 600000, got ${o.jitterMs}`);
  if (!(o.errorRate >= 0 && o.errorRate <= 1)) problems.push(`--error-rate must be a fraction from 0 to 1, got ${o.errorRate}`);
  if (o.stall) {
    const { ms, everySeconds } = o.stall;
    if (!(Number.isFinite(ms) && ms > 0)) problems.push(`--stall: the stall must last more than 0 ms, got ${ms}`);
    if (!(Number.isFinite(everySeconds) && everySeconds > 0)) problems.push(`--stall: the period must be more than 0 s, got ${everySeconds}`);
    else if (ms >= everySeconds * 1000) problems.push(`--stall: a ${ms} ms stall every ${everySeconds} s never ends; make it shorter than the period`);
  }
  for (const [from, to] of Object.entries(o.redirects)) {
    const bad = checkPath(from);
    if (bad) problems.push(`--redirect: ${bad}`);
    if (to === '') problems.push(`--redirect ${from}: the target must not be empty`);
  }
  if (o.expiresS !== null && !(Number.isFinite(o.expiresS) && o.expiresS >= 0)) problems.push(`--expires must be a duration of 0 s or more (30s, 1h, 7d), got ${o.expiresS}`);
  if ((o.etagSuffixGzip || o.perRequestEtag) && !o.validators) problems.push('--etag-suffix-gzip and --per-request-etag change the ETag that --no-validators removes; leave one out');
  if (o.http2 && !o.tls) problems.push('--http2 is served over TLS only, as browsers speak it; add --tls');
  if (!Number.isInteger(o.seed)) problems.push(`--seed must be an integer, got ${o.seed}`);
  return problems;
}

/**
 * A lookup over path patterns: an exact path, or a prefix ending in `*`. Exact patterns win,
 * then the longest prefix. Returns undefined when no pattern matches.
 */
export function pathLookup<T>(patterns: Record<string, T>): (path: string) => T | undefined {
  const exact = new Map<string, T>();
  const prefixes: [string, T][] = [];
  for (const [pattern, value] of Object.entries(patterns)) {
    if (pattern.endsWith('*')) prefixes.push([pattern.slice(0, -1), value]);
    else exact.set(pattern, value);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return (path) => {
    const hit = exact.get(path);
    if (hit !== undefined) return hit;
    for (const [prefix, value] of prefixes) if (path.startsWith(prefix)) return value;
    return undefined;
  };
}

/** The path of a request URL, without the query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
