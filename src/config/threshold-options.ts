/** Option group "thresholds": the pass/fail criteria of a run (exit 1 when one fails). */
import { Option } from 'commander';
import { collect, type Problems } from './problems.js';
import { SEED_GOALS, type ThresholdSpec, parseThreshold } from './thresholds.js';

export interface ThresholdsRaw {
  threshold?: string[];
  seedGoals?: boolean;
}

const HEADING = 'Thresholds:';

export function thresholdOptions(): Option[] {
  return [
    new Option('--threshold <expr>', "fail the run (exit 1) unless it holds, e.g. 'p95<500', 'errors<0.1%', 'GET /api/search/:p99<300' (repeatable)").argParser(collect),
    new Option('--seed-goals', "the team's goals: p95<500 and errors<0.1%"),
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
