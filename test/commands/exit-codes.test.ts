/**
 * The exit code of a run with failures (README, "Exit codes"): without thresholds it is
 * --exit-code-on-error (default 1, as Locust); thresholds given decide alone (k6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import { runCli, tempDir } from '../helpers.js';

/** No credential from the environment either: every /api request of the default flow gets a 401. */
const NO_CREDENTIALS: NodeJS.ProcessEnv = {
  BROWSE_LOAD_API_KEY: undefined, LOCUST_API_KEY: undefined,
  LOCUST_USERNAME: undefined, BROWSE_LOAD_USERNAME: undefined, LOCUST_PASSWORD: undefined, BROWSE_LOAD_PASSWORD: undefined,
};

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target?.close();
});

function runWithoutCredentials(...extra: string[]) {
  const args = ['run', '--host', target.url, '-u', '3', '-r', '3', '-t', '2s', '-b', '0', '--quiet', '--no-html', '--results-dir', tempDir(), ...extra];
  return runCli(args, { env: NO_CREDENTIALS });
}

describe('exit codes of a run whose requests fail', () => {
  it('prints the error report naming the cause and exits 1 when no credentials were given', async () => {
    const run = await runWithoutCredentials();
    expect(run.code).toBe(1);
    const report = run.stdout.slice(run.stdout.indexOf('Error report'));
    expect(run.stdout).toContain('Error report');
    expect(report).toMatch(/^ +[\d,]+ {2}GET \/api\/journal-entries\/: HTTP 401$/m);
    expect(report).toMatch(/^✗ every request of GET \/api\/journal-entries\/ failed \([\d,]+ of [\d,]+\): HTTP 401 · no credentials given/m);
  }, 60_000);

  it('exits with --exit-code-on-error instead, 0 included', async () => {
    expect((await runWithoutCredentials('--exit-code-on-error', '0')).code).toBe(0);
    expect((await runWithoutCredentials('--exit-code-on-error', '7')).code).toBe(7);
  }, 90_000);

  it('lets the thresholds decide when there are any: a passing one exits 0 despite the failures', async () => {
    const run = await runWithoutCredentials('--threshold', 'p95<60000');
    expect(run.stdout).toContain('✓ pass  p95<60000');
    expect(run.stdout).toContain('no credentials given');
    expect(run.code).toBe(0);
  }, 60_000);

  it('rejects an exit code that is no exit status, with one line and exit 2', async () => {
    const run = await runCli(['run', '--host', 'http://127.0.0.1:9', '--exit-code-on-error', '256']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("browse-load: --exit-code-on-error wants an exit status from 0 to 255, got '256'\n");
  });
});
