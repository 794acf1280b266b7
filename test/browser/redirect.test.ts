/** A redirect before the document: the hop is its own resource, and the page's bytes count once. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserUsers } from '../../src/browser/pool.js';
import { CollectingRecorder, countedFlow } from './helpers.js';

const PAGE = `<!doctype html><html><head><title>after</title></head><body><h1>${'landed '.repeat(200)}</h1></body></html>`;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/redir') {
      res.writeHead(302, { location: '/page', 'content-length': '0' });
      res.end();
    } else if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(PAGE)), 'cache-control': 'no-store' });
      res.end(PAGE);
    } else {
      res.writeHead(404, { 'content-length': '0' });
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a redirect before the document', () => {
  it('keeps the hop apart (302, no bytes) and counts the final document once', async () => {
    const { flow, done } = countedFlow(2, (user) => user.visit('/redir'));
    const recorder = new CollectingRecorder();
    const run = await startBrowserUsers({ host: base, users: 1, spawnRate: 1, views: ['cold'], flow, recorder });
    await done;
    await run.stop(2000);
    const resources = run.section(false).resources;
    const hop = resources.find((r) => r.url === `${base}/redir`)!;
    const page = resources.find((r) => r.url === `${base}/page`)!;
    expect(hop).toMatchObject({ status: 302, wireBytes: 0 });
    expect(page.resourceType).toBe('document');
    expect(page.wireBytes).toBe(Buffer.byteLength(PAGE));
    const views = recorder.rows.filter((r) => r.ok);
    expect(views).toHaveLength(2);
    for (const view of views) expect(view.wireBytes).toBe(Buffer.byteLength(PAGE));
  });
});
