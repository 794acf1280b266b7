/**
 * Whole runs of the CLI against a target that misbehaves one way per path (test/support/fault-target.ts).
 * For each fault: the run ends on time, exits 1 (failed requests, no thresholds: README "Exit
 * codes"), writes complete results, names the fault as the README's table does, in
 * failures.csv and summary.json, and its totals agree (test/support/totals.ts).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import type { Summary } from '../../src/schema/summary.js';
import { answered, readSummary, runCli, tempDir, whenRunning } from '../helpers.js';
import { FAULT_PATHS, startFaultTarget, type FaultPath, type FaultTarget } from '../support/fault-target.js';
import { expectTotalsAgree, type AgreedTotals } from '../support/totals.js';

const RUN_S = 3;
/** Start-up of the CLI through tsx on a busy machine, the run, its stop and the writing of results. */
const WALL_BOUND_MS = 45_000;

let target: FaultTarget | null = null;
afterEach(async () => {
  await target?.close();
  target = null;
});

interface FaultRun {
  code: number | null;
  summary: Summary;
  totals: AgreedTotals;
  stderr: string;
}

/** A run of `path` (a --url, or a flow file ending in .ts) against a fresh fault target. */
interface RunChoices {
  /** Called once the run's load has started. */
  onRunning?: () => void;
  options?: string[];
  runS?: number;
}

async function runAgainst(path: string, { onRunning, options = ['--request-timeout', '1s', '-b', '0'], runS = RUN_S }: RunChoices = {}): Promise<FaultRun> {
  target = await startFaultTarget();
  const dir = tempDir();
  const csv = join(dir, 'stats');
  const load = path.endsWith('.ts') ? ['-f', path] : ['--url', path];
  const args = ['run', '-H', target.url, ...load, '-u', '3', '-t', `${runS}s`, ...options, '--results-dir', dir, '--csv', csv];
  const result = await runCli(args, { timeoutMs: WALL_BOUND_MS, onStart: (child) => onRunning && whenRunning(child, onRunning) });
  expect(result.stderr, 'never a stack trace').not.toMatch(/\bat .*\.[jt]s:\d+/);
  // Complete results: the final summary, the report and every CSV.
  const summary = readSummary(dir);
  expect(summary.run.complete).toBe(true);
  for (const file of ['report.html', 'stats_stats.csv', 'stats_failures.csv', 'stats_stats_history.csv']) expect(existsSync(join(dir, file)), file).toBe(true);
  // On time: the measured span is the run time; a deadline or the stop timeout bounds what was in flight at stop.
  expect(summary.run.endedAt - summary.run.measuredFrom).toBeLessThan((runS + 2) * 1000);
  return { code: result.code, summary, totals: expectTotalsAgree(summary, csv), stderr: result.stderr };
}

/** Every request of the run failed, each under `name`, with `status` (0: no HTTP response). */
function expectAllFailedAs(run: FaultRun, name: string, status = 0): void {
  expect(run.code).toBe(EXIT.thresholdFailed);
  expect(run.totals.requests).toBeGreaterThan(0);
  expect(run.totals.byError).toEqual({ [name]: run.totals.requests });
  expect(run.totals.statusCodes).toEqual({ [String(status)]: run.totals.requests });
}

const EVERY_REQUEST_FAILS: { fault: FaultPath; what: string; name: string; status?: number }[] = [
  { fault: 'resetBeforeHeaders', what: 'a reset before the headers', name: 'connection reset (ECONNRESET)' },
  { fault: 'earlyClose', what: 'a normal close before the body ended', name: 'closed before the response ended (UND_ERR_SOCKET)' },
  { fault: 'trickle', what: 'a body trickling a byte every 200 ms', name: 'total timeout (1 s)' },
  { fault: 'endless', what: 'a chunked body that never ends', name: 'total timeout (1 s)' },
  { fault: 'silence', what: 'silence after the request', name: 'headers timeout (1 s)' },
  { fault: 'garbage', what: 'an answer that is not HTTP', name: 'invalid HTTP (HTTPParserError)' },
  { fault: 'lyingGzip', what: 'a body that is not the gzip its Content-Encoding says', name: 'body does not decode as gzip (Z_DATA_ERROR)', status: 200 },
  { fault: 'hugeHeaders', what: 'headers over undici’s limit', name: 'headers too large (UND_ERR_HEADERS_OVERFLOW)' },
];

describe('a run against a misbehaving target', () => {
  for (const { fault, what, name, status } of EVERY_REQUEST_FAILS) {
    it(`records ${what} as "${name}", on time, with totals that agree`, async () => {
      expectAllFailedAs(await runAgainst(FAULT_PATHS[fault]), name, status);
    }, WALL_BOUND_MS + 5000);
  }

  // A reset after part of the body: when the client's loop is busy and the body's bytes still wait
  // in its socket, Linux hands them over and then reads the reset as an end of stream, which undici
  // reports as 'other side closed' (reproduced with a bare undici Client: 1 in 450 under a busy
  // loop, 0 in 450 idle). Both names are what the client saw; the reset must still dominate.
  it('records a reset in the middle of the body as "connection reset (ECONNRESET)" (or, read as an end, a close before the end), on time, with totals that agree', async () => {
    const run = await runAgainst(FAULT_PATHS.resetMidBody);
    expect(run.code).toBe(EXIT.thresholdFailed);
    const { requests, byError, statusCodes } = run.totals;
    expect(requests).toBeGreaterThan(0);
    expect(statusCodes).toEqual({ '0': requests });
    const reset = byError['connection reset (ECONNRESET)'] ?? 0;
    const readAsEnd = byError['closed before the response ended (UND_ERR_SOCKET)'] ?? 0;
    expect(reset + readAsEnd).toBe(requests);
    expect(reset).toBeGreaterThan(0.9 * requests);
  }, WALL_BOUND_MS + 5000);

  it('records a burst of 503s (every 3rd request) as "HTTP 503" beside the 200s', async () => {
    const run = await runAgainst(FAULT_PATHS.burst);
    expect(run.code).toBe(EXIT.thresholdFailed);
    const { requests, failures, byError, statusCodes } = run.totals;
    expect(byError).toEqual({ 'HTTP 503': failures });
    expect(statusCodes).toEqual({ '200': requests - failures, '503': failures });
    // Every 3rd request the target saw; requests cut at stop are not in the count.
    expect(Math.abs(failures - requests / 3)).toBeLessThanOrEqual(2);
  }, WALL_BOUND_MS + 5000);

  it('records a redirect loop hop by hop, its 11th hop failing as "too many redirects (10)"', async () => {
    const run = await runAgainst(FAULT_PATHS.redirectLoop);
    expect(run.code).toBe(EXIT.thresholdFailed);
    const { requests, failures, byError, statusCodes } = run.totals;
    expect(byError).toEqual({ 'too many redirects (10)': failures });
    expect(statusCodes).toEqual({ '302': requests });
    // Each chain is the request and 10 redirects followed, every hop counted, the last failed;
    // the users' chains in progress at stop are the remainder.
    expect(failures).toBeGreaterThan(0);
    expect(requests - failures * 11).toBeGreaterThanOrEqual(0);
    expect(requests - failures * 11).toBeLessThan(3 * 11);
  }, WALL_BOUND_MS + 5000);

  it('records the target going away for a second as refused connections, and carries on when it is back', async () => {
    let outage: Promise<void> | undefined;
    // Once the target has answered some of the run's requests, the listener closes for 1 s, then
    // listens on the same port (the target runs in this process: the requests are seen arriving).
    const run = await runAgainst(FAULT_PATHS.ok, { onRunning: () => (outage = answered(FAULT_PATHS.ok, 5).then(() => target!.outage(1000))) });
    await outage;
    expect(run.code).toBe(EXIT.thresholdFailed);
    const { byError, successes, failures } = run.totals;
    expect(byError['connection refused (ECONNREFUSED)']).toBeGreaterThan(0);
    // The connections open when it went: reset or closed, under their names; nothing else.
    for (const error of Object.keys(byError)) expect(error).toMatch(/^(connection refused \(ECONNREFUSED\)|connection reset \(ECONNRESET\)|closed before the response ended \(UND_ERR_SOCKET\))$/);
    expect(failures).toBeGreaterThan(0);
    // Requests succeeded before it went (in its first half second, within the first two points,
    // the first maybe partial) and after it came back (the last point).
    const points = run.summary.timeSeries.points;
    const succeeded = (p: (typeof points)[number]) => p.requests - p.failures;
    expect(succeeded(points[0]) + succeeded(points[1])).toBeGreaterThan(0);
    expect(succeeded(points[points.length - 1])).toBeGreaterThan(0);
    expect(successes).toBe(points.reduce((n, p) => n + succeeded(p), 0));
  }, WALL_BOUND_MS + 5000);

  it('counts a trickling body still in flight at stop as cut, apart from the totals, and exits 6 when none completed', async () => {
    // A deadline past the run's end: each user's one request is on the wire when the run stops.
    const run = await runAgainst(FAULT_PATHS.trickle, { options: ['--request-timeout', '60s', '--stop-timeout', '1s', '-b', '0'] });
    expect(run.code).toBe(EXIT.noneCompleted);
    expect(run.totals).toMatchObject({ requests: 0, failures: 0, cutAtStop: 3, byError: {}, statusCodes: {} });
    expect(run.summary.stats.find((s) => s.name === FAULT_PATHS.trickle)?.cutAtStop).toBe(3);
    expect(run.stderr).toMatch(/no request completed/);
  }, WALL_BOUND_MS + 5000);

  it('agrees on the totals of protocol and browser users together, each fault under its name', async () => {
    const flowFile = join(tempDir(), 'faults.ts');
    writeFileSync(
      flowFile,
      `import { constant, defineFlow } from 'browse-load/flow';
export default defineFlow({
  name: 'faults, both kinds of users',
  protocol: { wait: constant(0.05), tasks: [{ name: 'ok and cut', weight: 1, async run(user) { await user.get('${FAULT_PATHS.ok}'); await user.get('${FAULT_PATHS.earlyClose}'); } }] },
  browser: { pages: ['${FAULT_PATHS.earlyClose}', '${FAULT_PATHS.lyingGzip}', '${FAULT_PATHS.pageWithBrokenScript}', '${FAULT_PATHS.ok}'] },
});
`,
    );
    // Long enough for Chromium to start and view each page once, cold and warm, on a busy machine.
    const run = await runAgainst(flowFile, { options: ['--request-timeout', '1s', '-b', '1', '--workers', '1'], runS: 10 });
    expect(run.code).toBe(EXIT.thresholdFailed);
    const { byError } = run.totals;
    expect(byError['closed before the response ended (UND_ERR_SOCKET)']).toBeGreaterThan(0);
    for (const name of [
      'closed before the response ended (net::ERR_CONTENT_LENGTH_MISMATCH)',
      'body does not decode as its Content-Encoding says (net::ERR_CONTENT_DECODING_FAILED)',
      `resource failed: ${FAULT_PATHS.resetBeforeHeaders} connection reset (net::ERR_CONNECTION_RESET)`,
    ]) expect(Object.keys(byError)).toContain(name);
    const pages = run.summary.stats.filter((s) => s.type === 'PAGE');
    expect(pages.find((s) => s.name === `${FAULT_PATHS.ok} [cold]`)?.failures).toBe(0);
  }, WALL_BOUND_MS + 15_000);
});
