/**
 * The protocol engine against the real demo target: the default flow's requests and names, both
 * auth schemes, failures, and that no secret reaches a file.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRunOptions } from '../../src/config/run-config.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { constant } from '../../src/flow-api/think.js';
import { loadFlowFile, urlFlow } from '../../src/flow-api/load.js';
import type { Flow } from '../../src/flow-api/api.js';
import { runLoadTest } from '../../src/runner/run.js';
import { startDemoTarget } from '../../src/target/server.js';
import { allFilesText, answered, readSummary, tempDir } from '../helpers.js';

const API_KEY = 'engine-test-key-5b1f';
const PASSWORD = 'engine-test-pass-77c2';
let target: Awaited<ReturnType<typeof startDemoTarget>>;
let erp: Flow;

beforeAll(async () => {
  target = await startDemoTarget({ port: 0, apiKey: API_KEY, password: PASSWORD });
  const loaded = await loadFlowFile(null);
  // Same tasks and weights, a short think time so a few seconds cover every task.
  erp = { ...loaded.flow, protocol: { ...loaded.flow.protocol!, wait: constant(0.02) } };
});
afterAll(async () => {
  await target?.close();
});

async function entryCount(): Promise<number> {
  const res = await request(`${target.url}/api/journal-entries/?page=1`, { headers: { 'x-api-key': API_KEY } });
  return ((await res.body.json()) as { count: number }).count;
}

async function run(raw: Partial<RawRunOptions>, flow: Flow = erp) {
  const resultsDir = tempDir();
  const config = buildRunConfig({ host: target.url, users: '10', runTime: '3s', browserUsers: '0', quiet: true, resultsDir, ...raw }, {});
  const outcome = await runLoadTest({ config, flow, flowSource: 'flows/erp.ts' });
  return { ...outcome, resultsDir };
}

describe('the default ERP flow', () => {
  it('sends every request of the flow under its grouped name, and leaves no entries behind', async () => {
    const before = await entryCount();
    const { summary } = await run({ apiKey: API_KEY });
    const byKey = new Map(summary.stats.map((s) => [`${s.type} ${s.name}`, s]));
    const ENTRY = '/api/journal-entries/[id]/';
    for (const key of [
      'GET /api/journal-entries/',
      `GET ${ENTRY}`,
      'POST /api/journal-entries/',
      `PATCH ${ENTRY}`,
      `PUT ${ENTRY}`,
      `DELETE ${ENTRY}`,
      'GET /api/reports/monthly/',
      'GET /api/search/',
    ]) {
      expect(byKey.get(key)?.count, key).toBeGreaterThan(0);
    }
    // Only grouped names: no row per entry id.
    expect(summary.stats.some((s) => /\/api\/journal-entries\/\d+\//.test(s.name))).toBe(false);
    const created = byKey.get('POST /api/journal-entries/')!.count;
    expect(byKey.get(`PATCH ${ENTRY}`)!.count).toBe(created);
    expect(byKey.get(`DELETE ${ENTRY}`)!.count).toBe(created);
    expect(summary.aggregate.failures).toBe(0);
    expect(summary.exceptions).toEqual([]);
    expect(await entryCount()).toBe(before);
    // The time series adds up to the totals.
    const seriesTotal = summary.timeSeries.points.reduce((sum, p) => sum + p.requests, 0);
    expect(seriesTotal).toBe(summary.aggregate.count);
    expect(summary.timeSeries.points.reduce((sum, p) => sum + (p.decodedBytes ?? 0), 0)).toBe(summary.aggregate.decodedBytes);
    // Protocol users asked for gzip and the large list answers came back smaller on the wire.
    const list = byKey.get('GET /api/journal-entries/')!;
    expect(list.wireBytes).toBeLessThan(list.decodedBytes);
  });

  it('measures the search cache: misses cost the server more than repeats, per route', async () => {
    // Search alone: the flow's writes invalidate the cache, so in the mixed flow a repeat is luck.
    const { summary } = await run({ apiKey: API_KEY, users: '4', runTime: '2s', tags: ['search'] });
    const row = summary.stats.find((s) => s.type === 'GET' && s.name === '/api/search/')!;
    const search = row.responses!.xCacheLatency!;
    expect(search.MISS.latency.count).toBeGreaterThan(0);
    expect(search.HIT.latency.count).toBeGreaterThan(0);
    expect(search.MISS.latency.count + search.HIT.latency.count).toBe(row.count);
    const timing = summary.audit!.serverCache.names.find((n) => n.name === '/api/search/')!;
    expect(timing.firstMs!).toBeGreaterThan(timing.repeatMs! + 10);
  });

  it('logs each user in once with JWT and sends the token', async () => {
    const { summary } = await run({ username: 'admin', password: PASSWORD, users: '4' });
    const login = summary.stats.find((s) => s.name === '/api/token/');
    expect(login?.type).toBe('POST');
    expect(login?.count).toBe(4);
    expect(summary.aggregate.failures).toBe(0);
    expect(summary.stats.find((s) => s.name === '/api/search/')?.count).toBeGreaterThan(0);
  });

  it('shows wrong credentials as 401 failures, grouped by request', async () => {
    const { summary } = await run({ apiKey: 'not-the-key', users: '3', runTime: '2s' });
    expect(summary.aggregate.failures).toBe(summary.aggregate.count);
    expect(summary.failures.length).toBeGreaterThan(0);
    for (const failure of summary.failures) expect(failure.error).toBe('HTTP 401');
    expect(summary.statusCodes['401']).toBe(summary.aggregate.count);
  });

  // Two guards keep secrets out: the options are echoed redacted (redactedOptions), and the whole
  // summary is redacted before anything is written (redactSecrets). Each test fails without one.
  it('writes no secret into any result file, even one the flow put into a request name', async () => {
    const keyUrls = ['/api/journal-entries/', `/api/search/?q=${API_KEY}`];
    const passwordUrls = [`/api/search/?q=${PASSWORD}`];
    const a = await run({ apiKey: API_KEY, users: '2', runTime: '2s', url: keyUrls }, urlFlow(keyUrls));
    const b = await run({ username: 'admin', password: PASSWORD, users: '2', runTime: '2s', url: passwordUrls }, urlFlow(passwordUrls));
    for (const { summary, resultsDir } of [a, b]) {
      // The secret did travel in a name: only the summary-wide redaction can catch it there.
      expect(summary.stats.map((s) => s.name)).toContain('/api/search/?q=[redacted]');
      const text = allFilesText(resultsDir);
      expect(text).toContain('/api/search/?q=[redacted]');
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(PASSWORD);
    }
    expect(readSummary(a.resultsDir).run.options.auth).toMatchObject({ kind: 'api-key', apiKey: '[redacted]' });
    expect(readSummary(b.resultsDir).run.options.auth).toMatchObject({ kind: 'jwt', username: 'admin', password: '[redacted]' });
  });

  it('redacts the options however short the secret, which the summary-wide redaction leaves alone', async () => {
    // Under 4 characters redactSecrets replaces nothing (it would mangle the JSON): the options
    // must already say [redacted]. Wrong credentials, so these runs are all 401s.
    const a = await run({ apiKey: 'k9q', users: '1', runTime: '1s', url: ['/api/journal-entries/'] }, urlFlow(['/api/journal-entries/']));
    const b = await run({ username: 'admin', password: 'p7w', users: '1', runTime: '1s', url: ['/api/journal-entries/'] }, urlFlow(['/api/journal-entries/']));
    expect(readSummary(a.resultsDir).run.options.auth).toMatchObject({ kind: 'api-key', apiKey: '[redacted]' });
    expect(readSummary(b.resultsDir).run.options.auth).toMatchObject({ kind: 'jwt', username: 'admin', password: '[redacted]' });
    expect(allFilesText(a.resultsDir)).not.toContain('"k9q"');
    expect(allFilesText(b.resultsDir)).not.toContain('"p7w"');
  });
});

describe('a failing target', () => {
  it('records connection failures mid-run without crashing', async () => {
    const doomed = await startDemoTarget({ port: 0 });
    const resultsDir = tempDir();
    const config = buildRunConfig({ host: doomed.url, url: ['/health'], users: '5', runTime: '3s', browserUsers: '0', quiet: true, resultsDir }, {});
    // Closed once it has answered some of the run's requests, however long the run took to start.
    void answered('/health', 10).then(() => doomed.close());
    const { summary } = await runLoadTest({ config, flow: urlFlow(['/health']), flowSource: '--url' });
    expect(summary.aggregate.count - summary.aggregate.failures).toBeGreaterThan(0);
    expect(summary.aggregate.failures).toBeGreaterThan(0);
    const errors = summary.failures.map((f) => f.error);
    expect(errors.some((e) => /refused|reset|closed/.test(e))).toBe(true);
  });
});
