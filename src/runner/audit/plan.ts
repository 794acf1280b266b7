/**
 * The one-shot audit as a short run of the runner: a RunConfig of one protocol user (closed
 * model, conditional repeats on) and one browser user (cold and warm views), no thresholds, no
 * warm-up, quiet; and a Flow whose protocol user calls each route once and once more
 * conditionally, and whose browser user then views each page once. The run stops when both are
 * done (stoppedBy 'iterations'), at the latest at the time bound; its audit section comes from the
 * same stage as any run's (summary.json's `audit`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthSettings, RunConfig } from '../../config/run-config.js';
import { RUN_CONTROL_DEFAULTS } from '../../config/run-control.js';
import { TARGET_AUTH_DEFAULTS, type TransportSettings } from '../../config/target-auth.js';
import { UsageError } from '../../errors.js';
import type { BrowserUsers, Flow, HttpClient, ProtocolUsers, WaitTime } from '../../flow-api/api.js';
import type { OneShot } from '../one-shot.js';
import { runLoadTest, type RunOutcome } from '../run.js';
import type { ApiRoute } from './routes.js';
import { protocolProbeTarget } from './validators.js';

/** The longest an audit may take, as before it ran through the runner. */
export const AUDIT_TIME_BOUND_S = 120;

export interface AuditPlanOptions {
  /** Origin of the system under test. */
  host: string;
  auth: AuthSettings;
  /** Browser pages to view cold then warm; [] for none. */
  pages: string[];
  /** API routes to call, then repeat conditionally; [] for none. */
  routes: ApiRoute[];
  requestTimeoutMs: number;
  /** --max-redirects (default TARGET_AUTH_DEFAULTS.maxRedirects). */
  maxRedirects?: number;
  /** --insecure, --http2: how the users' connections speak to the target. */
  transport?: TransportSettings;
  executablePath?: string;
  /** The run folder for summary.json; null: a temporary one, removed when the audit is done. */
  resultsDir: string | null;
  /** The --flows file the pages and routes came from (null: the default flow, or none). */
  flowFile?: string | null;
  /** What summary.json names as the flow: the flow file read, or the options that stood in for it (default 'audit'). */
  flowSource?: string;
  /** Stop here even when the plan is not done (default AUDIT_TIME_BOUND_S). */
  timeBoundS?: number;
}

export interface AuditPlan {
  config: RunConfig;
  flow: Flow;
  oneShot: OneShot;
}

/** A user that has done its part waits until the run stops (a stop ends every wait at once). */
const IDLE: WaitTime = { kind: 'constant', describe: 'idle until the audit stops', next: () => 3600 };

/** Resolves once `finish` is called. */
function signal(): { promise: Promise<void>; finish: () => void } {
  let finish!: () => void;
  const promise = new Promise<void>((resolve) => (finish = resolve));
  return { promise, finish };
}

const first = (value: string | string[] | undefined): string | null => (Array.isArray(value) ? value[0] : value) ?? null;

/** A route called once, then again with the first answer's validators (the config's revalidate). */
/** The absolute URL of a route, as the protocol user asked it (host with its base path, path, query). */
function routeUrl(host: string, route: ApiRoute): string {
  const url = new URL(`${host.replace(/\/$/, '')}${route.path}`);
  for (const [k, v] of Object.entries(route.query ?? {})) url.searchParams.set(k, String(v));
  return url.toString();
}

async function callTwice(http: HttpClient, host: string, route: ApiRoute, record: OneShot): Promise<void> {
  const request = { name: route.name, ...(route.query ? { query: route.query } : {}) };
  const t0 = performance.now();
  const firstRes = await http.get(route.path, request);
  const t1 = performance.now();
  const repeatRes = await http.get(route.path, request);
  const t2 = performance.now();
  if (firstRes.status > 0 && firstRes.status < 400 && firstRes.decodedBytes > 0) record.bodies.set(route.name, Buffer.from(firstRes.text(), 'utf8'));
  const target = firstRes.status === 200 ? protocolProbeTarget(route.name, routeUrl(host, route), firstRes.headers) : null;
  if (target) record.probeTargets.push(target);
  if (firstRes.status > 0 && repeatRes.status > 0) {
    record.repeats.push({ name: route.name, firstMs: t1 - t0, repeatMs: t2 - t1, firstXCache: first(firstRes.headers['x-cache']), repeatXCache: first(repeatRes.headers['x-cache']) });
  }
}

function routesOnce(host: string, routes: ApiRoute[], record: OneShot, finish: () => void): ProtocolUsers {
  let started = false;
  const run = async (user: { http: HttpClient }) => {
    if (started) return;
    started = true;
    try {
      for (const route of routes) await callTwice(user.http, host, route, record);
    } finally {
      finish();
    }
  };
  return { tasks: [{ name: 'audit: each route twice', run }], wait: IDLE };
}

/** After the routes, so a page's own API calls do not warm the server cache a first call measures. */
function pagesOnce(pages: string[], after: Promise<void>, finish: () => void): BrowserUsers {
  let started = false;
  return {
    pages,
    wait: IDLE,
    async run(user) {
      if (started) return;
      started = true;
      try {
        await after;
        for (const page of pages) await user.visit(page);
      } finally {
        finish();
      }
    },
  };
}

export function auditPlan(opts: AuditPlanOptions): AuditPlan {
  const { pages, routes } = opts;
  if (pages.length === 0 && routes.length === 0) throw new UsageError('nothing to audit: no pages to view (--pages, or leave out --no-browser) and no API routes (--routes)');
  const oneShot: OneShot = { done: Promise.resolve(), repeats: [], bodies: new Map(), probeTargets: [] };
  const routesDone = signal();
  const pagesDone = signal();
  if (routes.length === 0) routesDone.finish();
  if (pages.length === 0) pagesDone.finish();
  oneShot.done = Promise.all([routesDone.promise, pagesDone.promise]).then(() => undefined);
  const flow: Flow = {
    name: 'audit',
    ...(routes.length > 0 ? { protocol: routesOnce(opts.host, routes, oneShot, routesDone.finish) } : {}),
    ...(pages.length > 0 ? { browser: pagesOnce(pages, routesDone.promise, pagesDone.finish) } : {}),
  };
  const config: RunConfig = {
    host: opts.host,
    model: { kind: 'closed', users: routes.length > 0 ? 1 : 0, spawnRate: 1 },
    runTimeS: opts.timeBoundS ?? AUDIT_TIME_BOUND_S,
    warmupS: 0,
    stopTimeoutS: 5,
    flowFile: opts.flowFile ?? null,
    urls: [],
    tags: [],
    excludeTags: [],
    auth: opts.auth,
    browser: { users: pages.length > 0 ? 1 : 0, spawnRate: 1, views: ['cold', 'warm'], executablePath: opts.executablePath },
    thresholds: [],
    resultsDir: opts.resultsDir,
    runId: null,
    csvPrefix: null,
    csvFullHistory: false,
    html: false,
    requestTimeoutMs: opts.requestTimeoutMs,
    maxRedirects: opts.maxRedirects ?? TARGET_AUTH_DEFAULTS.maxRedirects,
    ...opts.transport,
    revalidate: routes.length > 0,
    maxNames: RUN_CONTROL_DEFAULTS.maxNames,
    seed: RUN_CONTROL_DEFAULTS.seed,
    workers: 1,
    quiet: true,
  };
  return { config, flow, oneShot };
}

/**
 * Runs the plan through the runner's timeline and returns its outcome (summary.json's audit
 * section is the audit). Without a results folder the run's folder is a temporary one, removed
 * at the end, so an audit leaves nothing behind.
 */
export async function runAudit(opts: AuditPlanOptions, progressOut: NodeJS.WriteStream = process.stderr): Promise<RunOutcome> {
  const temporary = opts.resultsDir === null ? mkdtempSync(join(tmpdir(), 'browse-load-audit-')) : null;
  try {
    const plan = auditPlan({ ...opts, resultsDir: temporary ?? opts.resultsDir });
    return await runLoadTest({ config: plan.config, flow: plan.flow, flowSource: opts.flowSource ?? 'audit', progressOut, oneShot: plan.oneShot });
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}
