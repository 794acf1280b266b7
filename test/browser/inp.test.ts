/**
 * INP of scripted interactions in real Chromium against the demo target: present for a flow that
 * clicks the dashboard's button (and at least the button's own 40 ms of work), missing, never 0,
 * for one that does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserUsers } from '../../src/browser/pool.js';
import type { PageStats } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { CollectingRecorder, countedFlow } from './helpers.js';
import clickFlow from '../../flows/dashboard-click.js';

async function pagesOf(target: DemoTarget, click: boolean): Promise<PageStats[]> {
  const { flow, done } = countedFlow(2, async (user) => {
    if (click) await clickFlow.browser!.run!(user);
    else await user.visit('/dashboard/');
    // Leaving the page reads its INP, so the iteration's figure is in before done resolves.
    await user.visit('about:blank');
  });
  const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 1, views: ['cold', 'warm'], flow, recorder: new CollectingRecorder() });
  await done;
  const pages = run.section(false).pages;
  await run.stop(2000);
  return pages;
}

describe('INP of scripted interactions', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
  });
  afterAll(() => target?.close());

  it('is recorded on the view a flow clicks on, and is missing on the view it did not click', async () => {
    const pages = await pagesOf(target, true);
    const warm = pages.find((p) => p.name === '/dashboard/ [warm]')!;
    const cold = pages.find((p) => p.name === '/dashboard/ [cold]')!;
    expect(warm.metrics.inp?.count).toBe(2);
    expect(warm.metrics.inp?.missing).toBe(0);
    expect(warm.metrics.inp!.summary.min!).toBeGreaterThanOrEqual(40);
    expect(cold.metrics.inp).toMatchObject({ count: 0, missing: 2 });
  });

  it('is missing, never 0, for a flow that does not interact', async () => {
    const pages = await pagesOf(target, false);
    for (const p of pages) {
      expect(p.metrics.inp, p.name).toMatchObject({ count: 0, missing: 2 });
      expect(p.metrics.inp!.summary.max, p.name).toBeNull();
    }
  });
});
