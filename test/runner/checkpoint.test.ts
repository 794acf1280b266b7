/**
 * Checkpoints: a real run as a child process, killed with SIGKILL once its first checkpoint is
 * written (~10 s into the load; no exit hook, no final write), still leaves a whole summary.json of its first 10 s, marked incomplete, which
 * `browse-load report` renders with the incomplete-run banner and exit 0.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget } from '../../src/target/server.js';
import { readSummary, tempDir, until, whenRunning } from '../helpers.js';

const CLI = 'bin/browse-load.js';
let target: Awaited<ReturnType<typeof startDemoTarget>>;

beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target.close();
});

describe('a run killed with kill -9', () => {
  it('leaves the checkpoint of its first 10 s, which report renders as an incomplete run', async () => {
    const resultsDir = tempDir();
    // The run would take 60 s and is bounded in requests by its 2 users; the kill ends it once the
    // checkpoint of its 10th second is on disk (a fixed time could beat a late checkpoint).
    const child = spawn(process.execPath, [CLI, 'run', '--host', target.url, '--url', '/health', '-u', '2', '-t', '60s', '--browser-users', '0', '--workers', '1', '--results-dir', resultsDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => whenRunning(child, resolve));
    child.stderr.resume();
    const path = `${resultsDir}/summary.json`;
    await until(() => existsSync(path), 'the first checkpoint', 30_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Written by rename: no temporary file is left beside it.
    expect(readdirSync(resultsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const checkpoint = readSummary(resultsDir);
    expect(checkpoint.run.complete).toBe(false);
    expect(checkpoint.aggregate.count).toBeGreaterThan(0);
    expect(checkpoint.stats.map((s) => s.name)).toContain('/health');
    // At most the last 10 s lost: the checkpoint is of the 10th second (the child took a moment to start).
    expect(checkpoint.run.endedAt - checkpoint.run.startedAt).toBeGreaterThanOrEqual(10_000);

    const report = spawnSync(process.execPath, [CLI, 'report', resultsDir], { encoding: 'utf8', timeout: 30_000 });
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/INCOMPLETE RUN/);
    expect(readFileSync(`${resultsDir}/report.html`, 'utf8')).toContain('id="incomplete-run"');
  }, 60_000);
});
