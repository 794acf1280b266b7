/**
 * `--workers N` and the generator's health: each worker thread measures its own event loop and
 * sends it with its per-second snapshot, so a worker whose loop is full marks the run saturated
 * even while the main thread's loop idles.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlowFile } from '../../src/flow-api/load.js';
import { isSaturated } from '../../src/metrics/health.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { runLoadTest } from '../../src/runner/run.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { saturatedWhere } from '../../src/runner/observers.js';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import { readSummary, tempDir } from '../helpers.js';

const quiet = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream;

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target.close();
});

/** User 2 (in worker thread 2: user k runs in worker k mod N) spins 300 ms per iteration; user 1 sleeps 100 ms between requests. */
function burningFlow(): string {
  const file = join(tempDir(), 'burn.ts');
  const api = new URL('../../src/flow-api/index.js', import.meta.url).href;
  writeFileSync(
    file,
    `import { defineFlow } from ${JSON.stringify(api)};
export default defineFlow({ name: 'burn', protocol: {
  tasks: [{ name: 'burn', async run(user) {
    if (user.id === 2) { const until = Date.now() + 300; while (Date.now() < until) { /* busy */ } }
    else await new Promise((resolve) => setTimeout(resolve, 100));
    await user.http.get('/health', { auth: false });
  } }],
} });
`,
  );
  return file;
}

describe('worker threads in the saturation check', () => {
  it('marks a run saturated when a worker thread burns CPU, and names that worker', async () => {
    const resultsDir = tempDir();
    const config = buildRunConfig({ host: target.url, flows: burningFlow(), users: '2', runTime: '4s', workers: '2', browserUsers: '0', html: false, resultsDir }, {});
    const { flow } = await loadFlowFile(config.flowFile!);
    await runLoadTest({ config, flow, flowSource: config.flowFile!, progressOut: quiet, flowFromConfig: true });
    const s = readSummary(resultsDir);
    expect(s.run.options.workers).toBe(2);
    const loops = s.generator.samples.map((x) => x.workerEventLoopPct ?? []);
    expect(loops.every((l) => l.length === 2)).toBe(true);
    const peak = (i: number) => Math.max(...loops.map((l) => l[i]));
    expect(peak(1)).toBeGreaterThan(90);
    // The idle worker's loop is the calmer one: the figures are each worker's own.
    expect(peak(0)).toBeLessThan(peak(1));
    expect(s.generator.saturated).toBe(true);
    expect(renderTerminal(s)).toMatch(/load generator saturated .*worker thread 2's event loop up to \d+% busy/);
  });

  it('counts a busy worker loop as saturation even when the machine and the main loop are calm', () => {
    const sample = { t: 0, nodePct: 100, browserPct: null, machinePct: 50, eventLoopPct: 3, nodeRssMb: 1, browserRssMb: null, workerEventLoopPct: [12, 97] };
    expect(isSaturated(sample, 90)).toBe(true);
    expect(saturatedWhere(sample)).toBe("worker thread 2's event loop is 97% busy");
    expect(isSaturated({ ...sample, workerEventLoopPct: [12, 40] }, 90)).toBe(false);
  });
});
