/**
 * One browser user: a context and a page of its own. Each visit is measured once per view: a cold
 * view is a first visit, in a new context (no cookies, an empty cache, no open connection, a new
 * renderer: it pays the connection set-up a first visit pays), a warm view a repeat visit of the
 * same page in the same context right after. A flow that scripts the page (`run`) holds its page
 * for the whole iteration, so its iteration begins in a new context, and each cold view clears
 * the cache and cookies through CDP. Without cold views a context is reused and replaced every
 * `recycleEvery` iterations (a reused context's memory grows); any context is replaced after a
 * renderer crash, or when the browser was relaunched.
 */
import type { BrowserContext } from 'playwright';
import type { BrowserUserContext, BrowserUsers } from '../flow-api/api.js';
import { describeException, type Recorder, type ResponseHeaderView, type StatHandle } from '../metrics/types.js';
import type { BrowserHost } from './launcher.js';
import type { NetworkProfile } from '../schema/summary.js';
import { profileTag } from '../config/network-profiles.js';
import { contextOptions } from './context-options.js';
import { INP_OBSERVER_SCRIPT, readInp } from './inp.js';
import { within } from './bounded.js';
import type { EvidenceKeeper } from './evidence.js';
import { overLimit } from './view-limits.js';
import type { ThresholdSpec } from '../config/thresholds.js';
import { viewName, type PageBook } from './page-book.js';
import { RESOURCE_BUFFER_SCRIPT } from './page-timing.js';
import { BrowserClosedError, PageCrashedError, PageProbe, type View, type ViewOptions, type ViewOutcome } from './view.js';

export const DEFAULT_PAGES = ['/', '/dashboard/'] as const;

/** A view cut by the run's end after waiting this long for its load event counts as a hung page. */
const HUNG_VIEW_MS = 5000;

/**
 * A context closes in 15–70 ms, even with a document still loading (measured); past this bound a
 * close stops holding the user and finishes in the background (the browser's close ends it).
 */
const CLOSE_BOUND_MS = 2000;

/** Thrown inside a user's flow once the pool stops; ends the iteration quietly. */
export class StopSignal extends Error {
  constructor() {
    super('browser users stopping');
    this.name = 'StopSignal';
  }
}

/** What every user of a pool shares. */
export interface UserRuntime {
  host: BrowserHost;
  baseUrl: string;
  views: readonly View[];
  flow: BrowserUsers;
  recorder: Recorder;
  book: PageBook;
  /** Screenshots (and traces) of failed views, capped per run. */
  evidence: EvidenceKeeper;
  /** The page thresholds one view can be over (view-limits.ts). */
  viewLimits: readonly ThresholdSpec[];
  recycleEvery: number;
  viewport: { width: number; height: number };
  /** `--insecure`: contexts accept a self-signed certificate (context-options.ts). */
  insecure: boolean;
  viewOptions: ViewOptions;
  stopping(): boolean;
  /** Bumped by resetStats(): views that began before it are not recorded. */
  statsEpoch(): number;
  /** Waits ms, or less when the pool stops. */
  sleep(ms: number): Promise<void>;
}

/** Locust's rule: a path is appended to the host, base path included; absolute URLs stay. */
export function resolveUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

const headerView = (h: Record<string, string>): ResponseHeaderView => ({
  contentType: h['content-type'], contentEncoding: h['content-encoding'], cacheControl: h['cache-control'], expires: h.expires,
  etag: h.etag, lastModified: h['last-modified'], vary: h.vary, age: h.age, xCache: h['x-cache'],
});

export class BrowserUser {
  private context: BrowserContext | null = null;
  private probe: PageProbe | null = null;
  private contextGeneration = 0;
  private iterationsInContext = 0;
  /** No view was measured in this context yet: a cold view needs no new one. */
  private untouched = false;
  /** Pages already loaded in this context (a warm-only view needs one load before it). */
  private primed = new Set<string>();
  private handles = new Map<string, StatHandle>();
  private countedCrash: PageProbe | null = null;
  /** The row of the last view a scripted flow measured: its INP is read when the flow moves on. */
  private awaitingInp: string | null = null;
  private readonly tag: string;

  private readonly flow: BrowserUsers;

  constructor(
    readonly id: number,
    private readonly rt: UserRuntime,
    readonly random: () => number,
    /** The user's network and CPU profile; undefined for the default (no emulation). */
    private readonly profile?: NetworkProfile,
  ) {
    this.flow = rt.flow;
    this.tag = profile ? profileTag(profile) : '';
  }

  async run(): Promise<void> {
    const { flow, rt } = this;
    const pages = flow.pages ?? DEFAULT_PAGES;
    while (!rt.stopping()) {
      try {
        if (flow.run) {
          // The flow holds this page for the whole iteration: the iteration is the first visit.
          const probe = await this.ensureContext(this.rt.views.includes('cold'));
          this.untouched = false;
          const started = performance.now();
          await flow.run(this.flowContext(probe));
          await this.takeInp(probe);
          await this.think(started);
        } else {
          for (const path of pages) {
            const started = performance.now();
            await this.visit(await this.ensureContext(), path);
            await this.think(started);
          }
        }
        this.iterationsInContext++;
      } catch (error) {
        await this.recover(error);
      }
      // A flow that never waits on I/O would otherwise spin on microtasks and starve the timers.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.closeContext();
  }

  /** Measures path once per view, under the stats names "<name> [cold]" / "<name> [warm]". */
  async visit(given: PageProbe, path: string, name = path): Promise<void> {
    let probe = given;
    if (path === 'about:blank') {
      await this.takeInp(probe);
      await probe.page.goto('about:blank');
      return;
    }
    const url = resolveUrl(this.rt.baseUrl, path);
    for (const view of this.rt.views) {
      if (this.rt.stopping()) throw new StopSignal();
      // The view begins with its preparation (a new context for a cold one): a reset during it drops the view.
      const epoch = this.rt.statsEpoch();
      probe = await this.prepareView(probe, view, url);
      const started = performance.now();
      this.untouched = false;
      let outcome: ViewOutcome;
      try {
        await this.rt.evidence.viewStarting(probe.page.context());
        outcome = await probe.measure(url, view, this.rt.viewOptions);
      } catch (error) {
        const counted = epoch === this.rt.statsEpoch();
        const crash = error instanceof PageCrashedError || error instanceof BrowserClosedError;
        if (crash && !this.rt.stopping() && counted) {
          // A failed view under the taxonomy's name; recover() then replaces the page or waits for the relaunched browser.
          this.recordFailure(viewName(name, view, this.tag), performance.now() - started, error.message);
        } else if (this.rt.stopping() && counted) this.rt.recorder.recordCut(this.handle(viewName(name, view, this.tag)));
        throw error;
      }
      if (epoch !== this.rt.statsEpoch()) continue;
      if (this.rt.stopping() && outcome.documentFailed) {
        // Cut by the run's end. A view that had waited long for its load event is a hung page,
        // which must show even in a run shorter than the navigation timeout; a short one is ours, cut at stop.
        const waitedMs = performance.now() - started;
        if (waitedMs >= HUNG_VIEW_MS) {
          this.recordFailure(viewName(name, view, this.tag), waitedMs, `no load event after ${Math.round(waitedMs / 1000)} s, when the run stopped`);
        } else this.rt.recorder.recordCut(this.handle(viewName(name, view, this.tag)));
        continue;
      }
      const row = viewName(name, outcome.view, this.tag);
      const error = outcome.error ?? overLimit({ row, durationMs: outcome.durationMs, metrics: outcome.metrics }, this.rt.viewLimits);
      await this.rt.evidence.viewEnded(probe.page, { row, error, stalled: outcome.stalled });
      this.record(name, outcome);
      this.awaitingInp = this.flow.run ? viewName(name, outcome.view, this.tag) : null;
    }
  }

  /** Before a view: the previous view's INP, then a first visit's new context, or a warm-only view's priming load. */
  private async prepareView(probe: PageProbe, view: View, url: string): Promise<PageProbe> {
    await this.takeInp(probe);
    let ready = probe;
    // A scripted flow's page stays its own: its cold views clear the cache and cookies instead.
    if (view === 'cold' && this.flow.run) await probe.capture.clearCache();
    else if (view === 'cold') ready = await this.ensureContext(true);
    else if (!this.rt.views.includes('cold') && !this.primed.has(url)) {
      await probe.page.goto(url, { timeout: this.rt.viewOptions.navigationTimeoutMs }).catch(() => undefined);
    }
    this.primed.add(url);
    return ready;
  }

  /** Records the INP of the view the flow interacted with, before the page is left. */
  private async takeInp(probe: PageProbe): Promise<void> {
    const row = this.awaitingInp;
    if (row === null) return;
    this.awaitingInp = null;
    const epoch = this.rt.statsEpoch();
    const inp = await readInp(probe.page);
    if (epoch === this.rt.statsEpoch() && !this.rt.stopping()) this.rt.book.recordInteraction(row, inp);
  }

  private record(name: string, outcome: ViewOutcome): void {
    const h = this.handle(viewName(name, outcome.view, this.tag));
    let wire = 0;
    let decoded = 0;
    for (const r of outcome.resources) {
      wire += r.wireBytes;
      decoded += r.decodedBytes;
    }
    const recorder = this.rt.recorder;
    const status = outcome.status ?? 0;
    const latencyUs = Math.round(outcome.durationMs * 1000);
    recorder.record({ handle: h, latencyUs, uncorrectedUs: -1, status, wireBytes: wire, decodedBytes: decoded, error: outcome.error });
    const doc = outcome.resources.find((r) => r.isDocument);
    if (doc) {
      const { wireBytes, decodedBytes } = doc;
      recorder.observeResponse({ handle: h, headers: headerView(doc.headers), status, wireBytes, decodedBytes, latencyUs: -1 });
    }
    this.rt.book.record(name, outcome, this.profile);
  }

  /** A view that ended without a page to measure: no status, no bytes. */
  private recordFailure(name: string, waitedMs: number, error: string): void {
    this.rt.recorder.record({ handle: this.handle(name), latencyUs: Math.round(waitedMs * 1000), uncorrectedUs: -1, status: 0, wireBytes: 0, decodedBytes: 0, error });
  }

  private handle(name: string): StatHandle {
    let h = this.handles.get(name);
    if (!h) {
      h = this.rt.recorder.handle('PAGE', 'GET', name);
      this.handles.set(name, h);
    }
    return h;
  }

  private flowContext(probe: PageProbe): BrowserUserContext {
    return {
      id: this.id,
      page: probe.page,
      visit: (path, opts) => this.visit(probe, path, opts?.name ?? path),
      random: this.random,
    };
  }

  private async think(startedAt: number): Promise<void> {
    const wait = this.rt.flow.wait;
    if (!wait || this.rt.stopping()) return;
    const seconds = wait.next((performance.now() - startedAt) / 1000, this.random);
    if (seconds > 0) await this.rt.sleep(seconds * 1000);
  }

  /** The user's page; with firstVisit, in a context no view has used yet. */
  private async ensureContext(firstVisit = false): Promise<PageProbe> {
    const host = this.rt.host;
    const stale =
      this.probe !== null &&
      ((firstVisit && !this.untouched) || this.contextGeneration !== host.generation || this.probe.isCrashed || this.probe.page.isClosed() ||
        this.iterationsInContext >= this.rt.recycleEvery);
    if (this.probe?.isCrashed) this.countCrash(this.probe);
    if (stale) await this.closeContext();
    if (this.probe) return this.probe;
    // A context whose page never opened (its set-up threw) is closed before a new one replaces it.
    if (this.context) await this.closeContext();
    const browser = await host.current();
    const generation = host.generation;
    const context = await browser.newContext(contextOptions(this.rt));
    this.context = context;
    await context.addInitScript(RESOURCE_BUFFER_SCRIPT);
    await this.rt.evidence.contextOpened(context);
    if (this.flow.run) await context.addInitScript(INP_OBSERVER_SCRIPT);
    this.probe = await PageProbe.open(context, this.profile);
    this.contextGeneration = generation;
    this.iterationsInContext = 0;
    this.untouched = true;
    this.primed.clear();
    return this.probe;
  }

  /**
   * Closes the user's context before another opens: a close overlapped with the next context's
   * opening made both slower (new page 72 → 130 ms, close 23 → 40 ms, fewer views a second).
   */
  private async closeContext(): Promise<void> {
    const context = this.context;
    this.context = null;
    this.probe = null;
    if (context) await within(context.close(), CLOSE_BOUND_MS, undefined);
  }

  /** Counts a crashed page once, whether its crash surfaced as an error or between visits. */
  private countCrash(probe: PageProbe): void {
    if (this.countedCrash === probe) return;
    this.countedCrash = probe;
    this.rt.book.crashes.pages++;
  }

  /** After an iteration threw: a crash gets a new context, a flow bug is recorded as an exception. */
  private async recover(error: unknown): Promise<void> {
    if (error instanceof StopSignal || this.rt.stopping()) return;
    const probe = this.probe;
    // Wait for a crash event first: it trails the error, and so does the browser's disconnect.
    const crashed = error instanceof PageCrashedError || (probe !== null && (await probe.crashedWithin(250)));
    const browserGone = !(this.context?.browser()?.isConnected() ?? false) || this.contextGeneration !== this.rt.host.generation;
    if (this.rt.stopping()) return;
    if (browserGone) {
      await this.closeContext();
      if (this.rt.host.broken) throw error;
      await this.rt.sleep(100);
      return;
    }
    if (crashed) {
      if (probe) this.countCrash(probe);
      await this.closeContext();
      return;
    }
    const { message, traceback } = describeException(error);
    this.rt.recorder.exception(message, traceback);
    await this.rt.sleep(1000);
  }
}
