/** The `run` command as a user meets it: exit codes, one-line errors, Ctrl-C. */
import { describe, expect, it } from 'vitest';
import { readSummary, runCli, tempDir, whenRunning } from '../helpers.js';

const QUICK = ['--demo-target', '--url', '/health', '-u', '2', '-t', '2s', '-b', '0', '--quiet', '--no-html'];

describe('browse-load run', () => {
  it('exits 0 when thresholds hold and 1 when one fails', async () => {
    const passing = await runCli(['run', ...QUICK, '--results-dir', tempDir(), '--threshold', 'p95<10000', '--threshold', 'errors<1%']);
    expect(passing.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
    expect(passing.code).toBe(0);
    const dir = tempDir();
    const failing = await runCli(['run', ...QUICK, '--results-dir', dir, '--threshold', 'p50<0.001']);
    expect(failing.code).toBe(1);
    const outcome = readSummary(dir).thresholds[0];
    expect(outcome).toMatchObject({ expression: 'p50<0.001', passed: false });
    expect(failing.stdout).toContain(dir);
  });

  it('answers bad flags with one line and exit 2', async () => {
    const result = await runCli(['run', '--host', 'http://127.0.0.1:1', '-u', 'lots', '-t', 'forever']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--users');
    expect(result.stderr).toContain('--run-time');
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    const missing = await runCli(['run', '--users']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'-u, --users <n>' argument missing");
  });

  it('answers an unreachable host with one line and exit 4', async () => {
    const result = await runCli(['run', '--host', 'http://127.0.0.1:9', '-b', '0', '-t', '2s', '--url', '/']);
    expect(result.code).toBe(4);
    expect(result.stderr.trim()).toMatch(/^browse-load: cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes a valid summary.json and exits 3 on Ctrl-C', async () => {
    const dir = tempDir();
    const args = ['run', '--demo-target', '--url', '/health', '-u', '5', '-t', '60s', '-b', '0', '--no-html', '--results-dir', dir];
    const started = Date.now();
    // Ctrl-C two seconds into the load (a Ctrl-C during start-up leaves at once with nothing to write).
    const result = await runCli(args, { onStart: (child) => whenRunning(child, () => setTimeout(() => child.kill('SIGINT'), 2000)) });
    expect(result.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    const summary = readSummary(dir);
    expect(summary.run.stoppedBy).toBe('signal');
    expect(summary.aggregate.count).toBeGreaterThan(0);
    expect(summary.aggregate.failures).toBe(0);
  });
});
