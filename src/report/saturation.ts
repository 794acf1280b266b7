/**
 * Which worker thread's event loop saturated a run (`--workers N`): the machine's CPU can look
 * calm while one worker's loop is full, and then its users' timings measure the tester.
 */
import { type GeneratorHealth, SATURATION_PCT } from '../schema/summary.js';

export interface BusyWorker {
  /** 1-based, as the docs and warnings number workers. */
  worker: number;
  peakPct: number;
}

/** The worker whose event loop peaked highest above the limit, or null when none did. */
export function saturatedWorker(health: GeneratorHealth): BusyWorker | null {
  let busiest: BusyWorker | null = null;
  for (const sample of health.samples) {
    (sample.workerEventLoopPct ?? []).forEach((pct, i) => {
      if (pct > SATURATION_PCT && pct > (busiest?.peakPct ?? 0)) busiest = { worker: i + 1, peakPct: pct };
    });
  }
  return busiest;
}

/** ", worker thread 2's event loop up to 99% busy", or '' when no worker saturated. */
export function saturatedWorkerWords(health: GeneratorHealth): string {
  const busy = saturatedWorker(health);
  return busy === null ? '' : `, worker thread ${busy.worker}'s event loop up to ${Math.round(busy.peakPct)}% busy`;
}
