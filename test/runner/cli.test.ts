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
    // With --demo-target too, every problem comes at once, before the demo target starts.
    const demo = await runCli(['run', '--demo-target', '--host', 'http://127.0.0.1:1', '-u', 'lots']);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toBe("browse-load: 2 problems: --demo-target and --host exclude each other; --users wants a whole number >= 0, got 'lots'\n");
    const missing = await runCli(['run', '--users']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'-u, --users <n>' argument missing");
  });

  it('answers an unreachable host with one line and exit 4', async () => {
    const result = await runCli(['run', '--host', 'http://127.0.0.1:9', '-b', '0', '-t', '2s', '--url', '/', '--results-dir', tempDir()]);
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

describe('flags that run and audit share', () => {
  it('defines --api-key-header once: the same help and the same problem from both commands', async () => {
    const args = ['--host', 'http://127.0.0.1:9', '--api-key-header', 'bad header'];
    const [run, audit] = await Promise.all([runCli(['run', ...args]), runCli(['audit', ...args])]);
    expect([run.code, audit.code]).toEqual([2, 2]);
    expect(run.stderr).toBe("browse-load: --api-key-header wants an HTTP header name, got 'bad header'\n");
    expect(audit.stderr).toBe(run.stderr);
    // Help wraps at 80 columns with each command's own padding: compare the words.
    const words = (text: string) => text.replace(/\s+/g, ' ');
    const [runHelp, auditHelp] = await Promise.all([runCli(['run', '--help']), runCli(['audit', '--help'])]);
    const line = '--api-key-header <name> header that carries the API key (default X-API-Key)';
    expect(words(runHelp.stdout)).toContain(line);
    expect(words(auditHelp.stdout)).toContain(line);
  });

  it('logs in with BROWSE_LOAD_USERNAME/PASSWORD against the demo target, its API key left out', async () => {
    const dir = tempDir();
    const env = { BROWSE_LOAD_USERNAME: 'admin', BROWSE_LOAD_PASSWORD: 'adminpass' };
    const result = await runCli(['run', ...QUICK.filter((a) => a !== '/health' && a !== '--url'), '--url', '/api/search/?q=cash', '--results-dir', dir], { env });
    expect(result.code).toBe(0);
    const summary = readSummary(dir);
    expect(summary.run.options.auth).toMatchObject({ kind: 'jwt', username: 'admin', password: '[redacted]' });
    expect(summary.run.options.auth).not.toHaveProperty('apiKey');
    expect(summary.stats.find((s) => s.name === '/api/token/')).toMatchObject({ count: 2, failures: 0 });
    expect(summary.stats.find((s) => s.name === '/api/search/?q=cash')?.failures).toBe(0);
  });
});
