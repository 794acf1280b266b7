/**
 * A merged run's shards (run.shards), as every renderer words them: each shard's start against the
 * plan, its generator's CPU and saturation, and its own verdict, which is information only (the
 * merged thresholds are judged on the merged figures). Pure: Summary in, cells out.
 */
import type { ShardOfMerge, Summary } from '../schema/summary.js';
import { DASH } from './format.js';

export interface ShardRow {
  /** "2/3", or the part's run id when it had no shard. */
  shard: string;
  /** Time of day in UTC with ms ("12:00:00.000"), or a dash without a common start. */
  plannedStart: string;
  actualStart: string;
  /** "+12 ms", or a dash. */
  skew: string;
  /** "41% of a core · machine peak 63%", or a dash when the merge kept no CPU figures. */
  cpu: string;
  /** "no", or "yes, 4 s". */
  saturation: string;
  /** "passed", "failed" or "no thresholds". */
  verdict: string;
  saturated: boolean;
  ownVerdict: ShardOfMerge['ownVerdict'];
}

export const SHARDS_HEADER = ['Shard', 'Planned start (UTC)', 'Actual start', 'Skew', 'CPU', 'Saturated', 'Own verdict'] as const;

export const SHARDS_NOTE = "each shard's own verdict is information: the thresholds are judged on the merged figures";

const clock = (epochMs: number | undefined) => (epochMs === undefined ? DASH : new Date(epochMs).toISOString().slice(11, 23));

function cpuOf(part: ShardOfMerge): string {
  const generator = part.meanNodePct === undefined ? null : `${Math.round(part.meanNodePct)}% of a core`;
  const machine = part.peakMachinePct === undefined ? null : `machine peak ${Math.round(part.peakMachinePct)}%`;
  return [generator, machine].filter((s) => s !== null).join(' · ') || DASH;
}

/** One row per part of a merge of shards, by shard index; none for any other run. */
export function shardRows(summary: Summary): ShardRow[] {
  return (summary.run.shards ?? []).map((part) => ({
    shard: part.shard ? `${part.shard.index}/${part.shard.count}` : part.runId,
    plannedStart: clock(part.plannedStart),
    actualStart: clock(part.actualStart),
    skew: part.startSkewMs === undefined ? DASH : `${part.startSkewMs >= 0 ? '+' : ''}${part.startSkewMs} ms`,
    cpu: cpuOf(part),
    saturation: part.saturated ? `yes${part.saturatedSeconds === undefined ? '' : `, ${part.saturatedSeconds} s`}` : 'no',
    verdict: part.ownVerdict ?? 'no thresholds',
    saturated: part.saturated,
    ownVerdict: part.ownVerdict,
  }));
}

/** The row's cells in SHARDS_HEADER's order. */
export function shardCells(row: ShardRow): string[] {
  return [row.shard, row.plannedStart, row.actualStart, row.skew, row.cpu, row.saturation, row.verdict];
}
