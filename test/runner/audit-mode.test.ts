/**
 * The audit as a short run of the runner: it stops by itself once every route was called twice and
 * every page viewed cold and warm, long before its time bound; it leaves no folder behind unless
 * asked for one; and it judges a resource exactly as a normal run's audit stage does.
 */
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCommand } from '../../src/commands/audit.js';
import { constant } from '../../src/flow-api/think.js';
import { AUDIT_TIME_BOUND_S, runAudit } from '../../src/runner/audit/plan.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { runLoadTest } from '../../src/runner/run.js';
import type { AuditResource } from '../../src/schema/audit.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { readSummary, tempDir } from '../helpers.js';

import { API_KEY } from '../audit/helpers.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0, noGzipFor: ['/static/vendor.js'] });
});
afterAll(async () => {
  await target?.close();
});

describe('the audit mode', () => {
  it('stops by itself when the plan is done, well before its time bound, and removes its temporary run folder', async () => {
    const routes = ['/api/search/?q=cash', '/api/journal-entries/?page=1'].map((path) => ({ name: path, path }));
    const outcome = await runAudit({ host: target.url, auth: API_KEY, pages: ['/'], routes, requestTimeoutMs: 10_000, resultsDir: null });
    const { run, stats } = outcome.summary;
    expect(run.stoppedBy).toBe('iterations');
    expect(outcome.ending).toBe('completed');
    // A tenth of the bound: the run ended because the plan was done, not because time was up.
    expect(run.endedAt - run.startedAt).toBeLessThan((AUDIT_TIME_BOUND_S * 1000) / 10);
    const counts = Object.fromEntries(stats.map((s) => [s.name, s.count]));
    expect(counts).toEqual({ '/api/search/?q=cash': 2, '/api/journal-entries/?page=1': 2, '/ [cold]': 1, '/ [warm]': 1 });
    // Each route's first call against its conditional repeat, as the flow timed them.
    expect(outcome.summary.audit!.serverCache.names.filter((n) => n.firstMs !== null).map((n) => n.name).sort()).toEqual(routes.map((r) => r.name).sort());
    expect(existsSync(outcome.runDir)).toBe(false);
  });

  it('writes summary.json into --results-dir, for browse-load report', async () => {
    const resultsDir = tempDir();
    const out = new Capture();
    const code = await runAuditCommand({ host: target.url, apiKey: API_KEY.apiKey, browser: false, routes: '/api/search/?q=cash', json: true, resultsDir }, out, new Capture());
    expect(code).toBe(0);
    const summary = readSummary(resultsDir);
    expect(summary.run.stoppedBy).toBe('iterations');
    expect(summary.audit!.resources).toEqual(JSON.parse(out.text));
  });
});

describe('the audit command and a normal run', () => {
  it('judge /static/vendor.js, sent uncompressed, the same way', async () => {
    const vendorOf = (rows: AuditResource[]) => rows.find((r) => r.source === 'browser' && r.url === `${target.url}/static/vendor.js`)!;
    const out = new Capture();
    await runAuditCommand({ host: target.url, apiKey: API_KEY.apiKey, pages: '/', routes: '/api/search/?q=cash', json: true }, out, new Capture());
    const fromAudit = vendorOf(JSON.parse(out.text) as AuditResource[]);

    const resultsDir = tempDir();
    const config = buildRunConfig({ host: target.url, users: '0', browserUsers: '1', runTime: '3s', apiKey: API_KEY.apiKey, quiet: true, resultsDir }, {});
    const { summary } = await runLoadTest({ config, flow: { name: 'pages', browser: { pages: ['/'], wait: constant(0.2) } }, flowSource: 'test' });
    const fromRun = vendorOf(summary.audit!.resources);

    expect(fromAudit.compression).toBe('should-compress');
    expect(fromRun.compression).toBe(fromAudit.compression);
    expect(fromRun.findings.map((f) => f.code)).toEqual(fromAudit.findings.map((f) => f.code));
    expect(fromRun.savingMethod).toBe(fromAudit.savingMethod);
    expect(fromRun.potentialSavingBytes).toBe(fromAudit.potentialSavingBytes);
  });
});
