/**
 * Option group "thresholds": the pass/fail criteria of a run, and so its exit code. Thresholds
 * given decide alone (k6); without any, failed requests or exceptions exit --exit-code-on-error
 * (default 1, as Locust).
 */
import { Option } from 'commander';
import { collect, type Problems } from './problems.js';
import { SEED_GOALS, type ThresholdSpec, parseThreshold } from './thresholds.js';

export interface ThresholdsRaw {
  threshold?: string[];
  seedGoals?: boolean;
  exitCodeOnError?: string;
}

/** Locust's default: a run with failures and no thresholds is a failed run. */
export const DEFAULT_EXIT_CODE_ON_ERROR = 1;

const HEADING = 'Thresholds:';

export function thresholdOptions(): Option[] {
  return [
    new Option('--threshold <expr>', "fail the run (exit 1) unless it holds, e.g. 'p95<500', 'errors<0.1%', 'GET /api/search/:p99<300', web vitals at p75 'PAGES:lcp<2500' (repeatable)").argParser(collect),
    new Option('--seed-goals', "the team's goals: p95<500 and errors<0.1%"),
    new Option('--exit-code-on-error <n>', `exit code when requests failed or tasks threw and no threshold is given (default ${DEFAULT_EXIT_CODE_ON_ERROR}; thresholds given decide alone)`),
  ].map((option) => option.helpGroup(HEADING));
}

export function parseThresholds(raw: ThresholdsRaw, problems: Problems): ThresholdSpec[] {
  const thresholds: ThresholdSpec[] = [];
  for (const text of [...(raw.seedGoals ? SEED_GOALS : []), ...(raw.threshold ?? [])]) {
    const parsed = parseThreshold(text);
    if (typeof parsed === 'string') problems.push(parsed);
    else thresholds.push(parsed);
  }
  return thresholds;
}

/** The exit code of a run with failures and no thresholds: a process exit status, 0 to 255. */
export function parseExitCodeOnError(raw: ThresholdsRaw, problems: Problems): number {
  const code = problems.int('--exit-code-on-error', raw.exitCodeOnError, DEFAULT_EXIT_CODE_ON_ERROR, 0);
  if (code <= 255) return code;
  problems.push(`--exit-code-on-error wants an exit status from 0 to 255, got '${raw.exitCodeOnError}'`);
  return DEFAULT_EXIT_CODE_ON_ERROR;
}
