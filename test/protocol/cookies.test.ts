/** Each protocol user's cookie jar behaves as a browser's: Path, Domain, expiry and deletion. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualUser } from '../../src/protocol/user.js';
import { startDemoTarget } from '../../src/target/server.js';
import { startEchoServer, testUser, type EchoServer, type Received } from './echo-server.js';

const SET_COOKIES: Record<string, string[]> = {
  '/login': [
    'site=1; Path=/',
    'app=2; Path=/app',
    'deleted=3; Max-Age=0',
    'expired=4; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    'foreign=5; Domain=example.com',
  ],
  '/brief': ['brief=6; Max-Age=2'],
  '/logout': ['site=; Path=/; Max-Age=0'],
};

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer((path) => ({ headers: SET_COOKIES[path] ? { 'set-cookie': SET_COOKIES[path] } : {} }));
});
afterAll(async () => {
  await server?.close();
});

/** The cookies the server received on a GET of `path`, sorted by name ('' when there was no Cookie header). */
async function cookiesSent(user: VirtualUser, path: string): Promise<string> {
  const res = await user.get(path);
  expect(res.ok).toBe(true);
  const cookie = res.json<Received>().headers.cookie;
  return cookie === undefined ? '' : cookie.split('; ').sort().join('; ');
}

describe('the cookie jar of a protocol user', () => {
  it('sends no Cookie header until the server has set a cookie', async () => {
    const { user } = testUser(server.url);
    expect(await cookiesSent(user, '/app/')).toBe('');
    await user.close(false);
  });

  it('sends a cookie only under the path it was set for, and never one of another domain', async () => {
    const { user } = testUser(server.url);
    await cookiesSent(user, '/login');
    expect(await cookiesSent(user, '/app/orders/')).toBe('app=2; site=1');
    expect(await cookiesSent(user, '/reports/')).toBe('site=1');
    // /application is not under /app: paths match by segment, as in browsers.
    expect(await cookiesSent(user, '/application')).toBe('site=1');
    await user.close(false);
  });

  it('drops cookies that expire (Expires, Max-Age) or that the server deletes', async () => {
    const { user } = testUser(server.url);
    await cookiesSent(user, '/login');
    expect(await cookiesSent(user, '/')).toBe('site=1');
    await cookiesSent(user, '/logout');
    expect(await cookiesSent(user, '/')).toBe('');
    // Max-Age=2 ends two seconds after it was set.
    await cookiesSent(user, '/brief');
    expect(await cookiesSent(user, '/')).toBe('brief=6');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await cookiesSent(user, '/')).toBe('');
    await user.close(false);
  });

  it('keeps the jar per user', async () => {
    const a = testUser(server.url).user;
    const b = testUser(server.url).user;
    await cookiesSent(a, '/login');
    expect(await cookiesSent(b, '/')).toBe('');
    await Promise.all([a.close(false), b.close(false)]);
  });

  it('leaves a path that makes no URL to undici, which fails the request', async () => {
    const { user, recorder } = testUser(server.url);
    await cookiesSent(user, '/login');
    const res = await user.get('no-leading-slash');
    expect([res.ok, res.status]).toEqual([false, 0]);
    expect(recorder.snapshot().failures).toEqual([expect.objectContaining({ name: 'no-leading-slash', occurrences: 1 })]);
    await user.close(false);
  });

  it("lets a flow's own Cookie header replace the jar's", async () => {
    const { user } = testUser(server.url);
    await cookiesSent(user, '/login');
    const res = await user.get('/', { headers: { Cookie: 'mine=1' } });
    expect(res.json<Received>().headers.cookie).toBe('mine=1');
    await user.close(false);
  });
});

describe('the demo target session cookie', () => {
  it("authorises the API after /dashboard/, as it does the dashboard's own fetch() calls", async () => {
    const target = await startDemoTarget({ port: 0 });
    try {
      const { user } = testUser(target.url);
      expect((await user.get('/api/search/', { query: { q: 'cash' } })).status).toBe(401);
      const page = await user.get('/dashboard/');
      expect(page.headers['set-cookie']).toBeDefined();
      const search = await user.get('/api/search/', { query: { q: 'cash' } });
      expect(search.status).toBe(200);
      await user.close(false);
    } finally {
      await target.close();
    }
  });
});
