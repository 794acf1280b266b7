/**
 * A cold view is a first visit: a new context, so its document opens a connection of its own
 * (Navigation Timing's connect phase is measured, CDP says the connection was not reused), while
 * the warm view right after is a repeat visit on that kept-alive connection (connect 0).
 */
import { createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserUsers } from '../../src/browser/pool.js';
import type { BrowserSection } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { CollectingRecorder } from './helpers.js';

describe('cold view as a first visit', () => {
  let target: DemoTarget;
  let relay: Server;
  let section: BrowserSection;
  let connections = 0;
  /** The relay's connection count when each view was recorded, in order. */
  const opened: Array<{ name: string; connections: number }> = [];

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
    // A TCP relay in front of the target counts the connections the browser opens.
    relay = createServer((socket) => {
      connections++;
      const upstream = createConnection(target.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as { port: number }).port;
    const recorder = new (class extends CollectingRecorder {
      override record(s: Parameters<CollectingRecorder['record']>[0]): void {
        super.record(s);
        opened.push({ name: s.handle.name, connections });
      }
    })();
    const run = await startBrowserUsers({ host: `http://127.0.0.1:${port}`, users: 1, spawnRate: 1, views: ['cold', 'warm'], flow: { pages: ['/'] }, recorder });
    try {
      while (recorder.rows.filter((r) => r.name === '/ [warm]').length < 3) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await run.stop(5000);
    }
    section = run.section(false);
  });
  afterAll(async () => {
    relay?.close();
    await target?.close();
  });

  const connect = (name: string) => section.pages.find((p) => p.name === name)!.metrics.connect!;

  // On loopback a plain TCP handshake can be shorter than Navigation Timing's resolution (Chromium
  // coarsens its times to 100 µs outside cross-origin isolation), so a cold view's connect may read
  // 0: the relay's count below proves the new connection, and tls.test.ts a non-zero phase.
  it('records a connect phase on every cold view and 0 on every warm view', () => {
    const cold = connect('/ [cold]');
    expect(cold.count).toBeGreaterThanOrEqual(3);
    expect(cold.summary.min).toBeGreaterThanOrEqual(0);
    const warm = connect('/ [warm]');
    expect(warm.count).toBeGreaterThanOrEqual(3);
    expect(warm.summary.max).toBe(0);
  });

  it('opens new connections in each cold view and none in the warm view after it', () => {
    let before = 0;
    for (const view of opened) {
      if (view.name === '/ [cold]') expect(view.connections, 'a cold view').toBeGreaterThan(before);
      else expect(view.connections, 'a warm view').toBe(before);
      before = view.connections;
    }
  });
});
