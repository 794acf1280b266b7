/**
 * One shard of several exits 0 whatever its own thresholds say: they are information, and the
 * merge judges the run (a Kubernetes Job of `backoffLimit: 0` fails at a shard's first non-zero
 * exit and stops the others). A run of one shard keeps its verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import { readSummary, runCli, tempDir } from '../helpers.js';

let target: DemoTarget;

beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});

afterAll(async () => {
  await target?.close();
});

const failingRun = (shard: string, dir: string) =>
  runCli(['run', '--host', target.url, '--url', '/health', '-b', '0', '-u', '1', '-t', '1s', '--workers', '1', '--threshold', 'API:p95<0.001', '--shard', shard, '--no-html', '--results-dir', dir], { timeoutMs: 45_000 });

describe('a shard\'s exit code', () => {
  it('is 0 for a shard of several whose own threshold failed, and says why', async () => {
    const dir = tempDir('bl-shard-exit-');
    const run = await failingRun('1/2', dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/shard 1\/2 exits 0 whatever its own verdict: the thresholds are judged on the merged run/);
    expect(readSummary(dir).thresholds.some((t) => !t.passed)).toBe(true);
  }, 60_000);

  it('is the verdict for a run of one shard', async () => {
    const run = await failingRun('1/1', tempDir('bl-shard-exit-'));
    expect(run.code, run.stderr).toBe(1);
  }, 60_000);
});
