/**
 * The open model's options (k6's per-executor Validate()), beside its executor (open.ts): a
 * constant --arrival-rate, or --stages ramping from it. The flags are config's
 * (src/config/load-model.ts).
 */
import { parseDuration } from '../config/duration.js';
import { LOAD_DEFAULTS, type LoadModelRaw, type Timing } from '../config/load-model.js';
import type { Problems } from '../config/problems.js';
import type { OpenModel, RateStage } from '../config/run-config.js';

/** By default arrivals may wait this long, worth of the peak rate, for a free user. */
const DEFAULT_BACKLOG_S = 10;

/** The open model, and the run's measured length (the stages set it when -t is not given). */
export function parseOpenModel(raw: LoadModelRaw, timing: Timing, problems: Problems): { model: OpenModel; runTimeS: number } {
  if (raw.users !== undefined) problems.push('--users is the closed model; with --arrival-rate use --max-users');
  if (raw.spawnRate !== undefined) problems.push('--spawn-rate is the closed model; with --arrival-rate, --stages ramp the rate');
  const startRate = problems.num('--arrival-rate', raw.arrivalRate, 0, 0);
  let runTimeS = timing.runTimeS;
  let stages: RateStage[];
  if (raw.stages === undefined) {
    if (!(startRate > 0)) problems.push('--arrival-rate must be above 0');
    stages = [{ durationS: timing.runTimeS + timing.warmupS, rate: startRate }];
  } else {
    const before = problems.count;
    stages = parseStages(raw.stages, problems);
    // Stages that do not parse are reported once, not again as too short.
    if (!timing.runTimeGiven && problems.count === before) {
      // Without --run-time, the stages say how long the run lasts (warm-up included in them).
      runTimeS = stages.reduce((sum, stage) => sum + stage.durationS, 0) - timing.warmupS;
      if (runTimeS <= 0) problems.push('--stages must last longer than --warmup');
    }
  }
  const maxUsers = problems.int('--max-users', raw.maxUsers, LOAD_DEFAULTS.maxUsers, 1);
  // Arrivals that wait start late and are measured from when they were due, instead of
  // vanishing from the latency figures.
  const peakRate = Math.max(startRate, ...stages.map((stage) => stage.rate));
  const defaultBacklog = Math.max(maxUsers, Math.ceil(peakRate * DEFAULT_BACKLOG_S));
  const maxBacklog = problems.int('--max-backlog', raw.maxBacklog, defaultBacklog, 0);
  return { model: { kind: 'open', startRate, stages, maxUsers, maxBacklog }, runTimeS };
}

/** "30s:100,2m:100,30s:0": each stage ramps linearly to its rate over its duration. */
function parseStages(text: string, problems: Problems): RateStage[] {
  const stages: RateStage[] = [];
  for (const part of text.split(',')) {
    const [time, rate] = part.split(':');
    // split() gives at least the time; a missing rate is Number(undefined), NaN, so not finite.
    const durationS = parseDuration(time);
    const target = Number(rate);
    if (durationS === null || !Number.isFinite(target) || target < 0) {
      problems.push(`--stages wants DURATION:RATE[,…] like 30s:100,2m:100, got '${part}'`);
      continue;
    }
    stages.push({ durationS, rate: target });
  }
  return stages;
}
