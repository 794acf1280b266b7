/**
 * Open model: iterations arrive at a set rate whatever the server does (like real traffic),
 * and latency is timed from each iteration's *intended* start, as wrk2 does, so a stalled server
 * shows in the tail instead of being hidden by coordinated omission. When every user (up to
 * --max-users) is busy, arrivals wait in a bounded backlog and start late, measured from when
 * they were due; past the backlog they are dropped and counted, as k6 counts dropped iterations.
 */
import type { OpenModel, RateStage } from '../config/run-config.js';
import type { OpenModelInfo } from '../schema/summary.js';
import { type Executor, Population } from './population.js';
import { type Part, WHOLE, globalNumber, owns, shareOf } from './split.js';
import type { VirtualUser } from './user.js';

export type { RateStage };

/** What the executor needs of config's OpenModel. */
export type OpenModelSettings = Omit<OpenModel, 'kind' | 'stages'> & { stages: readonly RateStage[] };

/** An iteration that starts this much after its intended time counts as late. */
const LATE_AFTER_MS = 10;

/**
 * When the next arrival is due after `fromSeconds`: the time by which the rate, integrated,
 * adds up to one more arrival. Stages ramp linearly, so within a stage the integral is a
 * quadratic, solved exactly; a ramp from 0 then starts slowly and gathers pace, as it should
 * (stepping by 1/rate at the current instant would wait 30 s for the second arrival).
 */
export function nextArrival(settings: Pick<OpenModelSettings, 'startRate' | 'stages'>, fromSeconds: number): number {
  let need = 1;
  let t = fromSeconds;
  let stageStart = 0;
  let from = settings.startRate;
  for (const stage of settings.stages) {
    const stageEnd = stageStart + stage.durationS;
    // Stryker disable next-line EqualityOperator: at t = stageEnd the span is 0, so the stage adds no area and t stays
    if (t < stageEnd) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a zero-length stage is never entered (t is at least its start, which is its end)
      const slope = stage.durationS > 0 ? (stage.rate - from) / stage.durationS : 0;
      const r0 = from + slope * (t - stageStart);
      const span = stageEnd - t;
      const area = r0 * span + (slope * span * span) / 2;
      if (area >= need) return t + solveSpan(r0, slope, need);
      need -= area;
      t = stageEnd;
    }
    stageStart = stageEnd;
    from = stage.rate;
  }
  // After the last stage its rate holds.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: rates are never negative, and at 0 t + need / 0 is Infinity too
  return from > 0 ? t + need / from : Infinity;
}

/** The smallest d >= 0 with r0·d + slope·d²/2 = need. */
function solveSpan(r0: number, slope: number, need: number): number {
  // Stryker disable next-line EqualityOperator: at a slope of exactly 1e-12 the line and the quadratic agree far below the tests' precision
  if (Math.abs(slope) < 1e-12) return need / r0;
  const root = Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * need));
  return (root - r0) / slope;
}

/** The planned rate at `atS` seconds in (on a stage's linear ramp, or the last stage's after it). */
export function rateAt(schedule: Pick<OpenModelSettings, 'startRate' | 'stages'>, atS: number): number {
  return stagesUntil(schedule, atS).at(-1)?.rate ?? schedule.startRate;
}

/** The stages up to `atS`, the last one cut there (its rate at `atS` by the linear ramp). */
function stagesUntil(schedule: Pick<OpenModelSettings, 'startRate' | 'stages'>, atS: number): RateStage[] {
  const kept: RateStage[] = [];
  let start = 0;
  let from = schedule.startRate;
  for (const stage of schedule.stages) {
    if (start + stage.durationS <= atS) kept.push(stage);
    else {
      // Cut at atS (start <= atS < its end, so it has a length); cut at its start, it is a stage
      // of no length at the rate before it, which changes neither the rate nor the arrivals.
      const span = atS - start;
      kept.push({ durationS: span, rate: from + ((stage.rate - from) * span) / stage.durationS });
      return kept;
    }
    start += stage.durationS;
    from = stage.rate;
  }
  // After the last stage its rate holds until atS (start <= atS here; no length when equal).
  kept.push({ durationS: atS - start, rate: from });
  return kept;
}

export class OpenExecutor implements Executor {
  private readonly idle: VirtualUser[] = [];
  private readonly all = new Set<VirtualUser>();
  private readonly backlog: number[] = [];
  private backlogHead = 0;
  private spawning = 0;
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private startedAt = 0;
  private nextIntended = 0;
  /**
   * The next arrival in seconds since the start. The schedule steps in seconds, never through the
   * thread's clock, so every part of a split computes the same times to the last bit.
   */
  private nextS = 0;
  /** The global number of the next arrival (0-based): this part takes its stripe of them. */
  private arrivalNumber = 0;
  /** The previous arrival in seconds since the start (the schedule's walk restarts there on a change). */
  private lastS = 0;
  /** The rate plan: the settings', or the live view's change from a moment of the run (`resize`). */
  private schedule: Pick<OpenModelSettings, 'startRate' | 'stages'>;
  private spawned = 0;
  /** This part's shares of --max-users and the backlog (the whole caps in one thread). */
  private readonly maxUsers: number;
  private readonly maxBacklog: number;
  private readonly counts = { scheduled: 0, started: 0, dropped: 0, late: 0, unstartedAtStop: 0 };

  constructor(
    private readonly population: Population,
    private readonly settings: OpenModelSettings,
    private readonly part: Part = WHOLE,
  ) {
    this.maxUsers = shareOf(part, settings.maxUsers);
    this.maxBacklog = shareOf(part, settings.maxBacklog);
    this.schedule = settings;
  }

  /**
   * The live view's change of rate: from `atS` seconds after the start the rate is `rate`. Every
   * part gets the same change and walks the same schedule, so the stripes still add up to the plan.
   */
  resize(rate: number, atS: number): void {
    this.schedule = { startRate: this.schedule.startRate, stages: [...stagesUntil(this.schedule, atS), { durationS: 0, rate }] };
    if (this.stopping || this.startedAt === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextS = nextArrival(this.schedule, this.lastS);
    this.nextIntended = this.startedAt + this.nextS * 1000;
    this.tick();
  }

  get activeUsers(): number {
    return this.population.size;
  }

  /** Starts the counters again (end of warm-up), as the stats do. */
  resetCounts(): void {
    this.counts.scheduled = 0;
    this.counts.started = 0;
    this.counts.dropped = 0;
    this.counts.late = 0;
    this.counts.unstartedAtStop = 0;
  }

  info(): OpenModelInfo {
    return { ...this.counts, maxUsers: this.maxUsers };
  }

  /**
   * `startedAt` (performance.now() time) is the run's start, shared by every part of a split. A
   * process that joins a common start late (`joinAt`, --start-at) skips the arrivals due before it
   * rather than firing them at once; the runner counts them (run.skippedArrivals).
   */
  start(startedAt = performance.now(), joinAt = startedAt): void {
    this.startedAt = startedAt;
    this.nextS = nextArrival(this.schedule, 0);
    this.nextIntended = this.startedAt + this.nextS * 1000;
    while (this.nextIntended < joinAt) this.passArrival();
    this.tick();
  }

  /**
   * Steps to the arrival after the current one, on the schedule as it is now (a change made before
   * the start included); a skipped arrival is passed too, so a change after a late join resumes
   * from it rather than from 0.
   */
  private passArrival(): void {
    this.arrivalNumber++;
    this.lastS = this.nextS;
    this.nextS = nextArrival(this.schedule, this.nextS);
    this.nextIntended = this.startedAt + this.nextS * 1000;
  }

  private tick = (): void => {
    // Stryker disable next-line ConditionalExpression: stop clears the timer and resize returns once stopping, so tick never runs then; the guard is a backstop
    if (this.stopping) return;
    const now = performance.now();
    while (this.nextIntended <= now) {
      // Every part walks the whole schedule and keeps its stripe: the union is the one-thread plan.
      if (owns(this.part, this.arrivalNumber)) this.arrive(this.nextIntended);
      this.passArrival();
    }
    // A rate that ends at 0 schedules nothing more; the run's clock still ends the run.
    if (Number.isFinite(this.nextIntended)) {
      this.timer = setTimeout(this.tick, Math.max(0, this.nextIntended - performance.now()));
    }
  };

  private arrive(intended: number): void {
    this.counts.scheduled++;
    const user = this.idle.pop();
    if (user !== undefined) {
      void this.run(user, intended);
    } else if (this.all.size + this.spawning < this.maxUsers) {
      this.spawning++;
      this.inFlight++;
      void this.population.spawn(globalNumber(this.part, this.spawned++) + 1).then((fresh) => {
        this.spawning--;
        this.all.add(fresh);
        this.inFlight--;
        void this.run(fresh, intended);
      });
    } else if (this.backlog.length - this.backlogHead < this.maxBacklog) {
      this.backlog.push(intended);
    } else {
      this.counts.dropped++;
    }
  }

  private async run(user: VirtualUser, intended: number): Promise<void> {
    this.inFlight++;
    let due: number | undefined = intended;
    while (due !== undefined && !this.stopping && !this.population.exhausted) {
      const lateness = performance.now() - due;
      if (lateness > LATE_AFTER_MS) this.counts.late++;
      this.counts.started++;
      user.latenessUs = Math.max(0, Math.round(lateness * 1000));
      await this.population.iterate(user);
      due = this.takeBacklog();
    }
    // An arrival whose user was still being made at the stop (or after an -i budget was spent) never started.
    if (due !== undefined) this.counts.unstartedAtStop++;
    this.idle.push(user);
    this.inFlight--;
    if (this.inFlight === 0 && this.drained) this.drained();
  }

  private takeBacklog(): number | undefined {
    if (this.backlogHead >= this.backlog.length) return undefined;
    const due = this.backlog[this.backlogHead++];
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator,ArithmeticOperator,BlockStatement: whether and when the backlog is compacted changes only memory and time, never what is read (the splice and the head move together)
    if (this.backlogHead > 1024 && this.backlogHead * 2 > this.backlog.length) {
      this.backlog.splice(0, this.backlogHead);
      this.backlogHead = 0;
    }
    return due;
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    // Arrivals still waiting never started: counted apart from those dropped while running.
    this.counts.unstartedAtStop += this.backlog.length - this.backlogHead;
    this.backlog.length = 0;
    this.backlogHead = 0;
    let cut = false;
    if (this.inFlight > 0) {
      const drained = new Promise<void>((resolve) => (this.drained = resolve));
      // Stryker disable next-line ArrowFunction: a drain that resolves undefined reads as false too
      const timedOut = await Promise.race([drained.then(() => false), new Promise<boolean>((r) => setTimeout(r, graceMs, true).unref())]);
      if (timedOut) {
        cut = true;
        await this.population.cutAll();
        await drained;
      }
    }
    await Promise.all([...this.all].map((user) => this.population.retire(user, cut)));
  }
}
