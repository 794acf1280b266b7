/** A browser user's life: contexts recycled every K iterations, think time, reset, graceful stop. */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startBrowserUsers } from '../../src/browser/pool.js';
import { constant } from '../../src/flow-api/think.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { CollectingRecorder, countedFlow } from './helpers.js';

describe('browser user lifecycle', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, latencyFor: { '/dashboard/': 600 } });
  });
  afterAll(() => target?.close());

  it('without cold views reuses a context for recycleEvery iterations, then starts a new one, and waits the think time after each', async () => {
    const pages: Page[] = [];
    const startedAt: number[] = [];
    const { flow, done } = countedFlow(4, async (user) => {
      pages.push(user.page);
      startedAt.push(performance.now());
      await user.visit('/');
    });
    const recorder = new CollectingRecorder();
    const run = await startBrowserUsers({
      host: target.url, users: 1, spawnRate: 1, views: ['warm'], flow: { ...flow, wait: constant(0.3) }, recorder, recycleEvery: 2,
    });
    await done;
    await run.stop(2000);
    expect(new Set(pages).size).toBe(2);
    expect(pages[0]).toBe(pages[1]);
    expect(pages[2]).toBe(pages[3]);
    expect(pages[1]).not.toBe(pages[2]);
    for (let i = 1; i < startedAt.length; i++) expect(startedAt[i] - startedAt[i - 1]).toBeGreaterThanOrEqual(300);
    expect(recorder.rows.filter((r) => r.ok)).toHaveLength(4);
    expect(run.activeUsers).toBe(0);
  });

  it('with cold views begins each iteration of a scripted flow in a new context (a first visit)', async () => {
    const pages: Page[] = [];
    const { flow, done } = countedFlow(3, async (user) => {
      pages.push(user.page);
      await user.visit('/');
    });
    const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 1, views: ['cold', 'warm'], flow, recorder: new CollectingRecorder(), recycleEvery: 25 });
    await done;
    await run.stop(2000);
    expect(new Set(pages).size).toBe(3);
  });

  it('drops what was measured before resetStats (views in flight included), and lets the view in flight finish on stop', async () => {
    const recorder = new CollectingRecorder();
    // The target runs in this process: its HTTP server announces each request it gets, so the test
    // acts while the dashboard's cold view is in flight (the target holds it 600 ms) instead of
    // sleeping a fixed time that a busy machine may stretch past the view.
    const dashboardSeen = new Set<number>();
    const dashboardWaiters = new Map<number, () => void>();
    const onRequest = (message: unknown): void => {
      if (!(message as { request: IncomingMessage }).request.url?.startsWith('/dashboard/')) return;
      const rows = recorder.rows.length;
      dashboardSeen.add(rows);
      dashboardWaiters.get(rows)?.();
    };
    /** Resolves when the target gets a request for the dashboard while `rows` views are recorded. */
    const dashboardRequested = (rows: number): Promise<void> =>
      dashboardSeen.has(rows) ? Promise.resolve() : new Promise((resolve) => dashboardWaiters.set(rows, resolve));
    subscribe('http.server.request.start', onRequest);
    const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 1, views: ['cold', 'warm'], flow: { pages: ['/', '/dashboard/'] }, recorder });
    const until = async (test: () => boolean): Promise<void> => {
      while (!test()) await new Promise((r) => setTimeout(r, 10));
    };
    const names = (): string[] => recorder.rows.map((r) => r.name);
    try {
      // '/ [cold]' and '/ [warm]' recorded, the dashboard's cold view asked for: it belongs to the dropped period.
      await dashboardRequested(2);
      run.resetStats();
      expect(run.section(false).pages).toEqual([]);
      expect(run.activeUsers).toBe(1);
      await until(() => names().includes('/dashboard/ [warm]'));
      expect(names()).toEqual(['/ [cold]', '/ [warm]', '/dashboard/ [warm]']);
      expect(run.section(false).pages.map((p) => p.name)).toEqual(['/dashboard/ [warm]']);
      // Stop while the next dashboard cold view is in flight: it finishes and is recorded, no more start.
      await dashboardRequested(5);
    } finally {
      await run.stop(5000);
      unsubscribe('http.server.request.start', onRequest);
    }
    expect(names().slice(3)).toEqual(['/ [cold]', '/ [warm]', '/dashboard/ [cold]']);
    expect(recorder.rows[5].ok).toBe(true);
    expect(run.activeUsers).toBe(0);
  });

  it('stops within a bound even when a flow is stuck in its own code', async () => {
    const recorder = new CollectingRecorder();
    let visited!: () => void;
    const firstVisit = new Promise<void>((resolve) => (visited = resolve));
    const run = await startBrowserUsers({
      host: target.url, users: 1, spawnRate: 1, views: ['cold'], recorder,
      flow: {
        async run(user) {
          await user.visit('/');
          visited();
          await new Promise((resolve) => setTimeout(resolve, 30_000));
        },
      },
    });
    await firstVisit;
    const stopping = performance.now();
    await run.stop(300);
    expect(performance.now() - stopping).toBeLessThan(5000);
    expect(recorder.rows.filter((r) => r.ok)).toHaveLength(1);
  });
});
