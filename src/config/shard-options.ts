/**
 * Option group "beyond one machine": --shard I/N (or auto/N in a Kubernetes Indexed Job, the index
 * from JOB_COMPLETION_INDEX), --shard-weights, and the common start (--start-at, --late-start). Every
 * shard computes its own share from these alone (src/protocol/split.ts): no coordinator.
 */
import { Option } from 'commander';
import type { Problems } from './problems.js';

export interface ShardRaw {
  shard?: string;
  shardWeights?: string;
  startAt?: string;
  lateStart?: string;
}

/** This process's shard: 0-based index of count, with the shards' weights (all 1 unless given). */
export interface ShardSpec {
  index: number;
  count: number;
  weights: number[];
}

/** A process ready after --start-at: join the run late (default) or fail. */
export type LateStart = 'join' | 'fail';

export interface StartAt {
  /** The planned start, epoch ms. */
  epochMs: number;
  lateStart: LateStart;
}

export interface ShardOptions {
  shard?: ShardSpec;
  startAt?: StartAt;
}

/** The Kubernetes Indexed Job's variable: the pod's index, 0-based. */
export const JOB_INDEX_VARIABLE = 'JOB_COMPLETION_INDEX';

const HEADING = 'Beyond one machine:';

export function shardOptions(): Option[] {
  return [
    new Option('--shard <i/n>', `run shard I of N (1 ≤ I ≤ N): its stripe of the plan; auto/N takes I from ${JOB_INDEX_VARIABLE} + 1`),
    new Option('--shard-weights <w,…>', 'relative sizes of the N shards, whole numbers (e.g. 2,1,1; default equal)'),
    new Option('--start-at <time>', 'get ready, then start at this wall-clock time (RFC 3339, e.g. 2026-12-01T12:00:00Z)'),
    new Option('--late-start <policy>', 'ready after --start-at: join (late, skipped arrivals counted; the default) or fail'),
  ].map((option) => option.helpGroup(HEADING));
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseShardOptions(raw: ShardRaw, env: NodeJS.ProcessEnv, problems: Problems): ShardOptions {
  const options: ShardOptions = {};
  const shard = raw.shard === undefined ? undefined : parseShard(raw.shard, env, problems);
  if (raw.shardWeights !== undefined && shard === undefined) problems.push('--shard-weights needs --shard');
  if (shard !== undefined) {
    const weights = raw.shardWeights === undefined ? shard.weights : parseWeights(raw.shardWeights, shard.count, problems);
    options.shard = { ...shard, weights };
  }
  if (raw.lateStart !== undefined && raw.lateStart !== 'join' && raw.lateStart !== 'fail') problems.push(`--late-start wants join or fail, got '${raw.lateStart}'`);
  else if (raw.lateStart !== undefined && raw.startAt === undefined) problems.push('--late-start needs --start-at');
  if (raw.startAt !== undefined) {
    const epochMs = RFC3339.test(raw.startAt) ? Date.parse(raw.startAt) : Number.NaN;
    if (Number.isNaN(epochMs)) problems.push(`--start-at wants an RFC 3339 time like 2026-12-01T12:00:00Z, got '${raw.startAt}'`);
    else options.startAt = { epochMs, lateStart: raw.lateStart === 'fail' ? 'fail' : 'join' };
  }
  return options;
}

function parseShard(text: string, env: NodeJS.ProcessEnv, problems: Problems): ShardSpec | undefined {
  const match = /^(\d+|auto)\/(\d+)$/.exec(text.trim());
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || !(count >= 1)) {
    problems.push(`--shard wants I/N with 1 ≤ I ≤ N (or auto/N), got '${text}'`);
    return undefined;
  }
  let index: number;
  if (match[1] === 'auto') {
    const fromJob = env[JOB_INDEX_VARIABLE];
    if (fromJob === undefined || !/^\d+$/.test(fromJob)) {
      problems.push(`--shard auto/${count} reads ${JOB_INDEX_VARIABLE} (0-based), which is ${fromJob === undefined ? 'not set' : `'${fromJob}'`}`);
      return undefined;
    }
    index = Number(fromJob);
  } else index = Number(match[1]) - 1;
  if (index < 0 || index >= count) {
    problems.push(`--shard ${text}: shard ${index + 1} is not among 1…${count}`);
    return undefined;
  }
  return { index, count, weights: Array.from({ length: count }, () => 1) };
}

function parseWeights(text: string, count: number, problems: Problems): number[] {
  const weights = text.split(',').map((w) => (/^\s*\d+\s*$/.test(w) ? Number(w) : Number.NaN));
  if (weights.length !== count || weights.some((w) => !(w >= 1))) {
    problems.push(`--shard-weights wants ${count} whole numbers ≥ 1 (one per shard), got '${text}'`);
    return Array.from({ length: count }, () => 1);
  }
  return weights;
}
