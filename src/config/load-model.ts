/**
 * Option group "load model": how many protocol users, how they arrive, and how long the run
 * lasts. The flags are defined here; each model's validation sits beside its executor
 * (src/protocol/closed-options.ts, open-options.ts), and the runner composes the two.
 */
import { Option } from 'commander';
import type { Problems } from './problems.js';

export interface LoadModelRaw {
  users?: string;
  spawnRate?: string;
  runTime?: string;
  warmup?: string;
  stopTimeout?: string;
  arrivalRate?: string;
  stages?: string;
  maxUsers?: string;
  maxBacklog?: string;
}

/** How long the run's phases last, in seconds. */
export interface Timing {
  runTimeS: number;
  /** -t was given: the stages of an open model do not set the run's length then. */
  runTimeGiven: boolean;
  warmupS: number;
  stopTimeoutS: number;
}

export const LOAD_DEFAULTS = { users: 10, runTime: '30s', stopTimeout: '10s', maxUsers: 1000 } as const;

const HEADING = 'Load model:';

export function loadModelOptions(): Option[] {
  const d = LOAD_DEFAULTS;
  return [
    new Option('-u, --users <n>', `closed model: peak number of protocol users (default ${d.users})`),
    new Option('-r, --spawn-rate <n>', 'closed model: users started per second (default: all within 1 s, at most 100/s)'),
    new Option('-t, --run-time <duration>', `measured duration, e.g. 90s, 10m, 1h30m (default ${d.runTime})`),
    new Option('--warmup <duration>', 'run the load this long first and leave its samples out of the stats'),
    new Option('-s, --stop-timeout <duration>', `grace period for in-flight requests when stopping (default ${d.stopTimeout})`),
    new Option('--arrival-rate <n>', 'open model: iterations per second (latency measured from the intended start)'),
    new Option('--stages <list>', 'open model: ramp by stages from --arrival-rate (default 0), DURATION:RATE[,…] e.g. 30s:100,2m:100,30s:0; without -t the run lasts the stages'),
    new Option('--max-users <n>', `open model: cap on concurrent users (default ${d.maxUsers})`),
    new Option('--max-backlog <n>', 'open model: arrivals that may wait for a free user before being dropped (default: 10 s of the peak rate, at least --max-users)'),
  ].map((option) => option.helpGroup(HEADING));
}

/** --arrival-rate or --stages choose the open model; the closed model otherwise. */
export function wantsOpenModel(raw: LoadModelRaw): boolean {
  return raw.arrivalRate !== undefined || raw.stages !== undefined;
}

export function parseTiming(raw: LoadModelRaw, problems: Problems): Timing {
  const runTimeS = problems.duration('--run-time', raw.runTime, LOAD_DEFAULTS.runTime);
  if (runTimeS <= 0) problems.push('--run-time must be longer than 0s');
  return {
    runTimeS,
    runTimeGiven: raw.runTime !== undefined,
    warmupS: problems.duration('--warmup', raw.warmup, '0s'),
    stopTimeoutS: problems.duration('--stop-timeout', raw.stopTimeout, LOAD_DEFAULTS.stopTimeout),
  };
}
