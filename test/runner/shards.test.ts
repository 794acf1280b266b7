/**
 * Shards on one machine, as a Kubernetes Indexed Job runs them: three processes with
 * JOB_COMPLETION_INDEX 0…2 and `--shard auto/3`, one shared --start-at, one demo target, one results
 * folder; then `merge` finds the one-machine plan's totals and the start skew. A missing shard, a shard
 * twice and another plan are refused.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/schema/summary.js';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import { type CliResult, readSummary, runCli, tempDir } from '../helpers.js';

const SHARDS = 3;
const RATE = 100;
const SECONDS = 4;
/** Time for three CLIs (TypeScript through tsx) to get ready on a busy machine before the start. */
const READY_WITHIN_MS = 8_000;

let target: DemoTarget;
let dir: string;
let runs: CliResult[];
let shards: Summary[];
const shardDir = (i: number) => join(dir, `shard-${i}-of-${SHARDS}`);

beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
  dir = tempDir('bl-shards-');
  const startAt = new Date(Math.ceil((Date.now() + READY_WITHIN_MS) / 1000) * 1000).toISOString();
  const args = (i: number) => ['run', '--host', target.url, '--url', '/health', '-b', '0', '--workers', '1', '--arrival-rate', String(RATE), '-t', `${SECONDS}s`,
    '--shard', `auto/${SHARDS}`, '--start-at', startAt, '--run-id', 'sharded', '--no-html', '--quiet', '--results-dir', shardDir(i + 1)];
  runs = await Promise.all(Array.from({ length: SHARDS }, (_, i) => runCli(args(i), { env: { JOB_COMPLETION_INDEX: String(i) }, timeoutMs: 90_000 })));
  shards = runs.map((_, i) => readSummary(shardDir(i + 1)));
}, 120_000);

afterAll(async () => {
  await target?.close();
});

const started = (s: Summary) => s.openModel!.started;

describe('shards of one run with a common start', () => {
  it('runs each shard its stripe from the common start and merges to the one-machine totals', async () => {
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(shards.map((s) => s.run.shard?.index).sort()).toEqual([1, 2, 3]);
    expect(new Set(shards.map((s) => s.run.planHash)).size).toBe(1);
    const planned = RATE * SECONDS;
    for (const s of shards) {
      expect(Math.abs(started(s) - planned / SHARDS)).toBeLessThanOrEqual(0.05 * (planned / SHARDS));
      expect(Math.abs(s.run.actualStart! - s.run.plannedStart!)).toBeLessThan(100);
    }
    const out = join(dir, 'merged');
    const merging = await runCli(['merge', ...shards.map((_, i) => shardDir(i + 1)), '--out', out, '--no-html']);
    expect(merging.code, merging.stderr).toBe(0);
    const merged = readSummary(out);
    expect(Math.abs(started(merged) - planned)).toBeLessThanOrEqual(0.03 * planned);
    expect(merged.aggregate.count).toBe(shards.reduce((n, s) => n + s.aggregate.count, 0));
    expect(merged.run.shards!.map((p) => p.shard!.index)).toEqual([1, 2, 3]);
    expect(merged.run.id).toBe('sharded-merged');
    for (const part of merged.run.shards!) expect(Math.abs(part.startSkewMs!)).toBeLessThan(100);
    // The terminal summary lists the shards: start against the plan, skew, CPU, saturation, own verdict.
    expect(merging.stdout).toMatch(/^Shards \(each shard.s own verdict is information/m);
    expect(merging.stdout).toMatch(/^ {2}2\/3 +\d{2}:\d{2}:\d{2}\.\d{3} +\d{2}:\d{2}:\d{2}\.\d{3} +\+\d+ ms +\d+% of a core · machine peak \d+% +(no|yes, \d+ s) +no thresholds$/m);
  }, 60_000);

  it('refuses a merge with a shard missing, unless --allow-partial', async () => {
    const partial = await runCli(['merge', shardDir(1), shardDir(3), '--out', join(dir, 'partial'), '--no-html']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/^browse-load: shard 2\/3 missing: the merge would hold 2 of 3 shards \(--allow-partial merges them anyway\)$/m);
    const allowed = await runCli(['merge', shardDir(1), shardDir(3), '--out', join(dir, 'allowed'), '--no-html', '--allow-partial']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(readSummary(join(dir, 'allowed')).run.shards!.map((p) => p.shard!.index)).toEqual([1, 3]);
  }, 60_000);

  it('refuses a shard given twice and runs of another plan', async () => {
    const copy = join(dir, 'copy-of-1');
    cpSync(shardDir(1), copy, { recursive: true });
    const twice = await runCli(['merge', shardDir(1), shardDir(2), shardDir(3), copy, '--out', join(dir, 'twice'), '--no-html']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard 1\/3 is given twice/);

    const other = join(dir, 'other-plan');
    cpSync(shardDir(2), other, { recursive: true });
    const summary = JSON.parse(readFileSync(join(other, 'summary.json'), 'utf8')) as Summary;
    summary.run.planHash = 'f'.repeat(64);
    writeFileSync(join(other, 'summary.json'), JSON.stringify(summary));
    const mixed = await runCli(['merge', shardDir(1), other, shardDir(3), '--out', join(dir, 'mixed'), '--no-html']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr.trim().split('\n')).toHaveLength(1);
    expect(mixed.stderr).toMatch(/are not runs of one plan: plan hash ([0-9a-f]{12} vs ffffffffffff|ffffffffffff vs [0-9a-f]{12})/);
  }, 60_000);
});
