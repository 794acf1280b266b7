/**
 * Requests in flight at stop: a server whose responses never end within the run. The run still
 * ends on time, the cut requests are counted per name (`cutAtStop`), said in the reports, and a
 * run in which none completed exits 6 (README, "Exit codes").
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/commands/run-action.js';
import { EXIT } from '../../src/errors.js';
import type { Flow } from '../../src/flow-api/api.js';
import { urlFlow } from '../../src/flow-api/load.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { runLoadTest } from '../../src/runner/run.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import type { LiveSource, LiveView } from '../../src/live/source.js';
import { readSummary, runCli, tempDir } from '../helpers.js';

/** /endless sends its headers and one chunk, then nothing more, ever; anything else answers at once. */
async function endlessServer(): Promise<{ url: string; server: Server; endlessAsked: Promise<void> }> {
  let asked!: () => void;
  const endlessAsked = new Promise<void>((resolve) => (asked = resolve));
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/endless')) {
      asked();
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><title>endless</title><p>a first chunk, and no end');
      return;
    }
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, endlessAsked };
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/**
 * A run against the endless server. With `stopOnceAsked` it runs until the first /endless request
 * has reached the server and is then stopped as from the live view (a 60 s run time bounds it): a
 * browser user's first view must not have to fit into a fixed run time on a busy machine.
 */
async function runAgainst(paths: string[], workers: string, browserUsers = '0', stopOnceAsked = false) {
  const target = await endlessServer();
  server = target.server;
  const resultsDir = tempDir();
  const runTime = stopOnceAsked ? '60s' : '3s';
  const config = buildRunConfig(
    { host: target.url, url: paths, users: '4', workers, runTime, stopTimeout: '1s', requestTimeout: '60s', browserUsers, html: false, quiet: true, resultsDir },
    {},
  );
  const flow: Flow = browserUsers === '0' ? urlFlow(config.urls) : { name: 'endless page', browser: { pages: paths } };
  const watch = (source: LiveSource): LiveView => {
    void target.endlessAsked.then(() => source.stop());
    return { tick: () => {}, close: async () => {} };
  };
  const started = Date.now();
  const outcome = await runLoadTest({ config, flow, flowSource: '--url', flowFromConfig: browserUsers === '0', watch: stopOnceAsked ? watch : undefined });
  return { outcome, seconds: (Date.now() - started) / 1000, written: readSummary(resultsDir) };
}

describe('requests in flight when the run stops', () => {
  it('ends on time, counts every cut request and exits 6 when none completed', async () => {
    const { outcome, seconds, written } = await runAgainst(['/endless'], '1');
    // 3 s of run and 1 s of stop grace; the responses would never end on their own.
    expect(seconds).toBeLessThan(8);
    expect(written.aggregate.count).toBe(0);
    // Each of the 4 users had one request on the wire when the run stopped.
    expect(written.aggregate.cutAtStop).toBe(4);
    expect(written.stats.find((s) => s.name === '/endless')?.cutAtStop).toBe(4);
    expect(outcome.noneCompleted).toBe(true);
    expect(exitCodeOf(outcome, 1)).toBe(EXIT.noneCompleted);
    expect(written.warnings.join('\n')).toMatch(/NO REQUEST COMPLETED/);
    expect(renderTerminal(written)).toMatch(/no request completed: 4 requests cut at stop/);
    expect(renderMarkdown(written)).toMatch(/4 requests were cut at stop .*no request completed/);
  }, 30_000);

  it('counts the cuts per name in worker threads too, beside requests that completed', async () => {
    const { outcome, written } = await runAgainst(['/endless', '/ok'], '2');
    expect(outcome.summary.run.options.workers).toBe(2);
    const endless = written.stats.find((s) => s.name === '/endless');
    const ok = written.stats.find((s) => s.name === '/ok');
    expect(endless?.count).toBe(0);
    expect(endless?.cutAtStop).toBeGreaterThan(0);
    expect(ok?.count).toBeGreaterThan(0);
    expect(written.aggregate.cutAtStop).toBe(endless?.cutAtStop);
    expect(outcome.noneCompleted).toBe(false);
    expect(exitCodeOf(outcome, 1)).toBe(EXIT.ok);
    expect(renderTerminal(written)).toMatch(/requests cut at stop/);
  }, 30_000);

  it('counts a browser view still waiting for its page at stop as cut, not as a failure', async () => {
    const { outcome, seconds, written } = await runAgainst(['/endless'], '1', '1', true);
    expect(seconds).toBeLessThan(50);
    const page = written.stats.find((s) => s.type === 'PAGE');
    expect(page?.cutAtStop).toBe(1);
    expect(page?.failures).toBe(0);
    expect(outcome.noneCompleted).toBe(true);
    expect(outcome.ending).not.toBe('completed');
    expect(exitCodeOf(outcome, 1)).toBe(EXIT.stoppedByUser);
  }, 90_000);

  it('says so on stderr and exits 6 from the command line', async () => {
    const target = await endlessServer();
    server = target.server;
    const resultsDir = tempDir();
    const args = ['run', '--host', target.url, '--url', '/endless', '-u', '2', '-t', '2s', '--stop-timeout', '1s', '--browser-users', '0', '--workers', '1', '-q', '--results-dir', resultsDir];
    const { code, stdout, stderr } = await runCli(args, { timeoutMs: 30_000 });
    expect(code).toBe(EXIT.noneCompleted);
    expect(stderr).toMatch(/^browse-load: no request completed: 2 were sent/m);
    expect(stdout).toMatch(/no request completed: 2 requests cut at stop/);
  }, 40_000);
});
