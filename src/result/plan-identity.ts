/**
 * A sharded run's identity, computed by every shard alone: the plan hash (what every shard must
 * agree on: the flow file's text, the tool's version, the load model, times, browser users, thresholds, seed, the
 * shard count and weights, the planned start; not the shard's index, its host address, credentials
 * or outputs) and a run id every shard derives the same way (--run-id, else the planned start with
 * the hash). `merge` refuses parts whose plan hashes differ.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { TOOL_VERSION } from '../version.js';
import { newRunId } from './write.js';

export interface PlanIdentity {
  runId: string;
  planHash: string;
}

/** The options that make the plan, in a fixed order (JSON of this record is hashed). */
export function planRecord(config: RunConfig, flowSource: string): Record<string, unknown> {
  const { users, spawnRate, views, network, cpuSlowdown } = config.browser;
  return {
    // The flow's text: the same path on two machines may hold two flows. The default flow (and
    // the split itself) comes with the tool, so its version is part of the plan too.
    flow: config.flowFile === null ? flowSource : readFileSync(resolve(config.flowFile), 'utf8'),
    tool: TOOL_VERSION,
    urls: config.urls,
    model: config.model,
    runTimeS: config.runTimeS,
    warmupS: config.warmupS,
    stopTimeoutS: config.stopTimeoutS,
    tags: config.tags,
    excludeTags: config.excludeTags,
    browser: { users, spawnRate, views, network: network ?? null, cpuSlowdown: cpuSlowdown ?? 1 },
    thresholds: config.thresholds.map((t) => t.expression),
    iterations: config.iterations ?? null,
    resetStatsAtS: config.resetStatsAtS ?? null,
    seed: config.seed,
    revalidate: config.revalidate,
    requestTimeoutMs: config.requestTimeoutMs,
    maxRedirects: config.maxRedirects,
    // The protocol the users speak is part of the plan; only when asked for, so other plans' hashes stay.
    ...(config.http2 === true && { http2: true }),
    shards: config.shard ? { count: config.shard.count, weights: config.shard.weights } : null,
    startAt: config.startAt?.epochMs ?? null,
  };
}

export function planHash(config: RunConfig, flowSource: string): string {
  return createHash('sha256').update(JSON.stringify(planRecord(config, flowSource))).digest('hex');
}

/** The planned start as a run id's first part, in UTC so every machine writes the same. */
export function startStamp(epochMs: number): string {
  // Stryker disable next-line Regex: an ISO string ends with its Z, so the anchor changes nothing
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
}

export function planIdentity(config: RunConfig, flowSource: string): PlanIdentity {
  const hash = planHash(config, flowSource);
  const derived = config.startAt ? `${startStamp(config.startAt.epochMs)}-${hash.slice(0, 8)}` : newRunId();
  return { runId: config.runId ?? derived, planHash: hash };
}
