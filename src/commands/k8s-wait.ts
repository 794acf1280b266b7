/**
 * `browse-load k8s wait-shards RUN_FOLDER --shards N --until TIME`: the merge Job's init container.
 * It returns once every shard's summary.json is final (`run.complete` not false: a shard rewrites a
 * checkpoint every 10 s while it runs), and gives up at TIME (the shards' deadline) naming the
 * shards still missing, exit 4, so the merge Job fails instead of waiting forever.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { Problems } from '../config/problems.js';
import { EXIT, UserFacingError } from '../errors.js';

/** How often the volume is looked at: a shared file system, so not too often. */
const POLL_MS = 2_000;

/** Whether shard I of N has written its final summary.json under the run folder. */
export function shardDone(runFolder: string, index1: number, count: number): boolean {
  try {
    const summary = JSON.parse(readFileSync(join(runFolder, `shard-${index1}-of-${count}`, 'summary.json'), 'utf8')) as { run?: { complete?: boolean } };
    return summary.run !== undefined && summary.run.complete !== false;
  } catch {
    // Not there yet, or caught between a checkpoint's write and its rename on a network volume.
    return false;
  }
}

export function pendingShards(runFolder: string, count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1).filter((i) => !shardDone(runFolder, i, count));
}

export async function waitForShards(runFolder: string, count: number, untilMs: number, out: NodeJS.WritableStream = process.stdout, pollMs = POLL_MS): Promise<void> {
  let reported = -1;
  for (;;) {
    const pending = pendingShards(runFolder, count);
    if (pending.length !== reported) out.write(`${count - pending.length} of ${count} shards done in ${runFolder}\n`);
    reported = pending.length;
    if (pending.length === 0) return;
    if (Date.now() >= untilMs) {
      throw new UserFacingError(`shard${pending.length > 1 ? 's' : ''} ${pending.join(', ')} of ${count} not done by ${new Date(untilMs).toISOString()} in ${runFolder}`, EXIT.cannotRun);
    }
    await sleep(Math.min(pollMs, Math.max(0, untilMs - Date.now())));
  }
}

export function waitShardsCommand(): Command {
  return new Command('wait-shards')
    .description("Wait until every shard's summary.json in RUN_FOLDER is final (the merge Job's init container); exit 4 at --until")
    .argument('<run-folder>', 'the run folder holding shard-<I>-of-<N>/')
    .addOption(new Option('--shards <n>', 'number of shards').makeOptionMandatory())
    .addOption(new Option('--until <time>', 'give up at this time (RFC 3339)').makeOptionMandatory())
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .exitOverride()
    .action(async (runFolder: string, opts: { shards: string; until: string }) => {
      const problems = new Problems();
      const count = problems.int('--shards', opts.shards, 1, 1);
      const untilMs = Date.parse(opts.until);
      if (Number.isNaN(untilMs)) problems.push(`--until wants an RFC 3339 time like 2026-12-01T12:00:00Z, got '${opts.until}'`);
      problems.throwIfAny();
      await waitForShards(runFolder, count, untilMs);
    });
}
