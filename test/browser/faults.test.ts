/**
 * What goes wrong on the way: a missing Chromium, a crashed page, a killed browser, a navigation
 * timeout, an HTTP error page, a failed resource and a console error. Each is recorded, and the
 * user carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserUsers, type BrowserUsersRun } from '../../src/browser/pool.js';
import { CannotRunError } from '../../src/errors.js';
import type { BrowserSection } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { CollectingRecorder, countedFlow } from './helpers.js';

describe('a missing Chromium', () => {
  it('stops the start with a CannotRunError that says how to install it', async () => {
    const start = startBrowserUsers({
      host: 'http://127.0.0.1:9', users: 1, spawnRate: 1, views: ['cold'], flow: {}, recorder: new CollectingRecorder(),
      executablePath: '/nonexistent/chromium-headless-shell',
    });
    await expect(start).rejects.toBeInstanceOf(CannotRunError);
    await expect(start).rejects.toThrow(/apt-get install chromium-headless-shell.*CHROMIUM_PATH/);
  });
});

describe('faults during a run', () => {
  let target: DemoTarget;
  let section: BrowserSection;
  const recorder = new CollectingRecorder();
  const pidsBeforeKill: number[] = [];
  let pidsAfter: number[] = [];

  beforeAll(async () => {
    // Every view gets the navigation timeout: 4 s leaves a busy machine room to load the quick pages,
    // and the dashboard, held 6 s by the target, still runs out of it.
    target = await startDemoTarget({ port: 0, latencyFor: { '/dashboard/': 6000 } });
    let run: BrowserUsersRun | null = null;
    const { flow, done } = countedFlow(7, async (user, n) => {
      const page = user.page;
      switch (n) {
        case 1:
          return user.visit('/', { name: 'before' });
        case 2:
          await page.goto('chrome://crash');
          return;
        case 3:
          await user.visit('/', { name: 'after page crash' });
          await user.visit('/no-such-page/');
          return user.visit('/dashboard/', { name: 'slow' });
        case 4:
          await page.route('**/static/app.js', (route) => route.abort());
          await user.visit('/', { name: 'aborted asset' });
          await page.unroute('**/static/app.js');
          return;
        case 5:
          await page.route('**/static/app.js', (route) => route.fulfill({ contentType: 'text/javascript', body: 'console.error("boom from app.js")' }));
          await user.visit('/', { name: 'console error' });
          await page.unroute('**/static/app.js');
          return;
        case 6: {
          pidsBeforeKill.push(...run!.pids());
          // The next navigation once Playwright has seen the browser go, not a fixed time later.
          const gone = new Promise((resolve) => page.context().browser()!.once('disconnected', resolve));
          process.kill(pidsBeforeKill[0], 'SIGKILL');
          await gone;
          await page.goto(`${target.url}/`);
          return;
        }
        default:
          return user.visit('/', { name: 'after browser crash' });
      }
    });
    run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 10, views: ['cold'], flow, recorder, navigationTimeoutMs: 4000 });
    try {
      await done;
      pidsAfter = run.pids();
    } finally {
      await run.stop(3000);
    }
    section = run.section(false);
  });
  afterAll(() => target?.close());

  const row = (name: string) => {
    const found = recorder.rows.filter((r) => r.name === `${name} [cold]`);
    expect(found, name).toHaveLength(1);
    return found[0];
  };

  it('counts a crashed page and carries on in a new context', () => {
    expect(row('before').ok).toBe(true);
    expect(section.crashes.pages).toBe(1);
    expect(row('after page crash').ok).toBe(true);
  });

  it('records an HTTP error page and a navigation timeout as failures', () => {
    expect(row('/no-such-page/')).toMatchObject({ ok: false, status: 404, error: 'HTTP 404' });
    expect(row('slow')).toMatchObject({ ok: false, error: 'navigation timeout (4000 ms)' });
    expect(row('slow').ms).toBeGreaterThanOrEqual(4000);
  });

  it('fails a view whose resource failed or that logged a console error, with the message', () => {
    expect(row('aborted asset')).toMatchObject({ ok: false, status: 200 });
    expect(row('aborted asset').error).toMatch(/^resource failed: \/static\/app\.js net::ERR_FAILED/);
    expect(row('console error')).toMatchObject({ ok: false, status: 200, error: 'console error: boom from app.js' });
    const failed = section.pages.find((p) => p.name === 'aborted asset [cold]')!;
    expect(failed.failures).toBe(1);
    expect(failed.metrics.load!.count).toBe(1);
    const timedOut = section.pages.find((p) => p.name === 'slow [cold]')!;
    expect(timedOut.metrics.load).toMatchObject({ count: 0, missing: 1 });
  });

  it('relaunches a killed browser, counts it, and the user carries on', () => {
    expect(section.crashes.browsers).toBe(1);
    expect(pidsBeforeKill).toHaveLength(1);
    expect(pidsAfter).toHaveLength(1);
    expect(pidsAfter[0]).not.toBe(pidsBeforeKill[0]);
    expect(row('after browser crash').ok).toBe(true);
    expect(recorder.exceptions).toEqual([]);
  });
});
