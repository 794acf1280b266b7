/** The per-tick observers of the measure phase, each one small job on the run's one clock. */
import { isSaturated, type HealthSampler } from '../metrics/health.js';
import { decodeHistogram, Histogram } from '../hdr/histogram.js';
import { mergeSnapshots } from '../metrics/merge.js';
import type { LiveWindow } from '../metrics/recorder.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import { type CpuSample, SATURATION_PCT, type SeriesPoint, type WarmupInfo } from '../schema/summary.js';
import type { ProgressLine } from './progress.js';
import type { StartedRun } from './started-run.js';
import type { TickObserver } from './ticker.js';

/** The users running now, into the time series; then the second's interval closes. */
export function sampleUsers(run: StartedRun): TickObserver {
  return ({ now }) => {
    run.recorder.setUsers(run.protocol?.usersInMainRecorder ?? 0, run.browsers?.activeUsers ?? 0);
    run.recorder.tick(now);
    run.protocol?.tick(now);
  };
}

/** Says once when the generator saturates: from then on latencies measure the tester. */
export function warnOnSaturation(health: HealthSampler, progress: ProgressLine): TickObserver {
  let warned = false;
  return () => {
    const sample = health.current();
    if (warned || !sample || !isSaturated(sample, SATURATION_PCT)) return;
    warned = true;
    progress.warn(`${saturatedWhere(sample)}: from here latencies measure the tester, not the server`);
  };
}

/** What saturated first: an event loop (the main thread's, else the busiest worker's) or the machine. */
export function saturatedWhere(sample: CpuSample): string {
  const main = sample.eventLoopPct ?? 0;
  if (main > SATURATION_PCT) return `the generator's event loop is ${Math.round(main)}% busy`;
  const workers = sample.workerEventLoopPct ?? [];
  const busiest = workers.indexOf(Math.max(...workers));
  if (busiest >= 0 && workers[busiest] > SATURATION_PCT) return `worker thread ${busiest + 1}'s event loop is ${Math.round(workers[busiest])}% busy`;
  return `the generator's machine is at ${Math.round(sample.machinePct)}% CPU`;
}

/**
 * Warm-up over: its samples leave the stats, as manage.py warm_cache did before a Locust run.
 * `--reset-stats` cuts over the same way when the ramp-up ends, as Locust resets its stats then.
 */
export function cutOverWarmup(run: StartedRun): TickObserver {
  const warmupS = run.config.warmupS > 0 ? run.config.warmupS : (run.config.resetStatsAtS ?? 0);
  return ({ now, elapsedS }) => {
    if (warmupS <= 0 || run.measuredFrom !== run.startedAt || elapsedS < warmupS) return;
    const here = run.recorder.snapshot(now);
    run.recorder.reset(now);
    run.browsers?.resetStats();
    // Worker threads send their warm-up figures back; the summary waits for them (finishRun).
    const elsewhere = run.protocol?.resetStats(now) ?? Promise.resolve([]);
    run.warmupDone = elsewhere.then((parts) => {
      // --reset-stats cuts at the first tick after the ramp-up: its warm-up lasted until that tick.
      run.warmup = warmupInfo(parts.length > 0 ? mergeSnapshots([here, ...parts]) : here, run.config.warmupS > 0 ? warmupS : elapsedS);
    });
    run.measuredFrom = now;
  };
}

/** The live progress line, from the last second's figures. */
export function showProgress(run: StartedRun, totalS: number): TickObserver {
  return ({ elapsedS }) => {
    const live = withPoints(run.recorder.liveWindow(), run.protocol?.livePoints() ?? [], run.recorder.intervalMs);
    run.progress.update({
      elapsedS,
      totalS,
      phase: elapsedS < run.config.warmupS ? 'warm-up' : 'running',
      users: run.protocol?.activeUsers ?? 0,
      browserUsers: run.browsers?.activeUsers ?? 0,
      rps: live.rps,
      p95Ms: live.p95Ms,
      errorPct: live.errorPct,
    });
  };
}

/** The warm-up's per-name latencies, kept to compare a cold server with a warm one. */
function warmupInfo(snapshot: MetricsSnapshot, durationS: number): WarmupInfo {
  const brief = (s: MetricsSnapshot['aggregate']) => ({ type: s.type, name: s.name, count: s.count, failures: s.failures, latency: s.latency });
  return { durationS, stats: snapshot.stats.map(brief), aggregate: brief(snapshot.aggregate) };
}

/**
 * The live line with worker threads: their last closed intervals (each a second old at most) add
 * to the main thread's; p95 comes from the summed interval histograms, and the main thread's own
 * (browser users) p95 bounds it when both have requests.
 */
function withPoints(here: LiveWindow, points: SeriesPoint[], intervalMs: number): LiveWindow {
  if (points.length === 0) return here;
  const h = new Histogram();
  let requests = 0;
  let failures = 0;
  for (const p of points) {
    requests += p.requests;
    failures += p.failures;
    if (p.histogram) h.add(decodeHistogram(p.histogram));
  }
  const seconds = intervalMs / 1000;
  const mainRequests = here.rps * seconds;
  const total = requests + mainRequests;
  const p95 = h.valueAtPercentile(95);
  const workersP95 = p95 === null ? null : p95 / 1000;
  return {
    rps: here.rps + requests / seconds,
    p95Ms: workersP95 === null ? here.p95Ms : here.p95Ms === null ? workersP95 : Math.max(here.p95Ms, workersP95),
    errorPct: total > 0 ? ((failures + (here.errorPct / 100) * mainRequests) / total) * 100 : 0,
  };
}
