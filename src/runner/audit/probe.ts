/**
 * The one-shot audit: no load, only what it takes to see the server's compression and caching
 * from outside. Each API route is called twice by one protocol user (the repeat conditional, with
 * the validators of the first answer); then one browser user loads every page cold (empty cache)
 * and warm (same context) through the browser pool. Both record into a MetricsRecorder like a run,
 * so buildAudit judges exactly what it judges at the end of a run.
 */
import type { BrowserUsers } from '../../flow-api/api.js';
import { startBrowserUsers } from '../../browser/pool.js';
import { MetricsRecorder } from '../../metrics/recorder.js';
import { createAuth, type AuthSettings } from '../../protocol/auth.js';
import { VirtualUser } from '../../protocol/user.js';
import type { BrowserSection, FailureEntry } from '../../schema/summary.js';
import { TOOL_VERSION } from '../../version.js';
import { collectBodies } from './bodies.js';
import { buildAudit, type AuditInput } from '../../audit/build.js';
import type { ApiRoute } from './routes.js';
import type { AuditSection, RepeatTiming } from '../../schema/audit.js';

export interface AuditProbeOptions {
  /** Origin of the system under test. */
  host: string;
  auth: AuthSettings;
  /** Browser pages to view cold then warm; [] for none. */
  pages: string[];
  /** API routes to call, then repeat conditionally; [] for none. */
  routes: ApiRoute[];
  requestTimeoutMs: number;
  executablePath?: string;
  /** Longest the browser views may take together (default 120 s). */
  browserTimeoutMs?: number;
}

export interface AuditProbeResult {
  audit: AuditSection;
  /** Requests and page views that failed (HTTP errors, timeouts, login). */
  failures: FailureEntry[];
  /** What the audit was built from (tests rebuild it, e.g. without bodies). */
  input: AuditInput;
}

export interface RoutesProbe {
  repeats: RepeatTiming[];
  /** First response's decoded body per route name. */
  bodies: Map<string, Buffer>;
  /** The credentials as request headers (for fetching bodies of API URLs). */
  authHeaders: Record<string, string>;
}

const first = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null));

/** One call per route and a conditional repeat, recorded into `recorder`; timings and first bodies. */
export async function probeRoutes(opts: Omit<AuditProbeOptions, 'pages'>, recorder: MetricsRecorder): Promise<RoutesProbe> {
  const repeats: RepeatTiming[] = [];
  const bodies = new Map<string, Buffer>();
  const auth = createAuth(opts.auth);
  const user = new VirtualUser(
    1,
    { origin: opts.host, requestTimeoutMs: opts.requestTimeoutMs, revalidateAll: true, openModel: false, userAgent: `browse-load/${TOOL_VERSION} (audit)` },
    recorder,
    auth,
    1,
  );
  try {
    if (auth.kind === 'jwt' && opts.routes.length > 0) await user.login();
    for (const route of opts.routes) {
      const request = { name: route.name, ...(route.query ? { query: route.query } : {}) };
      const t0 = performance.now();
      const firstRes = await user.get(route.path, request);
      const t1 = performance.now();
      const repeatRes = await user.get(route.path, request);
      const t2 = performance.now();
      if (firstRes.status > 0 && firstRes.status < 400 && firstRes.decodedBytes > 0) bodies.set(route.name, Buffer.from(firstRes.text(), 'utf8'));
      if (firstRes.status > 0 && repeatRes.status > 0) {
        repeats.push({ name: route.name, firstMs: t1 - t0, repeatMs: t2 - t1, firstXCache: first(firstRes.headers['x-cache']), repeatXCache: first(repeatRes.headers['x-cache']) });
      }
    }
  } finally {
    await user.close(false);
  }
  const authHeaders: Record<string, string> = {};
  auth.apply(authHeaders, user.session);
  return { repeats, bodies, authHeaders };
}

/** A browser flow that views each page once (cold, then warm) and then idles until stopped. */
function viewPagesOnce(pages: string[]): { flow: BrowserUsers; done: Promise<void> } {
  let started = false;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    done,
    flow: {
      async run(user) {
        if (started) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return;
        }
        started = true;
        try {
          for (const page of pages) await user.visit(page);
        } finally {
          finish();
        }
      },
    },
  };
}

/** Each page viewed cold then warm by one browser user, recorded into `recorder`. */
export async function probeBrowser(opts: Pick<AuditProbeOptions, 'host' | 'pages' | 'executablePath' | 'browserTimeoutMs'>, recorder: MetricsRecorder): Promise<BrowserSection> {
  const { flow, done } = viewPagesOnce(opts.pages);
  const run = await startBrowserUsers({
    host: opts.host, users: 1, spawnRate: 100, views: ['cold', 'warm'], flow, recorder, executablePath: opts.executablePath,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, opts.browserTimeoutMs ?? 120_000)))]);
  } finally {
    clearTimeout(timer);
    await run.stop(5000);
  }
  return run.section(false);
}

export async function probeAudit(opts: AuditProbeOptions): Promise<AuditProbeResult> {
  const recorder = new MetricsRecorder();
  const { repeats, bodies, authHeaders } = await probeRoutes(opts, recorder);
  const browser = opts.pages.length > 0 ? await probeBrowser(opts, recorder) : undefined;
  const fetched = await collectBodies(browser, { origin: opts.host, headers: authHeaders, timeoutMs: opts.requestTimeoutMs });
  for (const [url, body] of fetched) bodies.set(url, body);
  const snapshot = recorder.snapshot();
  const input: AuditInput = { stats: snapshot.stats, browser, bodies, revalidate: opts.routes.length > 0, exactRepeats: true, repeats };
  return { audit: buildAudit(input), failures: snapshot.failures, input };
}
