/**
 * Bad input to `run`, flag by flag, and commander's own findings (unknown commands and flags,
 * missing values): each case must end within its bound with one line on stderr naming the
 * problem, exit 2 as the README's table says, no stack trace, and no request sent to the target;
 * a run the environment stops (no host, no Chromium) exits 4 the same way.
 * Flow files and results folders: bad-input-files.test.ts; the other commands:
 * bad-input-commands.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { CLI } from '../helpers.js';
import { type BadInput, type CountingTarget, STACK_FRAME, expectRefused, runCliBounded, startCountingTarget } from './bad-input-helpers.js';

/** Stands for the counting target's URL in the cases. */
const HOST = '{host}';
const RUN = ['run', '--host', HOST, '--url', '/', '-t', '1s', '-b', '0', '--quiet', '--no-html'];
const DEMO = ['run', '--demo-target', '--url', '/', '-u', '1', '-t', '1s', '-b', '0', '--quiet', '--no-html'];
const usage = (what: string, args: string[], says: RegExp): BadInput => ({ what, args, exit: EXIT.usage, says });

const RUN_FLAGS: BadInput[] = [
  usage('a user count that is not a number', [...RUN, '-u', 'abc'], /--users wants a whole number >= 0, got 'abc'$/),
  usage('an empty user count (it used to run 0 users)', [...RUN, '-u', ''], /--users wants a whole number >= 0, got ''$/),
  usage('a hexadecimal user count', [...RUN, '-u', '0x10'], /--users wants a whole number >= 0, got '0x10'$/),
  usage('a fractional user count', [...RUN, '-u', '1.5'], /--users wants a whole number >= 0, got '1\.5'$/),
  usage('--spawn-rate 0', [...RUN, '--spawn-rate', '0'], /--spawn-rate wants a number >= 0\.001, got '0'$/),
  usage('--users 0 and --browser-users 0', [...RUN, '-u', '0'], /nothing to run: --users and --browser-users are both 0$/),
  usage('a run time of 10x', [...RUN, '-t', '10x'], /--run-time wants a duration like 90s, 10m or 1h30m, got '10x'$/),
  usage('a negative run time', [...RUN, '-t', '-1s'], /--run-time wants a duration like 90s, 10m or 1h30m, got '-1s'$/),
  usage('a run time of 0s', [...RUN, '-t', '0s'], /--run-time must be longer than 0s$/),
  usage('a run time with a unit missing', [...RUN, '-t', '1h30'], /--run-time wants a duration .*got '1h30'$/),
  usage('a warm-up that is not a duration', [...RUN, '--warmup', 'soon'], /--warmup wants a duration .*got 'soon'$/),
  usage('a negative stop timeout', [...RUN, '--stop-timeout', '-1'], /--stop-timeout wants a duration .*got '-1'$/),
  usage('--request-timeout 0', [...RUN, '--request-timeout', '0'], /--request-timeout must be longer than 0s, got '0'$/),
  usage('--request-timeout 5x', [...RUN, '--request-timeout', '5x'], /--request-timeout wants a duration .*got '5x'$/),
  usage('--max-redirects -1', [...RUN, '--max-redirects', '-1'], /^browse-load: --max-redirects wants a whole number >= 0/),
  usage('--workers 0', [...RUN, '--workers', '0'], /^browse-load: --workers wants a whole number >= 1, got '0'$/),
  usage('--seed that is not a number', [...RUN, '--seed', 'abc'], /--seed wants a whole number >= 0, got 'abc'$/),
  usage('--max-names 0', [...RUN, '--max-names', '0'], /--max-names wants a whole number >= 1, got '0'$/),
  usage('--browser-users -1', [...RUN, '--browser-users', '-1'], /--browser-users wants a whole number >= 0, got '-1'$/),
  usage('--browser-spawn-rate 0', [...RUN, '--browser-spawn-rate', '0'], /--browser-spawn-rate wants a number >= 0\.001, got '0'$/),
  usage('--views hot', [...RUN, '--views', 'hot'], /--views takes cold and\/or warm, got 'hot'$/),
  usage('--exit-code-on-error 256', [...RUN, '--exit-code-on-error', '256'], /--exit-code-on-error wants an exit status from 0 to 255, got '256'$/),
  usage('a host without a scheme', ['run', '--host', '127.0.0.1:8000', '--url', '/', '-t', '1s', '-b', '0'], /--host wants an http\(s\) URL, got '127\.0\.0\.1:8000'$/),
  usage('a host of another scheme', ['run', '--host', 'ftp://127.0.0.1', '--url', '/', '-t', '1s', '-b', '0'], /--host wants an http\(s\) URL, got 'ftp:\/\/127\.0\.0\.1'$/),
  usage('a host name with a space', ['run', '--host', 'http://exa mple', '--url', '/', '-t', '1s', '-b', '0'], /--host wants an http\(s\) URL, got 'http:\/\/exa mple'$/),
  usage('no host at all', ['run', '--url', '/', '-t', '1s', '-b', '0'], /--host is required/),
  usage('a --url that is not a path', [...RUN, '--url', 'health'], /--url wants a path starting with \/, got 'health'$/),
  usage('--flows with --url', [...RUN, '--flows', 'flows/erp.ts'], /--flows and --url exclude each other$/),
  usage('--username without --password', [...RUN, '--username', 'u'], /--username and --password go together$/),
  usage('a login path that is not a path', [...RUN, '--login-path', 'token'], /--login-path wants a path starting with \/, got 'token'$/),
  usage('an API key header that is not a header name', [...RUN, '--api-key-header', 'X Key'], /--api-key-header wants an HTTP header name, got 'X Key'$/),
  usage('a --run-id that is a path', [...RUN, '--run-id', '../elsewhere'], /--run-id wants a folder name \(no \/ or \.\.\), got '\.\.\/elsewhere'/),
  usage('an empty --results-dir (it wrote into the current folder)', [...RUN, '--results-dir', ''], /--results-dir wants a folder, got ''$/),
  usage('an empty --csv prefix (it wrote no CSV, silently)', [...RUN, '--csv', ''], /--csv wants a file prefix like results\/run, got ''$/),
  usage('a threshold without its value', [...RUN, '--threshold', 'API:p95<'], /--threshold 'API:p95<': expected \[TYPE NAME:\]METRIC<VALUE/),
  usage('a threshold on a target that is not a row', [...RUN, '--threshold', 'FOO:p95<5'], /--threshold 'FOO:p95<5': 'FOO' is not a row; use API, PAGES, Aggregated or a stats row/),
  usage('a threshold on percentile 101', [...RUN, '--threshold', 'API:p101<5'], /--threshold 'API:p101<5': percentile must be in \(0, 100\]$/),
  usage('a threshold of % on a time', [...RUN, '--threshold', 'p95<5%'], /--threshold 'p95<5%': % only applies to errors$/),
  usage('--stages that do not parse (said once)', ['run', '--host', HOST, '--url', '/', '-b', '0', '--stages', '30s:-5'], /^browse-load: --stages wants DURATION:RATE\[,…\] like 30s:100,2m:100, got '30s:-5'$/),
  usage('--stages with a closed-model user count', [...RUN, '--stages', '10s:5', '-u', '3'], /--users is the closed model; with --arrival-rate use --max-users$/),
  usage('--arrival-rate with --spawn-rate', [...RUN, '--arrival-rate', '5', '-r', '3'], /--spawn-rate is the closed model; with --arrival-rate, --stages ramp the rate$/),
  usage('--arrival-rate 0', [...RUN, '--arrival-rate', '0'], /--arrival-rate must be above 0$/),
  usage('--max-users without the open model', [...RUN, '--max-users', '5'], /--max-users\/--max-backlog need --arrival-rate or --stages \(open model\)$/),
  usage('--max-users 0 in the open model', [...RUN, '--arrival-rate', '5', '--max-users', '0'], /--max-users wants a whole number >= 1, got '0'$/),
  usage('--max-backlog -1', [...RUN, '--arrival-rate', '5', '--max-backlog', '-1'], /--max-backlog wants a whole number >= 0, got '-1'$/),
  usage('several problems at once, in one line', [...RUN, '-u', 'x', '--seed', 'y'], /^browse-load: 2 problems: --users wants .*; --seed wants .*$/),
  usage('--demo-target with --host', [...DEMO, '--host', HOST], /--demo-target and --host exclude each other$/),
  usage('a flag the demo target does not know, in --demo-flags', [...DEMO, '--demo-flags', '--bogus 1'], /^browse-load: --demo-flags: unknown option '--bogus'$/),
  usage('a bad value in --demo-flags', [...DEMO, '--demo-flags', '--latency soon'], /^browse-load: --demo-flags: --latency needs/),
  usage('--demo-flags without --demo-target', [...RUN, '--demo-flags', '--latency 5'], /^browse-load: --demo-flags needs --demo-target/),
];

const COMMANDER: BadInput[] = [
  usage('an unknown command', ['bogus'], /^browse-load: unknown command 'bogus' \(see browse-load --help\)$/),
  usage('an unknown flag', [...RUN, '--bogus'], /^browse-load: unknown option '--bogus' \(see browse-load run --help\)$/),
  usage('a misspelt flag, with the suggestion on the same line', [...RUN, '--usrs', '5'], /^browse-load: unknown option '--usrs' \(Did you mean --users\?\) \(see browse-load run --help\)$/),
  usage('a flag without its value', ['run', '--users'], /^browse-load: option '-u, --users <n>' argument missing/),
  usage('a missing argument', ['report'], /^browse-load: missing required argument 'run' \(see browse-load report --help\)$/),
  usage('an unknown flag of report', ['report', '.', '--bogus'], /^browse-load: unknown option '--bogus' \(see browse-load report --help\)$/),
  usage('a missing required option', ['merge', '.'], /^browse-load: required option '--out <dir>' not specified/),
];

/** The run cannot start (exit 4): the flags are right, the environment is not. */
const CANNOT_RUN: BadInput[] = [
  { what: 'a host nobody listens on', args: ['run', '--host', 'http://127.0.0.1:9', '--url', '/', '-t', '1s', '-b', '0', '-q'], exit: EXIT.cannotRun, says: /^browse-load: cannot reach http:\/\/127\.0\.0\.1:9: connection refused \(ECONNREFUSED\)$/ },
  { what: 'a host name that does not resolve', args: ['run', '--host', 'http://no-such-host.invalid', '--url', '/', '-t', '1s', '-b', '0', '-q'], exit: EXIT.cannotRun, says: /^browse-load: cannot reach http:\/\/no-such-host\.invalid: host not found/ },
  { what: 'a Chromium that is not there', args: ['run', '--host', HOST, '-u', '0', '-b', '1', '-t', '1s', '-q', '--chromium', '/nonexistent/chromium'], exit: EXIT.cannotRun, says: /^browse-load: Chromium not found at \/nonexistent\/chromium: install it with/ },
];

let target: CountingTarget;
beforeAll(async () => {
  target = await startCountingTarget();
});
afterAll(() => target.close());

const withHost = (args: string[]) => args.map((arg) => (arg === HOST ? target.url : arg));

describe('bad run flags', () => {
  it.each(RUN_FLAGS.map((c) => [c.what, c] as const))('%s: one line, exit 2, no stack, no request sent', async (_what, c) => {
    const before = target.requests();
    expectRefused(await runCliBounded(withHost(c.args)), c);
    expect(target.requests() - before).toBe(0);
  }, 30_000);
});

describe("commander's findings", () => {
  it.each(COMMANDER.map((c) => [c.what, c] as const))('%s: one line, exit 2', async (_what, c) => {
    expectRefused(await runCliBounded(withHost(c.args)), c);
  }, 30_000);
});

describe('runs that cannot start', () => {
  it.each(CANNOT_RUN.map((c) => [c.what, c] as const))('%s: one line, exit 4', async (_what, c) => {
    expectRefused(await runCliBounded(withHost(c.args)), c);
  }, 30_000);
});

describe('--debug', () => {
  it('prints the stack trace after the same line', async () => {
    const result = await runCliBounded(withHost([...RUN, '--threshold', 'FOO:p95<5', '--debug']));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.split('\n')[0]).toMatch(/^browse-load: --threshold 'FOO:p95<5': 'FOO' is not a row/);
    expect(result.stderr).toMatch(STACK_FRAME);
  }, 30_000);
});

describe('output piped into a reader that leaves early', () => {
  it('ends quietly, with no EPIPE stack trace', () => {
    // `true` reads nothing and exits at once: every write of the run's summary meets a closed pipe.
    const run = `node ${CLI} run --demo-target --url /health -u 1 -t 1s -b 0 --no-html -q --results-dir $(mktemp -d)`;
    const result = spawnSync('bash', ['-c', `${run} | true; echo "exit=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).not.toMatch(/EPIPE|Error|at .*:\d+:\d+/);
    expect(result.stderr).toMatch(/exit=0/);
  }, 40_000);
});
