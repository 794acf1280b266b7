/**
 * The browser users of a run: one Chromium process, one context per user, started at spawnRate
 * users per second. Page-load durations go to the Recorder as PAGE rows ("/dashboard/ [cold]");
 * the timing phases, web vitals and resources make up the result's browser section.
 */
import type { BrowserUsers } from '../flow-api/api.js';
import type { Recorder } from '../metrics/types.js';
import type { BrowserSection, NetworkProfile } from '../schema/summary.js';
import { isDefaultProfile, NETWORK_PRESETS, profileForUser, type WeightedProfile } from '../config/network-profiles.js';
import { browserSettings } from '../../playwright.config.js';
import { UsageError } from '../errors.js';
import { BrowserHost, resolveExecutable } from './launcher.js';
import { PageBook } from './page-book.js';
import { seededRandom } from '../random.js';
import { BrowserUser, type UserRuntime } from './user.js';
import type { View } from './view.js';
import { EvidenceKeeper, type TraceMode } from './evidence.js';
import { viewLimits } from './view-limits.js';
import type { ThresholdSpec } from '../config/thresholds.js';

/** How long stop() waits for user loops once Chromium is closed. */
const ABANDON_AFTER_CLOSE_MS = 1000;

export interface BrowserUsersOptions {
  /** Base URL, e.g. http://127.0.0.1:PORT. */
  host: string;
  /** >= 1. */
  users: number;
  /** Users started per second. */
  spawnRate: number;
  /**
   * A shard's users: their global numbers (1-based, increasing), each started when the global ramp
   * reaches it; default 1 … users.
   */
  ids?: readonly number[];
  /**
   * `--start-at`, epoch ms: the ramp's clock starts there (Chromium is up before it). User id is
   * due (id - 1) / spawnRate s after it, so a pool that comes up late starts the users already due
   * at once, as the closed model's protocol users do; default: the ramp starts when Chromium is up.
   */
  startAtEpochMs?: number;
  /** Default both, cold first. */
  views: ReadonlyArray<View>;
  /** Default pages ['/', '/dashboard/']. */
  flow: BrowserUsers;
  /** PAGE rows and their failures go here. */
  recorder: Recorder;
  /** Default chromiumPath() from playwright.config.ts. */
  executablePath?: string;
  /** Default browserSettings.recycleContextEvery. */
  recycleEvery?: number;
  seed?: number;
  /** Default browserSettings.navigationTimeoutMs. */
  navigationTimeoutMs?: number;
  /** Network profiles by weight (src/config/network-profiles.ts); default none: unthrottled. */
  network?: readonly WeightedProfile[];
  /** CPU slowdown of every user's page (default 1). */
  cpuSlowdown?: number;
  /** `--insecure`: accept a self-signed certificate (default false). */
  insecure?: boolean;
  /** The run folder: failed views' evidence goes to its evidence/ (default none: not kept). */
  runDir?: string;
  /** `--trace on-failure`: a Playwright trace of each failed view beside its screenshot (default off). */
  trace?: TraceMode;
  /** The run's thresholds: a view over a page threshold keeps evidence as a failed one does (default none). */
  thresholds?: readonly ThresholdSpec[];
  /** Messages for the run's log (relaunches); default none. */
  log?: (message: string) => void;
}

export interface BrowserUsersRun {
  readonly activeUsers: number;
  /** Root pid(s) of Chromium for CPU/RSS sampling. */
  pids(): number[];
  /** Drop everything measured so far (end of warm-up). */
  resetStats(): void;
  /** Stop starting iterations, let in-flight visits finish within graceMs, close Chromium. */
  stop(graceMs: number): Promise<void>;
  /**
   * The live view's change of browser users: more start at once in the same Chromium, the
   * highest-numbered leave after their current page and its think time. A problem as one line.
   */
  resize(target: number): string | null;
  /** The browser section of summary.json; suspect = generator was saturated. */
  section(suspect: boolean): BrowserSection;
}

/**
 * Every problem with what the code (not the user) hands over: the flow and the recycle count;
 * [] when valid. The user's options (host, users, spawn rate, views) are validated once, by the
 * browser option group (src/config/browser-options.ts).
 */
export function validateBrowserUsersOptions(opts: BrowserUsersOptions): string[] {
  const problems: string[] = [];
  if (!opts.flow.run && opts.flow.pages?.length === 0) problems.push('the browser flow has neither pages nor run()');
  if (opts.recycleEvery !== undefined && !(Number.isInteger(opts.recycleEvery) && opts.recycleEvery >= 1)) {
    problems.push(`recycleEvery must be a whole number >= 1 (got ${opts.recycleEvery})`);
  }
  return problems;
}

/**
 * Launches Chromium (CannotRunError when it is missing or does not start; UsageError for a bad
 * flow) and ramps the users up in the background.
 */
export async function startBrowserUsers(opts: BrowserUsersOptions): Promise<BrowserUsersRun> {
  const problems = validateBrowserUsersOptions(opts);
  if (problems.length) throw new UsageError(problems.join('; '));
  const executable = resolveExecutable(opts.executablePath);
  const book = new PageBook(opts.log);
  const host = new BrowserHost(executable, () => book.crashes.browsers++, opts.log);
  await host.start();
  return new BrowserPool(opts, host, book);
}

/** When browser user id (1-based, global) is due, ms after the ramp's start: the first at once. */
export function rampOffsetMs(id: number, spawnRate: number): number {
  return spawnRate > 0 ? ((id - 1) * 1000) / spawnRate : 0;
}

/** A running user's way out: asked to leave (a lower count), and leaving at its next think time. */
interface Seat {
  retire: boolean;
  leaving: boolean;
}

class BrowserPool implements BrowserUsersRun {
  private stopping = false;
  private epoch = 0;
  private running = 0;
  /** The users wanted now (the live view may change it), and each running user's seat by id. */
  private target: number;
  private readonly seats = new Map<number, Seat>();
  private rampDone = false;
  private readonly loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly ramp: Promise<void>;
  private readonly rt: UserRuntime;

  constructor(
    private readonly opts: BrowserUsersOptions,
    private readonly host: BrowserHost,
    private readonly book: PageBook,
  ) {
    this.rt = {
      host,
      baseUrl: opts.host,
      views: opts.views.length ? opts.views : ['cold', 'warm'],
      flow: opts.flow,
      recorder: opts.recorder,
      book,
      evidence: new EvidenceKeeper(opts.runDir ?? null, opts.trace ?? 'off'),
      viewLimits: viewLimits(opts.thresholds ?? []),
      recycleEvery: Math.max(1, opts.recycleEvery ?? browserSettings.recycleContextEvery),
      viewport: browserSettings.viewport,
      insecure: opts.insecure === true,
      viewOptions: { navigationTimeoutMs: opts.navigationTimeoutMs ?? browserSettings.navigationTimeoutMs },
      stopping: () => this.stopping,
      statsEpoch: () => this.epoch,
      sleep: (ms) => this.sleep(ms),
    };
    this.target = opts.users;
    this.ramp = this.rampUp();
  }

  get activeUsers(): number {
    return this.running;
  }

  pids(): number[] {
    return this.host.pids();
  }

  resetStats(): void {
    this.epoch++;
    this.book.reset();
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await this.ramp;
    const all = Promise.allSettled(this.loops);
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, Math.max(0, graceMs)).unref())]);
    await this.host.close();
    // With Chromium gone every Playwright call fails at once; a flow stuck in its own code (a long
    // sleep, a hung promise) is abandoned after a second: nothing it does is recorded any more.
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, ABANDON_AFTER_CLOSE_MS).unref())]);
  }

  resize(target: number): string | null {
    if (this.opts.ids !== undefined) return "a shard's browser users keep their number (each shard has its stripe of them)";
    this.target = target;
    for (const [id, seat] of this.seats) seat.retire = id > target;
    // During the ramp-up it starts the rest itself, up to the new count.
    if (this.rampDone) this.fillSeats();
    return null;
  }

  section(suspect: boolean): BrowserSection {
    return {
      executable: this.host.executablePath,
      version: this.host.version,
      users: this.opts.users,
      pages: this.book.pageStats(),
      resources: this.book.resourceObservations(),
      crashes: { ...this.book.crashes },
      suspect,
      ...this.rt.evidence.section(),
    };
  }

  private async rampUp(): Promise<void> {
    const originMs = this.opts.startAtEpochMs ?? Date.now();
    const ids = this.opts.ids ?? Array.from({ length: this.opts.users }, (_, i) => i + 1);
    for (let n = 0; n < ids.length && !this.stopping; n++) {
      const id = ids[n];
      // Each user waits for its own moment on the global ramp's clock, not for a gap after the
      // previous one: a late pool catches up at once, and a late timer does not delay the rest.
      const waitMs = originMs + rampOffsetMs(id, this.opts.spawnRate) - Date.now();
      if (waitMs > 0) await this.sleep(waitMs);
      if (this.stopping) break;
      if (this.opts.ids !== undefined || id <= this.target) this.startUser(id);
    }
    this.rampDone = true;
    if (!this.stopping) this.fillSeats();
  }

  /** Starts the users up to the count wanted that are not running (the live view raised it). */
  private fillSeats(): void {
    if (this.opts.ids !== undefined) return;
    for (let id = 1; id <= this.target && !this.stopping; id++) if (!this.seats.has(id)) this.startUser(id);
  }

  private startUser(id: number): void {
    const seat: Seat = { retire: false, leaving: false };
    this.seats.set(id, seat);
    const user = new BrowserUser(id, this.seatRuntime(seat), seededRandom((this.opts.seed ?? 1) * 100_003 + id), this.profileOf(id));
    this.running++;
    this.loops.push(
      user
        .run()
        .catch((error: Error) => this.opts.log?.(`browser user ${id} stopped: ${error.message}`))
        .finally(() => {
          this.running--;
          this.seats.delete(id);
          // Asked to leave, then wanted again before it left: it comes back.
          if (seat.leaving && !this.stopping && id <= this.target) this.startUser(id);
        }),
    );
  }

  /**
   * A user's runtime with its own way out: a user asked to leave stops at its next think time, so
   * no page it is measuring is cut. A flow without think time has no such moment: its user leaves
   * at once, and a view in flight is counted as cut, as at the run's stop.
   */
  private seatRuntime(seat: Seat): UserRuntime {
    const thinks = this.opts.flow.wait !== undefined;
    return {
      ...this.rt,
      stopping: () => this.stopping || seat.leaving || (!thinks && seat.retire),
      sleep: (ms) => {
        if (!seat.retire) return this.rt.sleep(ms);
        seat.leaving = true;
        return Promise.resolve();
      },
    };
  }

  /** User id's profile by the mix's weights, with the CPU slowdown; undefined for the default. */
  private profileOf(id: number): NetworkProfile | undefined {
    const network = this.opts.network?.length ? profileForUser(this.opts.network, id) : NETWORK_PRESETS.none;
    const profile = { ...network, cpuSlowdown: this.opts.cpuSlowdown ?? 1 };
    return isDefaultProfile(profile) ? undefined : profile;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
