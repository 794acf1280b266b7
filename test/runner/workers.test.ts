/**
 * `--workers N`: protocol users spread over worker threads, their figures merged into one summary
 * of the same shape as a one-thread run's, counts that add up, and open-model schedules that are
 * exactly the one-thread plan, split.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenModel } from '../../src/config/run-config.js';
import { loadFlowFile, urlFlow } from '../../src/flow-api/load.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { nextArrival } from '../../src/protocol/open.js';
import { partsOf } from '../../src/protocol/split.js';
import { startUsersHere } from '../../src/runner/protocol-users.js';
import { runLoadTest } from '../../src/runner/run.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import type { RawRunOptions } from '../../src/config/run-config.js';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import type { Summary } from '../../src/schema/summary.js';
import { answered, readSummary, runCli, tempDir, whenRunning } from '../helpers.js';

const quiet = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream;

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target.close();
});

async function run(options: RawRunOptions): Promise<Summary> {
  const resultsDir = tempDir();
  const config = buildRunConfig({ host: target.url, url: ['/health', '/api/journal-entries/?page_size=5'], browserUsers: '0', html: false, resultsDir, apiKey: 'demo-api-key', ...options }, {});
  // As the run command does: the flow the config names, which each worker loads again.
  const flow = config.urls.length > 0 ? urlFlow(config.urls) : (await loadFlowFile(config.flowFile)).flow;
  await runLoadTest({ config, flow, flowSource: '--url', progressOut: quiet, flowFromConfig: true });
  return readSummary(resultsDir);
}

/** Requests in the stats, the aggregate and the time series: one count, three ways. */
function counts(s: Summary): { stats: number; aggregate: number; series: number } {
  return { stats: s.stats.reduce((n, e) => n + e.count, 0), aggregate: s.aggregate.count, series: s.timeSeries.points.reduce((n, p) => n + p.requests, 0) };
}

/** The arrivals of an open model's whole plan, when its rate ends at 0. */
function plannedArrivals(model: Pick<OpenModel, 'startRate' | 'stages'>): number {
  let n = 0;
  for (let t = nextArrival(model, 0); Number.isFinite(t); t = nextArrival(model, t)) n++;
  return n;
}

describe('protocol users over worker threads', () => {
  it('gives the same rows with 1 and 2 workers, and counts that add up', async () => {
    const one = await run({ users: '4', runTime: '2s', workers: '1' });
    const two = await run({ users: '4', runTime: '2s', workers: '2' });
    expect(two.run.options.workers).toBe(2);
    const rows = (s: Summary) => s.stats.map((e) => `${e.method} ${e.name}`);
    expect(rows(two)).toEqual(rows(one));
    for (const s of [one, two]) {
      const c = counts(s);
      expect(c.aggregate).toBeGreaterThan(20);
      expect(c.stats).toBe(c.aggregate);
      expect(c.series).toBe(c.aggregate);
      expect(s.aggregate.failures).toBe(0);
      // The workers' users add up in the time series: all 4 ran at once.
      expect(Math.max(...s.timeSeries.points.map((p) => p.users))).toBe(4);
    }
  });

  it('cuts the warm-up out of every worker: the warm-up and the measured figures are apart', async () => {
    const s = await run({ users: '2', runTime: '2s', warmup: '1s', workers: '2' });
    expect(s.warmup?.aggregate.count).toBeGreaterThan(0);
    const c = counts(s);
    expect(c.stats).toBe(c.aggregate);
    expect(c.series).toBe(c.aggregate);
    expect(Math.min(...s.stats.map((e) => e.firstAt ?? 0))).toBeGreaterThanOrEqual(s.run.measuredFrom);
  });

  it('schedules exactly the one-thread plan with 2 workers: scheduled = started + dropped + unstarted', async () => {
    // 25 + 12.5 arrivals: the plan's last one falls well before the ramp's end, not on a float's edge.
    const s = await run({ arrivalRate: '25', stages: '1s:25,1s:0', runTime: '3s', maxUsers: '10', workers: '2' });
    const open = s.openModel!;
    expect(open.scheduled).toBe(plannedArrivals({ startRate: 25, stages: [{ durationS: 1, rate: 25 }, { durationS: 1, rate: 0 }] }));
    expect(open.scheduled).toBe(37);
    expect(open.started + open.dropped + open.unstartedAtStop).toBe(open.scheduled);
    expect(open.maxUsers).toBe(10);
    expect(s.aggregate.count).toBe(open.started);
  });

  it('splits an open model so each part balances on its own and the parts add up to the plan', async () => {
    const config = buildRunConfig({ host: target.url, url: ['/health'], arrivalRate: '35', stages: '1s:35,1s:0', runTime: '3s', maxUsers: '3', maxBacklog: '1', browserUsers: '0' }, {});
    const model = config.model as OpenModel;
    const startedAt = performance.now();
    const parts = partsOf(2).map((part) => startUsersHere(config, urlFlow(config.urls).protocol!, new MetricsRecorder(), { thread: part, startedAt }));
    await new Promise((r) => setTimeout(r, 2300));
    await Promise.all(parts.map((p) => p.stop(1000)));
    const infos = parts.map((p) => p.openModelInfo()!);
    for (const info of infos) expect(info.started + info.dropped + info.unstartedAtStop).toBe(info.scheduled);
    expect(infos[0].scheduled + infos[1].scheduled).toBe(plannedArrivals(model));
    expect(plannedArrivals(model)).toBe(52);
    // The cap and the backlog are shared out exactly: 3 users as 2 + 1.
    expect(infos.map((i) => i.maxUsers)).toEqual([2, 1]);
  });

  it('writes the workers\' figures as they stand on a second Ctrl-C, in-flight requests left behind', async () => {
    // Requests to /slow-health take 40 s: the first Ctrl-C would wait for them (stop timeout 30 s).
    const slow = await startDemoTarget({ port: 0, latencyFor: { '/slow-health': 40_000 } });
    const resultsDir = tempDir();
    const config = buildRunConfig({ host: slow.url, url: ['/health', '/slow-health'], users: '4', runTime: '60s', stopTimeout: '30s', browserUsers: '0', html: false, resultsDir, workers: '2' }, {});
    let seen = '';
    // The first Ctrl-C once a /health request of the workers was answered (each user soon waits on a
    // slow one), the second while they wait for the slow ones.
    const someAnswered = answered('/health');
    const progressOut = new Writable({
      write(chunk: Buffer, _e, done) {
        if (!seen.includes('running') && (seen += chunk.toString()).includes('running')) {
          void someAnswered.then(() => {
            process.emit('SIGINT');
            setTimeout(() => process.emit('SIGINT'), 500);
          });
        }
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    const started = Date.now();
    const outcome = await runLoadTest({ config, flow: urlFlow(config.urls), flowSource: '--url', progressOut, flowFromConfig: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome).toMatchObject({ ending: 'stopped-at-once', stoppedBy: 'signal' });
    const s = readSummary(resultsDir);
    expect(s.run.options.workers).toBe(2);
    expect(s.stats.find((e) => e.name === '/health')?.count).toBeGreaterThan(0);
    void slow.close();
  });

  it('writes the results of every worker and exits 3 on Ctrl-C', async () => {
    const dir = tempDir();
    const args = ['run', '--demo-target', '--browser-users', '0', '-u', '4', '-t', '60s', '--workers', '2', '--results-dir', dir, '--no-html'];
    const result = await runCli(args, { onStart: (child) => whenRunning(child, () => setTimeout(() => child.kill('SIGINT'), 1500)) });
    expect(result.code).toBe(3);
    const s = readSummary(dir);
    expect(s.run.stoppedBy).toBe('signal');
    expect(s.run.options.workers).toBe(2);
    const c = counts(s);
    expect(c.aggregate).toBeGreaterThan(0);
    expect(c.stats).toBe(c.aggregate);
  });

  it('fails once, in one line, for a flow that throws at load', async () => {
    const dir = tempDir();
    const flowFile = join(dir, 'broken.ts');
    writeFileSync(flowFile, "throw new Error('broken on purpose');\n");
    const result = await runCli(['run', '--demo-target', '--browser-users', '0', '-u', '4', '-t', '2s', '--workers', '2', '-f', flowFile, '--results-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('broken on purpose');
  });

  it('runs a TypeScript flow of a folder of its own in 2 workers, compiled once, and leaves no compiled copy behind', async () => {
    const dir = tempDir('browse-load-user-');
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib/paths.ts'), "export const HEALTH: string = '/health';\n");
    writeFileSync(
      join(dir, 'flow.ts'),
      `import { defineFlow } from 'browse-load/flow';
import { HEALTH } from './lib/paths.js';
export default defineFlow({ name: 'own', protocol: { tasks: [{ name: 'health', async run(user) { await user.http.get(HEALTH, { name: 'health ' + HEALTH }); } }] } });
`,
    );
    const compiledCopies = () => readdirSync(tmpdir()).filter((name) => name.startsWith('browse-load-flow-')).length;
    const before = compiledCopies();
    const results = join(dir, 'results');
    const result = await runCli(['run', '--demo-target', '-b', '0', '-u', '4', '-t', '1s', '--workers', '2', '--quiet', '--no-html', '-f', join(dir, 'flow.ts'), '--results-dir', results]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/cannot|error/i);
    const s = readSummary(results);
    expect(s.stats.map((e) => e.name)).toEqual(['health /health']);
    expect(s.aggregate.count).toBeGreaterThan(0);
    expect(s.aggregate.failures).toBe(0);
    expect(compiledCopies()).toBe(before);
  });

  it('refuses --workers 0 with the other problems of the flags', () => {
    const problem = (() => {
      try {
        buildRunConfig({ host: target.url, workers: '0', users: 'x' }, {});
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(problem).toContain('--workers');
    expect(problem).toContain('--users');
  });

  it('gives user k the same random choices whatever the number of workers (--seed is per user)', async () => {
    const dir = tempDir();
    const flowFile = join(dir, 'seeded.ts');
    const api = new URL('../../src/flow-api/index.js', import.meta.url).href;
    writeFileSync(
      flowFile,
      `import { defineFlow } from ${JSON.stringify(api)};
export default defineFlow({ name: 'seeded', protocol: {
  async onStart(user) { await user.http.get('/health', { name: 'u' + user.id + ' drew ' + Math.floor(user.random() * 1e9) }); },
  tasks: [{ name: 'health', async run(user) { await user.http.get('/health'); } }],
} });
`,
    );
    const names = async (workers: string) => {
      const s = await run({ users: '5', runTime: '1s', workers, seed: '7', url: undefined, flows: flowFile });
      return s.stats.map((e) => e.name).filter((n) => n.includes(' drew '));
    };
    const one = await names('1');
    expect(one).toHaveLength(5);
    expect(await names('2')).toEqual(one);
  });
});
