/** One run, both kinds of users, one result; warm-up; and the run's behaviour at its edges. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { loadFlowFile, urlFlow } from '../../src/flow-api/load.js';
import { constant } from '../../src/flow-api/think.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { createAuth } from '../../src/protocol/auth.js';
import { VirtualUser } from '../../src/protocol/user.js';
import { runLoadTest } from '../../src/runner/run.js';
import { startDemoTarget } from '../../src/target/server.js';
import { allFilesText, answered, readSummary, runCli, tempDir, whenRunning } from '../helpers.js';

let target: Awaited<ReturnType<typeof startDemoTarget>>;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target?.close();
});

describe('a mixed run', () => {
  it('puts browser page views and protocol requests into one summary.json', async () => {
    const resultsDir = tempDir();
    const { flow } = await loadFlowFile(null);
    const quick = { ...flow, protocol: { ...flow.protocol!, wait: constant(0.05) }, browser: { ...flow.browser!, wait: constant(0.2) } };
    const config = buildRunConfig({ host: target.url, users: '5', browserUsers: '1', runTime: '6s', apiKey: 'demo-api-key', quiet: true, resultsDir }, {});
    await runLoadTest({ config, flow: quick, flowSource: 'flows/erp.ts' });
    const summary = readSummary(resultsDir);
    const pages = summary.stats.filter((s) => s.type === 'PAGE');
    const api = summary.stats.filter((s) => s.type !== 'PAGE');
    expect(pages.map((p) => p.name)).toEqual(expect.arrayContaining(['/ [cold]', '/ [warm]']));
    expect(api.length).toBeGreaterThan(3);
    expect(summary.aggregate.count).toBe(summary.stats.reduce((n, s) => n + s.count, 0));
    const home = summary.browser!.pages.find((p) => p.name === '/ [cold]')!;
    expect(home.metrics.lcp!.count).toBeGreaterThan(0);
    expect(summary.browser!.resources.some((r) => r.url.endsWith('/static/app.js'))).toBe(true);
    // The dashboard's own fetch() calls are browser resources, not protocol rows.
    expect(summary.browser!.resources.some((r) => r.resourceType === 'fetch' && r.page === '/dashboard/')).toBe(true);
    expect(api.some((s) => s.name.includes('?page='))).toBe(false);
    // The time series counts the browser user beside the protocol users.
    expect(summary.timeSeries.points.some((p) => p.browserUsers === 1)).toBe(true);
    expect(summary.audit!.resources.length).toBeGreaterThan(0);
    expect(summary.generator.samples.some((s) => s.browserPct !== null)).toBe(true);
  });
});

describe('warm-up', () => {
  it('runs the load first and leaves its samples out of the stats, keeping them apart', async () => {
    const resultsDir = tempDir();
    const config = buildRunConfig({ host: target.url, url: ['/health'], users: '2', warmup: '2s', runTime: '2s', browserUsers: '0', quiet: true, resultsDir }, {});
    const { summary } = await runLoadTest({ config, flow: urlFlow(['/health']), flowSource: '--url' });
    expect(summary.run.measuredFrom - summary.run.startedAt).toBeGreaterThanOrEqual(1900);
    expect(summary.warmup!.aggregate.count).toBeGreaterThan(0);
    expect(summary.aggregate.firstAt!).toBeGreaterThanOrEqual(summary.run.measuredFrom);
    expect(summary.timeSeries.points.reduce((n, p) => n + p.requests, 0)).toBe(summary.aggregate.count);
  });
});

describe('JWT', () => {
  it('logs in again once when the server rejects the token, and the retry succeeds', async () => {
    const recorder = new MetricsRecorder();
    const auth = createAuth({ username: 'admin', password: 'adminpass', apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' });
    const user = new VirtualUser(1, { origin: target.url, requestTimeoutMs: 5000, revalidateAll: false, openModel: false, userAgent: 'test' }, recorder, auth, 1);
    expect(await user.login()).toBe(true);
    user.session.token = 'expired.or.forged';
    const res = await user.get('/api/search/', { query: { q: 'cash' } });
    expect(res.ok).toBe(true);
    const snapshot = recorder.snapshot();
    expect(snapshot.stats.find((s) => s.name === '/api/token/')!.count).toBe(2);
    expect(snapshot.failures).toEqual([expect.objectContaining({ name: '/api/search/', error: 'HTTP 401', occurrences: 1 })]);
    await user.close(false);
  });
});

describe('--revalidate', () => {
  it('sends conditional GETs of URLs seen before, and the audit lists the routes that answer 304', async () => {
    const resultsDir = tempDir();
    const config = buildRunConfig({ host: target.url, url: ['/api/search/?q=rent'], users: '2', runTime: '2s', browserUsers: '0', apiKey: 'demo-api-key', revalidate: true, quiet: true, resultsDir }, {});
    const { summary } = await runLoadTest({ config, flow: urlFlow(['/api/search/?q=rent']), flowSource: '--url' });
    const row = summary.stats.find((s) => s.name === '/api/search/?q=rent')!;
    // Each user's first GET is plain; every later one carries the ETag and is answered 304.
    expect(row.responses!.conditionalRequests).toBe(row.count - 2);
    expect(row.responses!.conditionalNotModified).toBe(row.count - 2);
    expect(summary.audit!.revalidation.answering304).toEqual(['/api/search/?q=rent']);
    expect(summary.audit!.resources.find((r) => r.url === '/api/search/?q=rent')!.cache).toBe('revalidated');
  });
});

describe('JWT with wrong credentials', () => {
  it('logs each user in once and records the 401s, without logging in again for each', async () => {
    const resultsDir = tempDir();
    const config = buildRunConfig({ host: target.url, url: ['/api/search/?q=cash'], users: '2', runTime: '2s', browserUsers: '0', username: 'admin', password: 'wrong-password', quiet: true, resultsDir }, {});
    const { summary } = await runLoadTest({ config, flow: urlFlow(['/api/search/?q=cash']), flowSource: '--url' });
    const login = summary.stats.find((s) => s.name === '/api/token/')!;
    const search = summary.stats.find((s) => s.name === '/api/search/?q=cash')!;
    expect(login.count).toBe(2);
    expect(login.failures).toBe(2);
    expect(search.count).toBeGreaterThan(10);
    expect(search.failures).toBe(search.count);
  });
});

describe('the run command at its edges', () => {
  it('runs a flow file of the user, with tag filters', async () => {
    const dir = tempDir();
    const file = join(dir, 'my-flow.ts');
    writeFileSync(
      file,
      `export default {
        name: 'mine',
        protocol: {
          tasks: [
            { name: 'health', tags: ['cheap'], run: async (user: any) => { await user.http.get('/health', { auth: false }); } },
            { name: 'search', tags: ['api'], run: async (user: any) => { await user.http.get('/api/search/', { query: { q: 'tax' } }); } },
          ],
        },
      };\n`,
    );
    const results = join(dir, 'run');
    const res = await runCli(['run', '--host', target.url, '--flows', file, '-T', 'cheap', '-u', '2', '-t', '2s', '-b', '0', '--quiet', '--no-html', '--results-dir', results]);
    expect(res.code).toBe(0);
    expect(readSummary(results).stats.map((s) => s.name)).toEqual(['/health']);
  });

  it('says in one line how to get Chromium when it is missing, exit 4', async () => {
    const res = await runCli(['run', '--host', target.url, '-u', '1', '-t', '2s', '--chromium', '/nonexistent/chromium', '--quiet', '--results-dir', tempDir()]);
    expect(res.code).toBe(4);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/apt-get install chromium-headless-shell/);
  });

  it('keeps credentials out of its output and its files', async () => {
    const key = 'cli-secret-key-9d3e';
    const results = tempDir();
    const res = await runCli(['run', '--demo-target', '--demo-flags', `--api-key ${key}`, '--api-key', key, '--url', `/api/search/?q=tax&token=${key}`, '-u', '3', '-t', '3s', '-b', '0', '--csv', join(results, 'run'), '--results-dir', results]);
    expect(res.code).toBe(0);
    const summary = readSummary(results);
    expect(summary.aggregate.failures).toBe(0);
    // The key also sat in a URL: the row is there, with the key redacted in every form.
    expect(summary.stats.find((s) => s.name === '/api/search/?q=tax&token=[redacted]')?.count).toBeGreaterThan(0);
    const everything = res.stdout + res.stderr + allFilesText(results);
    expect(everything).toContain('Aggregated');
    expect(everything).not.toContain(key);
  });

  it('refuses a results folder it cannot create before any load, exit 2', async () => {
    const started = Date.now();
    const res = await runCli(['run', '--host', target.url, '--url', '/health', '-u', '1', '-t', '30s', '-b', '0', '--results-dir', '/dev/null/run']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toMatch(/^browse-load: --results-dir: cannot create \/dev\/null\/run/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('writes what it has and exits 3 at once on a second Ctrl-C', async () => {
    // Slow requests take 40 s: the first Ctrl-C would wait for them (stop timeout 30 s), the
    // second must not.
    const slow = await startDemoTarget({ port: 0, latencyFor: { '/slow-health': 40_000 } });
    const results = tempDir();
    const started = Date.now();
    // The target runs here: the first Ctrl-C once it answered a /health request (so the figures
    // hold one: each user soon waits on a slow one), the second while the users wait.
    const oneAnswered = answered('/health');
    try {
      const res = await runCli(['run', '--host', slow.url, '--url', '/health', '--url', '/slow-health', '-u', '3', '-t', '60s', '-b', '0', '--no-html', '--stop-timeout', '30s', '--results-dir', results], {
        onStart: (child) =>
          whenRunning(child, () =>
            void oneAnswered.then(() => {
              child.kill('SIGINT');
              setTimeout(() => child.kill('SIGINT'), 500);
            }),
          ),
      });
      expect(res.code).toBe(3);
      // Start-up, a moment of load, then out at once: far less than the 30 s stop timeout.
      expect(Date.now() - started).toBeLessThan(20_000);
      const summary = readSummary(results);
      expect(summary.run.stoppedBy).toBe('signal');
      expect(summary.stats.find((s) => s.name === '/health')?.count).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  });
});
