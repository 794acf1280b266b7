/**
 * Bad input, case by case: each runs the CLI and must end within its timeout with one line on
 * stderr, the documented exit code, and no stack trace. Results folders that cannot be made are
 * found before any load (under /proc, Node's recursive mkdir used to spin a core forever).
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { CLI, runCli } from '../helpers.js';

const RUN = ['run', '--demo-target', '--url', '/', '-u', '1', '-t', '1s', '--quiet', '--no-html'];

const CASES: { what: string; args: string[]; exit: number; says: RegExp }[] = [
  { what: 'a results folder under /proc', args: [...RUN, '--results-dir', '/proc/browse-load/x'], exit: EXIT.usage, says: /--results-dir: cannot create/ },
  { what: 'a results folder under a file', args: [...RUN, '--results-dir', '/etc/hostname/sub'], exit: EXIT.usage, says: /is not a folder/ },
  { what: '--workers 0', args: [...RUN, '--workers', '0'], exit: EXIT.usage, says: /^browse-load: --workers wants a whole number >= 1, got '0'$/ },
  { what: '--max-redirects -1', args: [...RUN, '--max-redirects', '-1'], exit: EXIT.usage, says: /^browse-load: --max-redirects wants a whole number >= 0/ },
  { what: 'a user count that is not a number', args: [...RUN, '-u', 'abc'], exit: EXIT.usage, says: /--users wants a whole number >= 0, got 'abc'/ },
  { what: 'a flag the demo target does not know, in --demo-flags', args: [...RUN, '--demo-flags', '--bogus 1'], exit: EXIT.usage, says: /^browse-load: --demo-flags: unknown option '--bogus'$/ },
  { what: 'a bad value in --demo-flags', args: [...RUN, '--demo-flags', '--latency soon'], exit: EXIT.usage, says: /^browse-load: --demo-flags: --latency needs/ },
  { what: '--demo-flags without --demo-target', args: ['run', '--host', 'http://127.0.0.1:9', '--url', '/', '--demo-flags', '--latency 5'], exit: EXIT.usage, says: /^browse-load: --demo-flags needs --demo-target/ },
  { what: 'a run time that is not a duration', args: [...RUN, '-t', '5x'], exit: EXIT.usage, says: /--run-time wants a duration like 90s/ },
];

describe('output piped into a reader that leaves early', () => {
  it('ends quietly, with no EPIPE stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    // `true` reads nothing and exits at once: every write of the run's summary meets a closed pipe.
    const run = `node ${CLI} run --demo-target --url /health -u 1 -t 1s -b 0 --no-html -q --results-dir $(mktemp -d)`;
    const result = spawnSync('bash', ['-c', `${run} | true; echo "exit=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).not.toMatch(/EPIPE|Error|at .*:\d+:\d+/);
    expect(result.stderr).toMatch(/exit=0/);
  }, 40_000);
});

describe('bad input', () => {
  it.each(CASES.map((c) => [c.what, c] as const))('%s: one line, its exit code, no stack, no hang', async (_what, c) => {
    const result = await runCli(c.args, { timeoutMs: 20_000 });
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(c.says);
    expect(result.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    expect(result.code).toBe(c.exit);
  }, 30_000);
});
