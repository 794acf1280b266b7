/**
 * A shard that joins a common start late ramps its browser users on the global clock from the
 * planned start: the users already due start at once, the rest when the ramp reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rampOffsetMs, startBrowserUsers } from '../../src/browser/pool.js';
import { constant } from '../../src/flow-api/think.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { CollectingRecorder } from '../browser/helpers.js';

const until = async (test: () => boolean, withinMs: number): Promise<void> => {
  const end = Date.now() + withinMs;
  while (!test() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('browser users on the global ramp clock', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
  });
  afterAll(() => target?.close());

  it('puts user id at (id - 1) / spawnRate seconds after the ramp start', () => {
    expect([1, 2, 5].map((id) => rampOffsetMs(id, 2))).toEqual([0, 500, 2000]);
  });

  it('starts the users already due at once when the pool comes up after the planned start', async () => {
    // Planned 2.5 s ago at one user a second: users 1, 2 and 3 (due at 0, 1 and 2 s) are late.
    const plannedStart = Date.now() - 2500;
    const ids = [1, 2, 3, 4, 5, 6];
    const recorder = new CollectingRecorder();
    const run = await startBrowserUsers({
      host: target.url, users: ids.length, ids, spawnRate: 1, startAtEpochMs: plannedStart, views: ['cold'], flow: { pages: ['/health'], wait: constant(1) }, recorder,
    });
    try {
      // Chromium's launch took its time too: every user due by now has started, none later.
      const dueNow = Math.min(ids.length, Math.floor((Date.now() - plannedStart) / 1000) + 1);
      expect(run.activeUsers).toBeGreaterThanOrEqual(3);
      expect(run.activeUsers).toBeGreaterThanOrEqual(dueNow - 1);
      expect(run.activeUsers).toBeLessThanOrEqual(dueNow);
      if (dueNow < ids.length) {
        // The next one is not started before its own moment on the global clock.
        const nextAt = plannedStart + rampOffsetMs(dueNow + 1, 1);
        await until(() => run.activeUsers > dueNow, 5000);
        expect(Date.now()).toBeGreaterThanOrEqual(nextAt - 20);
      }
    } finally {
      await run.stop(1000);
    }
  }, 30_000);
});
