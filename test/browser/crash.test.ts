/**
 * Chromium dying under a view, for real: the page's renderer process SIGKILLed while its view
 * waits for the load event, then the browser process itself. Each is a failed view under its
 * name ("renderer crashed", "browser closed"), counted as a crash, and the user carries on:
 * a new page, or the relaunched browser, and the views after it succeed.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserUsers, type BrowserUsersRun } from '../../src/browser/pool.js';
import type { BrowserSection } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { requested } from '../helpers.js';
import { CollectingRecorder, countedFlow } from './helpers.js';

/** The app script is slow, so a view of / waits ~3 s for its load event: time to kill something under it. */
const SLOW_SCRIPT_MS = 3000;

/** Chromium's renderer processes, as the browser itself lists them (CDP SystemInfo). */
async function rendererPids(page: Page): Promise<number[]> {
  const cdp = await page.context().browser()!.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * SIGKILLs the processes `pids` finds once the target is asked for the slow script, and notes them
 * in `killed`: then the document is in and the load event is not, however slow the machine.
 */
function killLater(pids: () => Promise<number[]>, killed: number[]): void {
  void requested('/static/app.js').then(async () => {
    const found = await pids();
    for (const pid of found) process.kill(pid, 'SIGKILL');
    killed.push(...found);
  });
}

describe('Chromium processes killed during a view', () => {
  let target: DemoTarget;
  let section: BrowserSection;
  const recorder = new CollectingRecorder();
  const renderersKilled: number[] = [];
  const browserKilled: number[] = [];
  let browserAfter: number[] = [];

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, latencyFor: { '/static/app.js': SLOW_SCRIPT_MS } });
    let run: BrowserUsersRun | null = null;
    const { flow, done } = countedFlow(4, async (user, n) => {
      switch (n) {
        case 1:
          // The visit throws once the renderer is gone: the user's loop records it and recovers.
          killLater(() => rendererPids(user.page), renderersKilled);
          return user.visit('/', { name: 'renderer killed' });
        case 2:
          return user.visit('/', { name: 'after renderer' });
        case 3:
          killLater(async () => run!.pids(), browserKilled);
          return user.visit('/', { name: 'browser killed' });
        default:
          return user.visit('/', { name: 'after browser' });
      }
    });
    run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 10, views: ['cold'], flow, recorder, navigationTimeoutMs: 15_000 });
    try {
      await done;
      browserAfter = run.pids();
    } finally {
      await run.stop(3000);
    }
    section = run.section(false);
  }, 90_000);
  afterAll(() => target?.close());

  const row = (name: string) => {
    const found = recorder.rows.filter((r) => r.name === `${name} [cold]`);
    expect(found, name).toHaveLength(1);
    return found[0];
  };

  it('records a renderer killed mid-view as a failed view, "renderer crashed", and the next view succeeds', () => {
    expect(renderersKilled.length).toBeGreaterThan(0);
    expect(row('renderer killed')).toMatchObject({ ok: false, status: 0, error: 'renderer crashed' });
    // Failed at the kill, not at the load event it was waiting for.
    expect(row('renderer killed').ms).toBeLessThan(SLOW_SCRIPT_MS);
    expect(section.crashes.pages).toBe(1);
    expect(row('after renderer').ok).toBe(true);
  });

  it('records the browser killed mid-view as a failed view, "browser closed", relaunches it, and the next view succeeds', () => {
    expect(browserKilled).toHaveLength(1);
    expect(row('browser killed')).toMatchObject({ ok: false, status: 0, error: 'browser closed' });
    expect(row('browser killed').ms).toBeLessThan(SLOW_SCRIPT_MS);
    expect(section.crashes.browsers).toBe(1);
    expect(browserAfter).toHaveLength(1);
    expect(browserAfter[0]).not.toBe(browserKilled[0]);
    expect(row('after browser').ok).toBe(true);
    expect(recorder.exceptions).toEqual([]);
  });
});
