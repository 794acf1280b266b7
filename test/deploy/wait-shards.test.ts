/**
 * `k8s wait-shards`, the merge Job's init container: a shard counts once its summary.json is final,
 * not while it rewrites checkpoints; at --until it gives up naming the shards missing, exit 4.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pendingShards, waitForShards } from '../../src/commands/k8s-wait.js';
import { EXIT, UserFacingError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

function writeShard(runFolder: string, index1: number, count: number, complete: boolean | undefined): void {
  const dir = join(runFolder, `shard-${index1}-of-${count}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ schemaVersion: 1, run: complete === undefined ? {} : { complete } }));
}

describe('k8s wait-shards', () => {
  it('counts a shard once its summary is final, not its checkpoints', () => {
    const run = tempDir('bl-wait-');
    writeShard(run, 1, 3, true);
    writeShard(run, 2, 3, false);
    // Summaries from before checkpoints carry no flag: final.
    writeShard(run, 3, 3, undefined);
    expect(pendingShards(run, 3)).toEqual([2]);
    mkdirSync(join(run, 'shard-1-of-2'), { recursive: true });
    writeFileSync(join(run, 'shard-1-of-2', 'summary.json'), '{"run": {"compl');
    expect(pendingShards(run, 2)).toEqual([1, 2]);
  });

  it('returns when the last shard is done', async () => {
    const run = tempDir('bl-wait-');
    writeShard(run, 1, 2, true);
    writeShard(run, 2, 2, false);
    const out = new PassThrough();
    let said = '';
    // Shard 2 finishes once shard 1 was reported: a fixed delay could beat the first look.
    out.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('1 of 2')) writeShard(run, 2, 2, true);
    });
    await waitForShards(run, 2, Date.now() + 10_000, out, 20);
    expect(said).toBe(`1 of 2 shards done in ${run}\n2 of 2 shards done in ${run}\n`);
  });

  it('gives up at --until naming the shards missing, exit 4', async () => {
    const run = tempDir('bl-wait-');
    writeShard(run, 2, 3, true);
    const until = Date.now() + 150;
    const waiting = waitForShards(run, 3, until, new PassThrough(), 20);
    await expect(waiting).rejects.toThrow(`shards 1, 3 of 3 not done by ${new Date(until).toISOString()} in ${run}`);
    await expect(waiting).rejects.toSatisfy((error: unknown) => error instanceof UserFacingError && error.exitCode === EXIT.cannotRun);
  });
});
