/**
 * The run's timeline as a library: how a run ended is returned (a second Ctrl-C included), never
 * turned into a process exit; the ticker drives every observer from one clock.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { urlFlow } from '../../src/flow-api/load.js';
import { runLoadTest } from '../../src/runner/run.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { Ticker } from '../../src/runner/ticker.js';
import { startDemoTarget } from '../../src/target/server.js';
import { answered, readSummary, tempDir } from '../helpers.js';

/** A progress stream (not a TTY) that calls `then` once the progress line says the load runs. */
function progressWatcher(then: () => void): NodeJS.WriteStream {
  let seen = '';
  let called = false;
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      seen += chunk.toString();
      if (!called && seen.includes('running')) {
        called = true;
        then();
      }
      done();
    },
  });
  return out as unknown as NodeJS.WriteStream;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a run stopped by Ctrl-C', () => {
  it('returns "stopped-at-once" with partial results written on a second Ctrl-C, without calling process.exit', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
      throw new Error('process.exit called from library code');
    });
    // Requests to /slow-health take 40 s: the first Ctrl-C would wait for them (stop timeout 30 s).
    const slow = await startDemoTarget({ port: 0, latencyFor: { '/slow-health': 40_000 } });
    const resultsDir = tempDir();
    const config = buildRunConfig({ host: slow.url, url: ['/health', '/slow-health'], users: '3', runTime: '60s', stopTimeout: '30s', browserUsers: '0', html: false, resultsDir }, {});
    // The first Ctrl-C once a /health request was answered (so the figures hold one: each user soon
    // waits on a slow one), the second while the users wait for the slow ones.
    const oneAnswered = answered('/health');
    const progressOut = progressWatcher(() =>
      void oneAnswered.then(() => {
        process.emit('SIGINT');
        setTimeout(() => process.emit('SIGINT'), 500);
      }),
    );
    const started = Date.now();
    const outcome = await runLoadTest({ config, flow: urlFlow(config.urls), flowSource: '--url', progressOut });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome).toMatchObject({ ending: 'stopped-at-once', stoppedBy: 'signal', runDir: resultsDir, thresholdsFailed: false });
    expect(exit).not.toHaveBeenCalled();
    const written = readSummary(resultsDir);
    expect(written.run.stoppedBy).toBe('signal');
    expect(written.stats.find((s) => s.name === '/health')?.count).toBeGreaterThan(0);
    // The slow requests are still in flight: their connections go with the worker.
    void slow.close();
  });

  it('returns "stopped" after one Ctrl-C once the users have stopped within the grace', async () => {
    const exit = vi.spyOn(process, 'exit');
    const target = await startDemoTarget({ port: 0 });
    try {
      const resultsDir = tempDir();
      const config = buildRunConfig({ host: target.url, url: ['/health'], users: '2', runTime: '60s', browserUsers: '0', html: false, resultsDir }, {});
      // Ctrl-C once the load is answered: the figures then hold requests, however slow the start.
      const someAnswered = answered('/health', 5);
      const progressOut = progressWatcher(() => void someAnswered.then(() => process.emit('SIGINT')));
      const outcome = await runLoadTest({ config, flow: urlFlow(config.urls), flowSource: '--url', progressOut });
      expect(outcome.ending).toBe('stopped');
      expect(outcome.summary.run.stoppedBy).toBe('signal');
      expect(outcome.summary.aggregate.count).toBeGreaterThan(0);
      expect(exit).not.toHaveBeenCalled();
    } finally {
      await target.close();
    }
  });
});

describe('the ticker', () => {
  it('gives every observer the same tick, in the order they were added', () => {
    const seen: string[] = [];
    const ticker = new Ticker(1_000).add(
      ({ elapsedS }) => seen.push(`progress ${elapsedS}`),
      ({ now }) => seen.push(`users ${now}`),
    );
    ticker.tick(3_500);
    expect(seen).toEqual(['progress 2.5', 'users 3500']);
  });
});
