/**
 * `--start-at`: a common wall-clock start without a barrier service. The process gets ready first
 * (worker threads have loaded the flow, the users have logged in, Chromium is up), then sleeps until the planned start; every
 * shard's users then run on the one global timeline from the planned instant. A process ready after
 * it joins late (`--late-start join`: the closed model starts the users already due at once, the open
 * model skips the arrivals due before it and counts them) or fails (`--late-start fail`, exit 4).
 */
import type { RunConfig } from '../config/run-config.js';
import type { StartAt } from '../config/shard-options.js';
import { CannotRunError } from '../errors.js';
import { nextArrival } from '../protocol/open.js';
import { owns } from '../protocol/split.js';

/** Later than this after the planned start is late: a late process's lag shows in its summary anyway. */
export const LATE_AFTER_MS = 50;

/** The longest single sleep: a Ctrl-C during a long wait is noticed within it. */
const WAIT_STEP_MS = 200;

export interface StartMoment {
  /** The run's clock origin, epoch ms: the planned start with --start-at, else now. */
  startedAt: number;
  /** When this process's users start, epoch ms (after startedAt when it joined late). */
  joinAt: number;
  /** --start-at only: planned and actual start. */
  planned?: { plannedStart: number; actualStart: number };
}

/** Sleeps until the planned start (or until `interrupted()`: the run then starts and stops at once). */
export async function waitForStart(startAt: StartAt | undefined, interrupted: () => boolean): Promise<StartMoment> {
  if (startAt === undefined) {
    const now = Date.now();
    return { startedAt: now, joinAt: now };
  }
  const planned = startAt.epochMs;
  const readyLateMs = Date.now() - planned;
  if (readyLateMs > LATE_AFTER_MS && startAt.lateStart === 'fail') {
    throw new CannotRunError(`ready ${readyLateMs} ms after --start-at ${new Date(planned).toISOString()} (--late-start fail)`);
  }
  while (Date.now() < planned && !interrupted()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_STEP_MS, planned - Date.now())));
  }
  const actualStart = Date.now();
  const late = actualStart - planned > LATE_AFTER_MS;
  return { startedAt: planned, joinAt: late ? actualStart : planned, planned: { plannedStart: planned, actualStart } };
}

/** Open model, a late join: how many of this process's arrivals were due before it joined. */
export function skippedArrivals(config: RunConfig, start: StartMoment): number {
  if (config.model.kind !== 'open' || start.joinAt <= start.startedAt) return 0;
  const lateMs = start.joinAt - start.startedAt;
  let skipped = 0;
  for (let j = 0, t = nextArrival(config.model, 0); t * 1000 < lateMs; j++, t = nextArrival(config.model, t)) {
    if (config.shard === undefined || owns(config.shard, j)) skipped++;
  }
  return skipped;
}
