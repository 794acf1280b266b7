/**
 * The layers of a protocol user's request path, seen from the server: base path and query,
 * credentials, conditional GETs, and what the recording layer records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VALIDATORS } from '../../src/protocol/layers/conditional.js';
import { startEchoServer, testUser, type EchoServer, type Received } from './echo-server.js';

let server: EchoServer;
beforeAll(async () => {
  // Every URL has its own ETag; /broken answers a body that is not the gzip it claims to be.
  server = await startEchoServer((path) =>
    path === '/broken' ? { headers: { 'content-encoding': 'gzip' } } : { headers: { etag: `"${path}"` } },
  );
});
afterAll(async () => {
  await server?.close();
});

describe('the request path', () => {
  it("puts the host's base path before each path and appends the query", async () => {
    const { user } = testUser(`${server.url}/erp/`);
    const res = await user.get('/api/search/?q=cash', { query: { page: 2, exact: true } });
    expect(res.json<Received>().path).toBe('/erp/api/search/?q=cash&page=2&exact=true');
    await user.close(false);
  });

  it("sends the run's credentials, unless the flow opts out or sets the header itself", async () => {
    const { user } = testUser(server.url, { auth: { apiKey: 'run-key' } });
    const sent = async (opts: Parameters<typeof user.get>[1]) => (await user.get('/', opts)).json<Received>().headers['x-api-key'];
    expect(await sent({})).toBe('run-key');
    expect(await sent({ auth: false })).toBeUndefined();
    expect(await sent({ headers: { 'X-API-Key': 'flow-key' } })).toBe('flow-key');
    await user.close(false);
  });

  it('revalidates with the validators of the same URL only, and remembers a bounded number of URLs', async () => {
    const { user, recorder } = testUser(server.url);
    const etagSent = async (path: string) => (await user.get(path, { revalidate: true, name: 'items' })).json<Received>().headers['if-none-match'];
    expect(await etagSent('/items/1')).toBeUndefined();
    expect(await etagSent('/items/1')).toBe('"/items/1"');
    expect(await etagSent('/items/2')).toBeUndefined();
    // Without revalidate a GET stays plain.
    expect((await user.get('/items/1')).json<Received>().headers['if-none-match']).toBeUndefined();
    for (let i = 3; i <= MAX_VALIDATORS + 1; i++) await etagSent(`/items/${i}`);
    expect(await etagSent('/items/1')).toBeUndefined();
    expect(await etagSent(`/items/${MAX_VALIDATORS + 1}`)).toBe(`"/items/${MAX_VALIDATORS + 1}"`);
    const profile = recorder.snapshot().stats.find((s) => s.name === 'items')!.responses!;
    expect(profile.conditionalRequests).toBe(2);
    await user.close(false);
  });
});

describe('the recording layer', () => {
  it('records each request once, with its status and bytes, under its grouped name', async () => {
    const { user, recorder } = testUser(server.url);
    const res = await user.get('/entries/7/', { name: '/entries/[id]/' });
    await user.post('/entries/', { json: { amount: 1 }, expect: 201 });
    const { stats, failures } = recorder.snapshot();
    const get = stats.find((s) => s.name === '/entries/[id]/')!;
    expect([get.count, get.failures, get.wireBytes, get.decodedBytes]).toEqual([1, 0, res.wireBytes, res.wireBytes]);
    expect(get.responses!.statuses).toEqual({ '200': 1 });
    expect(failures).toEqual([expect.objectContaining({ method: 'POST', name: '/entries/', error: 'HTTP 200', occurrences: 1 })]);
    await user.close(false);
  });

  it('records a failed check, a body that does not decode and a refused connection as failures', async () => {
    const { user, recorder } = testUser(server.url);
    const checked = await user.get('/', { checks: [(r) => (r.json<Received>().path === '/' ? 'wrong page' : null)] });
    expect([checked.ok, checked.error]).toEqual([false, 'wrong page']);
    const broken = await user.get('/broken');
    // The body lies about its encoding: the response is kept (status, bytes), failed by name.
    expect([broken.ok, broken.status, broken.wireBytes > 0]).toEqual([false, 200, true]);
    await user.close(false);
    const refused = await startEchoServer();
    await refused.close();
    const { user: late, recorder: lateRecorder } = testUser(refused.url);
    const res = await late.get('/');
    expect([res.ok, res.status, res.error]).toEqual([false, 0, 'connection refused (ECONNREFUSED)']);
    await late.close(false);
    expect(recorder.snapshot().failures.map((f) => [f.name, f.error])).toEqual([
      ['/', 'wrong page'],
      ['/broken', expect.stringMatching(/^body does not decode as gzip \(Z_/)],
    ]);
    expect(lateRecorder.snapshot().failures).toEqual([expect.objectContaining({ error: 'connection refused (ECONNREFUSED)', occurrences: 1 })]);
  });

  it('does not record requests cut off by closing the user', async () => {
    const { user, recorder } = testUser(server.url);
    const pending = user.get('/slow');
    await user.close(true);
    expect((await pending).ok).toBe(false);
    expect(recorder.snapshot().aggregate.count).toBe(0);
  });
});
