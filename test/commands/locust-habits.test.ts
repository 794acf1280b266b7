/**
 * Locust's habits in real runs against the demo target (in this process, or --demo-target):
 * --only-summary, -i, --reset-stats, --html FILE, LOCUST_USERS, a locust.conf in the current
 * folder, -L DEBUG; each run short (seconds, a few users, loopback only).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** A short run of GET /health (one request per iteration, no credentials needed). */
function runHealth(extra: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const runDir = tempDir();
  const args = ['run', '--host', target.url, '--url', '/health', '-b', '0', '--workers', '1', '--no-html', '--results-dir', runDir, ...extra];
  return runCli(args, { ...opts, timeoutMs: 90_000 }).then((result) => ({ ...result, runDir }));
}

describe("Locust's habits in a run", () => {
  it('--only-summary prints the final summary and no progress line', async () => {
    const plain = await runHealth(['-u', '2', '-t', '2s']);
    expect(plain.stderr).toMatch(/\[\d+s\/2s\] running/);
    const only = await runHealth(['-u', '2', '-t', '2s', '--only-summary', '--headless', '--autostart']);
    expect(only.code).toBe(0);
    expect(only.stderr).not.toMatch(/\] running/);
    expect(only.stdout).toContain('Aggregated');
  }, 120_000);

  it('-i N stops the run after N task iterations in all, with worker threads too', async () => {
    const started = Date.now();
    for (const workers of ['1', '2']) {
      const run = await runHealth(['-u', '3', '-t', '60s', '-i', '40', '-q', '--workers', workers]);
      expect(run.code).toBe(0);
      const summary = readSummary(run.runDir);
      expect(summary.run.stoppedBy).toBe('iterations');
      expect(summary.aggregate.count).toBe(40);
      expect(summary.run.options).toMatchObject({ iterations: 40, workers: Number(workers) });
    }
    // Stopped by the count, long before the 60 s of either run (start-up included).
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('--reset-stats leaves the ramp-up out of the stats, as --warmup would', async () => {
    const run = await runHealth(['-u', '4', '-r', '2', '-t', '4s', '--reset-stats', '-q']);
    expect(run.code).toBe(0);
    const summary = readSummary(run.runDir);
    // The last of 4 users starts 1.5 s in; the cut-over comes with the next second's tick.
    expect(summary.run.measuredFrom - summary.run.startedAt).toBeGreaterThanOrEqual(1500);
    expect(summary.warmup?.durationS).toBeGreaterThanOrEqual(1.5);
    expect(summary.warmup?.durationS).toBeCloseTo((summary.run.measuredFrom - summary.run.startedAt) / 1000, 1);
    expect(summary.warmup?.aggregate.count).toBeGreaterThan(0);
    expect(summary.aggregate.count).toBeGreaterThan(0);
  }, 120_000);

  it('--html FILE writes the HTML report there as well as into the run folder', async () => {
    const file = join(tempDir(), 'locust-report.html');
    const run = await runHealth(['-u', '2', '-t', '2s', '-q', '--html', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Report:  ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(run.runDir, 'report.html'), 'utf8'));
  }, 120_000);

  it('LOCUST_USERS and LOCUST_RUN_TIME set the run as -u and -t would; --demo-target beats LOCUST_HOST', async () => {
    const runDir = tempDir();
    const env = { LOCUST_USERS: '3', LOCUST_RUN_TIME: '2s', LOCUST_HOST: 'http://127.0.0.1:9' };
    const run = await runCli(['run', '--demo-target', '--url', '/health', '-b', '0', '--workers', '1', '-q', '--no-html', '--results-dir', runDir], { env, timeoutMs: 90_000 });
    expect(run.code).toBe(0);
    const summary = readSummary(runDir);
    expect(summary.run.options).toMatchObject({ model: { users: 3 }, runTimeS: 2 });
    expect(summary.run.host).not.toBe('http://127.0.0.1:9');
    expect(summary.aggregate.count).toBeGreaterThan(0);
  }, 120_000);

  it('reads locust.conf from the current folder, below the flags', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'locust.conf'), '# as in a Locust project\nusers = 2\nrun-time = 2s\nheadless = true\n');
    const run = await runHealth(['-t', '3s'], { cwd });
    expect(run.code).toBe(0);
    // Said once on stderr, so that a file lying in the folder never changes a run silently.
    expect(run.stderr).toMatch(/^browse-load: options from \S*locust\.conf$/m);
    expect(run.stderr).toMatch(/\[\d+s\/3s\] running/);
    expect(readSummary(run.runDir).run.options).toMatchObject({ model: { users: 2 }, runTimeS: 3 });
  }, 120_000);

  it('refuses an unknown key of the file in one line, exit 2, before any load', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'locust.conf'), 'users = 2\nmaster = true\n');
    const run = await runHealth(['-t', '2s'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^browse-load: locust\.conf line 2: unknown option 'master' [^\n]*\n$/);
  }, 60_000);

  it("tells a Locust user that a locustfile.py does not run here, naming where it came from", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'locustfile.py'), 'from locust import HttpUser\n');
    const runDir = tempDir();
    const run = await runCli(['run', '--host', target.url, '-t', '2s', '--results-dir', runDir], { cwd, env: { LOCUST_LOCUSTFILE: 'locustfile.py' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^browse-load: --flows \(LOCUST_LOCUSTFILE from the environment\): cannot load 'locustfile\.py'.*a Locust locustfile does not run here[^\n]*\n$/);
  }, 60_000);

  it('-L DEBUG prints the stack of an error, as --debug does; a bad value names its variable', async () => {
    const quiet = await runHealth(['-u', 'x']);
    expect(quiet.stderr).not.toContain('    at ');
    const debug = await runHealth(['-u', 'x', '-L', 'DEBUG']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toContain("browse-load: --users wants a whole number >= 0, got 'x'");
    expect(debug.stderr).toContain('    at ');
    const fromEnv = await runHealth([], { env: { LOCUST_SPAWN_RATE: 'fast' } });
    expect(fromEnv.stderr).toBe("browse-load: --spawn-rate (LOCUST_SPAWN_RATE from the environment) wants a number >= 0.001, got 'fast'\n");
  }, 90_000);
});
