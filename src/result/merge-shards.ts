/**
 * The plan identity of a merge's parts (shards of one run): one plan hash for all, each shard once,
 * none missing unless the merge allows a partial run; and, for the merged summary, each shard's
 * start skew, own verdict, saturation and CPU, kept as information (the merged thresholds are judged again on
 * the merged figures). Parts without an identity (runs before --shard, repeats) merge as before.
 */
import { UsageError } from '../errors.js';
import type { GeneratorHealth, RunInfo, ShardOfMerge, Summary } from '../schema/summary.js';

export interface ShardCheck {
  /** `--allow-partial`: missing shards are not an error (duplicates still are). */
  allowPartial?: boolean;
}

const short = (hash: string | undefined) => (hash === undefined ? 'none' : hash.slice(0, 12));

/** Refuses parts of different plans, a shard given twice, and (unless allowed) a missing shard. */
export function checkShards(parts: Summary[], check: ShardCheck = {}): void {
  const withPlan = parts.filter((s) => s.run.planHash !== undefined);
  if (withPlan.length === 0) return;
  const first = withPlan[0].run;
  const other = parts.find((s) => s.run.planHash !== first.planHash);
  if (other !== undefined) {
    throw new UsageError(`runs ${first.id} and ${other.run.id} are not runs of one plan: plan hash ${short(first.planHash)} vs ${short(other.run.planHash)}`);
  }
  if (first.shard === undefined) return;
  const count = first.shard.count;
  const seen = new Map<number, string>();
  for (const { run } of parts) {
    const index = run.shard!.index;
    const twice = seen.get(index);
    if (twice !== undefined) throw new UsageError(`shard ${index}/${count} is given twice (runs in ${twice} and ${run.id}): each shard can be merged once`);
    seen.set(index, run.id);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0 && !check.allowPartial) {
    throw new UsageError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the merge would hold ${seen.size} of ${count} shards (--allow-partial merges them anyway)`);
  }
}

/** Each part's start and own verdict, when the parts carry a plan identity. */
export function shardsOfMerge(parts: Summary[]): ShardOfMerge[] | undefined {
  if (!parts.some((s) => s.run.planHash !== undefined)) return undefined;
  return parts
    .map((s) => {
      const { run } = s;
      const part: ShardOfMerge = { runId: run.id, ownVerdict: s.thresholds.length === 0 ? null : s.thresholds.every((t) => t.passed) ? 'passed' : 'failed', ...healthOf(s.generator) };
      if (run.shard) part.shard = run.shard;
      if (run.plannedStart !== undefined) part.plannedStart = run.plannedStart;
      if (run.actualStart !== undefined) part.actualStart = run.actualStart;
      if (run.plannedStart !== undefined && run.actualStart !== undefined) part.startSkewMs = run.actualStart - run.plannedStart;
      return part;
    })
    .sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
}

/** A part's generator health, for its row in the merged run: saturation and CPU. */
function healthOf(generator: GeneratorHealth): Pick<ShardOfMerge, 'saturated' | 'saturatedSeconds' | 'peakMachinePct' | 'meanNodePct'> {
  const { samples } = generator;
  const meanNodePct = samples.length === 0 ? undefined : Math.round((samples.reduce((n, c) => n + c.nodePct, 0) / samples.length) * 10) / 10;
  return { saturated: generator.saturated, saturatedSeconds: generator.saturatedSeconds, peakMachinePct: generator.peakMachinePct, ...(meanNodePct === undefined ? {} : { meanNodePct }) };
}

/**
 * The merged run's identity fields: the plan's hash and start stay, one shard's own fields go; the
 * id is the shards' shared run id with "-merged" (unless an id was asked for).
 */
export function mergedPlanFields(parts: Summary[], run: RunInfo, idGiven = false): RunInfo {
  const { shard: _shard, actualStart: _actual, skippedArrivals: _skipped, ...rest } = run;
  const shards = shardsOfMerge(parts);
  if (shards === undefined) return rest;
  const skipped = parts.reduce((n, s) => n + (s.run.skippedArrivals ?? 0), 0);
  // Shards of one run share its id (--run-id, or derived from --start-at): the merge is that run's.
  const shared = parts.every((s) => s.run.id === parts[0].run.id) && parts[0].run.mergedFrom === undefined && !idGiven ? `${parts[0].run.id}-merged` : rest.id;
  return { ...rest, id: shared, ...(skipped > 0 ? { skippedArrivals: skipped } : {}), shards };
}
