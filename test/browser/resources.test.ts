/**
 * Browser users against the demo target in real Chromium: what a cold and a warm view load, from
 * where, and how many bytes cross the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserUsers } from '../../src/browser/pool.js';
import type { BrowserSection, ResourceObservation } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { CollectingRecorder, countedFlow, pathOf } from './helpers.js';

const ASSETS = ['/static/app.css', '/static/app.js', '/static/vendor.js'];

/** One user, one iteration of `/` then `/dashboard/`, each as a cold and a warm view. */
async function oneIteration(target: DemoTarget): Promise<{ section: BrowserSection; recorder: CollectingRecorder }> {
  const recorder = new CollectingRecorder();
  const { flow, done } = countedFlow(1, async (user) => {
    await user.visit('/');
    await user.visit('/dashboard/');
  });
  const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 10, views: ['cold', 'warm'], flow, recorder });
  try {
    await done;
  } finally {
    await run.stop(5000);
  }
  return { section: run.section(false), recorder };
}

const find = (section: BrowserSection, page: string, view: 'cold' | 'warm', path: string): ResourceObservation[] =>
  section.resources.filter((r) => r.page === page && r.view === view && pathOf(r.url) === path);

const one = (section: BrowserSection, page: string, view: 'cold' | 'warm', path: string): ResourceObservation => {
  const found = find(section, page, view, path);
  expect(found, `${path} on ${page} [${view}]`).toHaveLength(1);
  return found[0];
};

describe('browser users against the demo target (gzip on, vendor.js sent uncompressed)', () => {
  let target: DemoTarget;
  let section: BrowserSection;
  let recorder: CollectingRecorder;

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, noGzipFor: ['/static/vendor.js'] });
    ({ section, recorder } = await oneIteration(target));
  });
  afterAll(() => target?.close());

  it('records each page as a cold and a warm PAGE row, all successful', () => {
    expect(recorder.rows.map((r) => r.name)).toEqual(['/ [cold]', '/ [warm]', '/dashboard/ [cold]', '/dashboard/ [warm]']);
    for (const row of recorder.rows) {
      expect(row.ok, `${row.name}: ${row.error}`).toBe(true);
      expect(row.status).toBe(200);
      expect(row.ms).toBeGreaterThan(0);
    }
    expect(section.pages.map((p) => p.name).sort()).toEqual(['/ [cold]', '/ [warm]', '/dashboard/ [cold]', '/dashboard/ [warm]']);
  });

  it('loads the three assets of / over the network on a cold view, app.css and app.js gzipped', () => {
    for (const path of ASSETS) {
      const r = one(section, '/', 'cold', path);
      expect(r.servedFrom, path).toBe('network');
      expect(r.status).toBe(200);
      expect(r.wireStatus).toBe(200);
      expect(r.encoding).toBe(path === '/static/vendor.js' ? null : 'gzip');
    }
  });

  it('serves the long-max-age assets from cache on the warm view and revalidates vendor.js (no-cache) with a 304', () => {
    for (const path of ['/static/app.css', '/static/app.js']) {
      const r = one(section, '/', 'warm', path);
      expect(['memory-cache', 'disk-cache'], path).toContain(r.servedFrom);
      expect(r.wireBytes).toBe(0);
      expect(r.headers['cache-control']).toMatch(/max-age=\d{4,}/);
    }
    const vendor = one(section, '/', 'warm', '/static/vendor.js');
    expect(vendor.servedFrom).toBe('revalidated');
    expect(vendor.wireStatus).toBe(304);
    expect(vendor.wireBytes).toBe(0);
    expect(vendor.headers['cache-control']).toBe('no-cache');
    // The document is no-cache with an ETag: revalidated too, while the page sees a 200.
    const doc = one(section, '/', 'warm', '/');
    expect(doc.servedFrom).toBe('revalidated');
    expect(doc.status).toBe(200);
    expect(doc.wireStatus).toBe(304);
  });

  it("captures the dashboard's two fetch() calls as browser resources, on both views", () => {
    for (const view of ['cold', 'warm'] as const) {
      for (const path of ['/api/journal-entries/?page=1', '/api/search/?q=cash']) {
        const r = find(section, '/dashboard/', view, path);
        expect(r, `${path} [${view}]`).toHaveLength(1);
        expect(r[0].resourceType).toBe('fetch');
        expect(r[0].status).toBe(200);
      }
    }
    expect(recorder.rows.some((r) => r.name.startsWith('/api/'))).toBe(false);
  });

  it('counts fewer wire than decoded bytes for gzip responses and equal ones for identity responses', () => {
    const network = section.resources.filter((r) => r.servedFrom === 'network');
    expect(network.length).toBeGreaterThanOrEqual(8);
    for (const r of network) {
      expect(r.decodedBytes, r.url).toBeGreaterThan(0);
      if (r.encoding === 'gzip') expect(r.wireBytes, r.url).toBeLessThan(r.decodedBytes);
      else expect(r.wireBytes, r.url).toBe(r.decodedBytes);
    }
    expect(network.filter((r) => r.encoding === null).length).toBeGreaterThanOrEqual(2);
    expect(section.resources.some((r) => pathOf(r.url) === '/favicon.ico')).toBe(false);
  });

  it("puts each view's resource bytes on its PAGE row and in the page averages", () => {
    const cold = recorder.rows.find((r) => r.name === '/ [cold]')!;
    const coldBytes = section.resources.filter((r) => r.page === '/' && r.view === 'cold').reduce((s, r) => s + r.wireBytes, 0);
    expect(cold.wireBytes).toBe(coldBytes);
    const warm = recorder.rows.find((r) => r.name === '/ [warm]')!;
    expect(warm.wireBytes).toBeLessThan(cold.wireBytes / 10);
    expect(section.pages.find((p) => p.name === '/ [cold]')!.avgWireBytes).toBe(cold.wireBytes);
  });
});

describe('browser users against the demo target with gzip off', () => {
  let target: DemoTarget;
  let section: BrowserSection;

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, gzip: false });
    ({ section } = await oneIteration(target));
  });
  afterAll(() => target?.close());

  it('counts wire bytes equal to decoded bytes for every response', () => {
    const network = section.resources.filter((r) => r.servedFrom === 'network');
    expect(network.length).toBeGreaterThanOrEqual(8);
    for (const r of network) {
      expect(r.encoding, r.url).toBeNull();
      expect(r.wireBytes, r.url).toBeGreaterThan(0);
      expect(r.wireBytes, r.url).toBe(r.decodedBytes);
    }
  });
});
