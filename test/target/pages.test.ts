/** The public pages and assets of erp-api.md over real HTTP: sizes, caching headers, 304s, gzip. */
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY, GZIP, send } from './http.js';

let target: DemoTarget;
const url = (path: string) => `${target.url}${path}`;

beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target.close();
});

const KB = 1024;
const ASSETS = [
  { path: '/static/app.css', type: 'text/css', size: 40 * KB, cacheControl: 'public, max-age=31536000, immutable' },
  { path: '/static/app.js', type: 'text/javascript', size: 120 * KB, cacheControl: 'public, max-age=31536000, immutable' },
  { path: '/static/vendor.js', type: 'text/javascript', size: 200 * KB, cacheControl: 'no-cache' },
];

describe('home page', () => {
  it('serves ~15 KB of HTML that links the three assets', async () => {
    const res = await send(url('/'));
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toMatch(/^text\/html/);
    expect(res.raw.length).toBeGreaterThan(13 * KB);
    expect(res.raw.length).toBeLessThan(17 * KB);
    for (const asset of ASSETS) expect(res.text()).toContain(`"${asset.path}"`);
  });

  it('has an ETag and no max-age, and answers 304 to If-None-Match', async () => {
    const first = await send(url('/'));
    const etag = first.header('etag');
    expect(etag).toBeTruthy();
    expect(first.header('cache-control') ?? '').not.toMatch(/max-age/);
    const again = await send(url('/'), { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    const stale = await send(url('/'), { headers: { 'if-none-match': 'W/"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it('is gzipped when the client accepts gzip, at a realistic ratio', async () => {
    const plain = await send(url('/'));
    const zipped = await send(url('/'), { headers: GZIP });
    expect(plain.header('content-encoding')).toBeUndefined();
    expect(zipped.header('content-encoding')).toBe('gzip');
    // Both variants say they vary, so a shared cache keeps them apart.
    expect(zipped.header('vary')).toBe('accept-encoding');
    expect(plain.header('vary')).toBe('accept-encoding');
    expect(zipped.text()).toBe(plain.text());
    const ratio = plain.raw.length / zipped.raw.length;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6);
  });

  it('picks gzip from "gzip, deflate, br" and sends identity when only br is accepted', async () => {
    const browser = await send(url('/'), { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(browser.header('content-encoding')).toBe('gzip');
    const brOnly = await send(url('/'), { headers: { 'accept-encoding': 'br' } });
    expect(brOnly.header('content-encoding')).toBeUndefined();
    expect(brOnly.status).toBe(200);
  });
});

describe('static assets', () => {
  for (const asset of ASSETS) {
    it(`${asset.path}: ~${asset.size / KB} KB, ${asset.cacheControl}, ETag and Last-Modified`, async () => {
      const res = await send(url(asset.path));
      expect(res.status).toBe(200);
      expect(res.header('content-type')).toContain(asset.type);
      expect(res.raw.length).toBeGreaterThan(asset.size * 0.9);
      expect(res.raw.length).toBeLessThan(asset.size * 1.1);
      expect(res.header('cache-control')).toBe(asset.cacheControl);
      expect(res.header('etag')).toBeTruthy();
      expect(Date.parse(res.header('last-modified')!)).not.toBeNaN();
    });

    it(`${asset.path}: 304 on If-None-Match and on If-Modified-Since, 200 when modified since`, async () => {
      const first = await send(url(asset.path));
      const inm = await send(url(asset.path), { headers: { 'if-none-match': first.header('etag')! } });
      expect(inm.status).toBe(304);
      expect(inm.raw.length).toBe(0);
      const ims = await send(url(asset.path), { headers: { 'if-modified-since': first.header('last-modified')! } });
      expect(ims.status).toBe(304);
      expect(ims.header('etag')).toBe(first.header('etag'));
      const older = new Date(Date.parse(first.header('last-modified')!) - 86_400_000).toUTCString();
      const modified = await send(url(asset.path), { headers: { 'if-modified-since': older } });
      expect(modified.status).toBe(200);
      expect(modified.raw.length).toBe(first.raw.length);
    });

    it(`${asset.path}: gzipped 3–5.5x when accepted`, async () => {
      const plain = await send(url(asset.path));
      const zipped = await send(url(asset.path), { headers: GZIP });
      expect(zipped.header('content-encoding')).toBe('gzip');
      expect(zipped.text()).toBe(plain.text());
      const ratio = plain.raw.length / zipped.raw.length;
      expect(ratio).toBeGreaterThan(3);
      expect(ratio).toBeLessThan(5.5);
    });
  }

  it('serves JavaScript that parses', async () => {
    for (const path of ['/static/app.js', '/static/vendor.js']) {
      const res = await send(url(path));
      expect(() => new vm.Script(res.text(), { filename: path })).not.toThrow();
    }
  });

  it('serves a small logo and a 204 favicon, and 404 JSON for unknown assets', async () => {
    const logo = await send(url('/static/logo.svg'));
    expect(logo.status).toBe(200);
    expect(logo.header('content-type')).toContain('image/svg+xml');
    expect((await send(url('/favicon.ico'))).status).toBe(204);
    const missing = await send(url('/static/missing.js'));
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ detail: 'Not found.' });
  });
});

describe('compression threshold', () => {
  it('never gzips a body under 200 bytes, even when accepted', async () => {
    const health = await send(url('/health'), { headers: GZIP });
    expect(health.text()).toBe('ok');
    expect(health.header('content-encoding')).toBeUndefined();
    expect(health.header('vary')).toBeUndefined();
    const denied = await send(url('/api/journal-entries/'), { headers: GZIP });
    expect(denied.status).toBe(401);
    expect(denied.raw.length).toBeLessThan(200);
    expect(denied.header('content-encoding')).toBeUndefined();
  });

  it('gzips a JSON body of 200 bytes or more', async () => {
    const plain = await send(url('/api/journal-entries/1/'), { headers: API_KEY });
    expect(plain.raw.length).toBeGreaterThanOrEqual(200);
    const zipped = await send(url('/api/journal-entries/1/'), { headers: { ...API_KEY, ...GZIP } });
    expect(zipped.header('content-encoding')).toBe('gzip');
    expect(zipped.json()).toEqual(plain.json());
  });
});

describe('dashboard', () => {
  it('serves ~30 KB of no-store HTML with KPI tiles and the 50 most recent entries', async () => {
    const res = await send(url('/dashboard/'));
    expect(res.status).toBe(200);
    expect(res.header('cache-control')).toBe('no-store');
    expect(res.raw.length).toBeGreaterThan(25 * KB);
    expect(res.raw.length).toBeLessThan(36 * KB);
    const html = res.text();
    const rows = [...html.matchAll(/<tr id="entry-(\d+)">/g)].map((m) => Number(m[1]));
    expect(rows).toHaveLength(50);
    expect(rows.slice(0, 3)).toEqual([5000, 4999, 4998]);
    expect(html).toMatch(/Journal entries<\/span><strong class="kpi-value">5000</);
    expect(html).toContain("fetch('/api/journal-entries/?page=1'");
    expect(html).toContain("fetch('/api/search/?q=cash'");
    expect(html).not.toContain('demo-api-key');
  });

  it('sets an HttpOnly SameSite=Strict session cookie that lets the page read, not write, /api/', async () => {
    const res = await send(url('/dashboard/'));
    const cookie = res.header('set-cookie')!;
    expect(cookie).toMatch(/^demo_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\//);
    const session = { cookie: cookie.split(';')[0] };
    expect((await send(url('/api/journal-entries/?page=1'), { headers: session })).status).toBe(200);
    expect((await send(url('/api/search/?q=cash'), { headers: session })).status).toBe(200);
    const write = await send(url('/api/journal-entries/'), {
      method: 'POST',
      headers: session,
      json: { date: '2026-05-01', lines: [{ account: '1000', debit: '1' }, { account: '1001', credit: '1' }] },
    });
    expect(write.status).toBe(401);
    expect((await send(url('/api/journal-entries/?page=1'), { headers: { cookie: 'demo_session=forged' } })).status).toBe(401);
  });

  it("gives the session token a lifetime of one hour, as its cookie's Max-Age says", async () => {
    const cookie = (await send(url('/dashboard/'))).header('set-cookie')!;
    const token = /^demo_session=([^;]+);/.exec(cookie)![1];
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(3600);
    expect(cookie).toMatch(/Max-Age=3600/);
  });

  it('aggregates on every request: a new entry shows up at once', async () => {
    const created = await send(url('/api/journal-entries/'), {
      method: 'POST',
      headers: API_KEY,
      json: { date: '2027-01-05', description: 'Dashboard probe', lines: [{ account: '1000', debit: '5.00' }, { account: '1001', credit: '5.00' }] },
    });
    expect(created.status).toBe(201);
    const { id } = created.json<{ id: number }>();
    const html = (await send(url('/dashboard/'))).text();
    expect(html).toMatch(/Journal entries<\/span><strong class="kpi-value">5001</);
    expect(html.indexOf(`<tr id="entry-${id}">`)).toBeLessThan(html.indexOf('<tr id="entry-5000">'));
    expect(html).toContain('Entries in 2027-01</span><strong class="kpi-value">1<');
  });
});

describe('health', () => {
  it('answers ok without credentials', async () => {
    const res = await send(url('/health'));
    expect(res.status).toBe(200);
    expect(res.text()).toBe('ok');
  });
});
