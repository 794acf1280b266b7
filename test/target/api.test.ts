/** The /api rows of erp-api.md over real HTTP: auth, the JWT flow, journal-entry CRUD and paging. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY, send, type Send } from './http.js';
import type { EntryJson } from '../../src/target/entry.js';

let target: DemoTarget;
const url = (path: string) => `${target.url}${path}`;
const api = (path: string, options: Send = {}) => send(url(path), { ...options, headers: { ...API_KEY, ...options.headers } });

beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target.close();
});

interface PageJson {
  count: number;
  next: string | null;
  previous: string | null;
  results: EntryJson[];
}

const balanced = (amount = '100.00') => [
  { account: '1000', debit: amount, credit: '0.00' },
  { account: '1050', debit: '0.00', credit: amount },
];

describe('auth', () => {
  it('answers 401 JSON on every /api/* path without credentials', async () => {
    for (const path of ['/api/journal-entries/', '/api/journal-entries/1/', '/api/reports/monthly/?month=2026-01', '/api/search/?q=cash', '/api/unknown/']) {
      const res = await send(url(path));
      expect(res.status, path).toBe(401);
      expect(res.header('content-type')).toMatch(/application\/json/);
      expect(res.json().detail).toBeTruthy();
    }
    expect((await send(url('/api/journal-entries/'), { method: 'POST', json: { date: '2026-01-01', lines: balanced() } })).status).toBe(401);
  });

  it('rejects a wrong API key and accepts the right one', async () => {
    expect((await send(url('/api/journal-entries/'), { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
    expect((await send(url('/api/journal-entries/'), { headers: API_KEY })).status).toBe(200);
  });

  it('issues JWTs for good credentials, 401 for bad ones, and accepts the access token as Bearer', async () => {
    const bad = await send(url('/api/token/'), { method: 'POST', json: { username: 'admin', password: 'nope' } });
    expect(bad.status).toBe(401);
    const missing = await send(url('/api/token/'), { method: 'POST', json: { username: 'admin' } });
    expect(missing.status).toBe(400);
    const good = await send(url('/api/token/'), { method: 'POST', json: { username: 'admin', password: 'adminpass' } });
    expect(good.status).toBe(200);
    const { access, refresh } = good.json<{ access: string; refresh: string }>();
    expect(access.split('.')).toHaveLength(3);
    expect(refresh).not.toBe(access);
    // SimpleJWT's defaults: the access token lives an hour, the refresh token a day.
    const lifetime = (token: string) => {
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number; iat: number };
      return claims.exp - claims.iat;
    };
    expect([lifetime(access), lifetime(refresh)]).toEqual([3600, 86_400]);
    const ok = await send(url('/api/journal-entries/'), { headers: { authorization: `Bearer ${access}` } });
    expect(ok.status).toBe(200);
    const refreshAsAccess = await send(url('/api/journal-entries/'), { headers: { authorization: `Bearer ${refresh}` } });
    expect(refreshAsAccess.status).toBe(401);
    const tampered = await send(url('/api/journal-entries/'), { headers: { authorization: `Bearer ${access.slice(0, -2)}xx` } });
    expect(tampered.status).toBe(401);
    const renewed = await send(url('/api/token/refresh/'), { method: 'POST', json: { refresh } });
    expect(renewed.status).toBe(200);
    const second = await send(url('/api/journal-entries/'), { headers: { authorization: `Bearer ${renewed.json().access}` } });
    expect(second.status).toBe(200);
  });
});

describe('journal entries: list', () => {
  it('pages 20 by default with count, next and previous', async () => {
    const res = await api('/api/journal-entries/');
    expect(res.status).toBe(200);
    const page = res.json<PageJson>();
    expect(page.count).toBeGreaterThanOrEqual(5000);
    expect(page.results).toHaveLength(20);
    expect(page.previous).toBeNull();
    expect(page.next).toBe(`${target.url}/api/journal-entries/?page=2`);
    const entry = page.results[0];
    expect(Object.keys(entry).sort()).toEqual(['created_at', 'date', 'description', 'id', 'lines', 'reference']);
    expect(entry.lines[0].debit).toMatch(/^\d+\.\d{2}$/);
  });

  it('honours page_size up to 100 and links neighbouring pages', async () => {
    const page = (await api('/api/journal-entries/?page=3&page_size=7')).json<PageJson>();
    expect(page.results.map((e) => e.id)).toEqual([15, 16, 17, 18, 19, 20, 21]);
    expect(page.previous).toBe(`${target.url}/api/journal-entries/?page=2&page_size=7`);
    expect(page.next).toBe(`${target.url}/api/journal-entries/?page=4&page_size=7`);
    const capped = (await api('/api/journal-entries/?page_size=500')).json<PageJson>();
    expect(capped.results).toHaveLength(100);
  });

  it('answers 404 for a page past the end or not a number', async () => {
    expect((await api('/api/journal-entries/?page=100000')).status).toBe(404);
    expect((await api('/api/journal-entries/?page=abc')).status).toBe(404);
  });

  it('gives list pages an ETag, so a conditional GET gets 304', async () => {
    const first = await api('/api/journal-entries/?page=5');
    const etag = first.header('etag')!;
    expect(etag).toBeTruthy();
    const again = await api('/api/journal-entries/?page=5', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('journal entries: CRUD', () => {
  it('creates (201), reads, replaces (PUT), patches and deletes (204) an entry', async () => {
    const created = await api('/api/journal-entries/', {
      method: 'POST',
      json: { date: '2026-06-15', description: 'Test rent payment', lines: balanced('1250.50') },
    });
    expect(created.status).toBe(201);
    const entry = created.json<EntryJson>();
    expect(entry.id).toBeGreaterThan(5000);
    expect(entry.reference).toBe(`JE-${entry.id}`);
    expect(entry.lines[0]).toEqual({ account: '1000', debit: '1250.50', credit: '0.00' });
    expect(Date.parse(entry.created_at)).not.toBeNaN();

    const read = await api(`/api/journal-entries/${entry.id}/`);
    expect(read.status).toBe(200);
    expect(read.json()).toEqual(entry);

    const put = await api(`/api/journal-entries/${entry.id}/`, {
      method: 'PUT',
      json: { date: '2026-06-16', reference: 'RENT-6', lines: [...balanced('10'), { account: '1002', debit: '5', credit: '0' }, { account: '1003', debit: '0', credit: '5' }] },
    });
    expect(put.status).toBe(200);
    const replaced = put.json<EntryJson>();
    expect(replaced).toMatchObject({ id: entry.id, date: '2026-06-16', reference: 'RENT-6', description: '' });
    expect(replaced.lines).toHaveLength(4);

    const patch = await api(`/api/journal-entries/${entry.id}/`, { method: 'PATCH', json: { description: 'Patched' } });
    expect(patch.status).toBe(200);
    expect(patch.json<EntryJson>()).toMatchObject({ description: 'Patched', date: '2026-06-16', reference: 'RENT-6' });
    expect(patch.json<EntryJson>().lines).toEqual(replaced.lines);

    const removed = await api(`/api/journal-entries/${entry.id}/`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(removed.raw.length).toBe(0);
    expect((await api(`/api/journal-entries/${entry.id}/`)).status).toBe(404);
    expect((await api(`/api/journal-entries/${entry.id}/`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 404 JSON for a missing entry, whatever the method', async () => {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await api('/api/journal-entries/999999/', { method, json: method === 'PUT' || method === 'PATCH' ? { date: '2026-01-01', lines: balanced() } : undefined });
      expect(res.status, method).toBe(404);
      expect(res.json()).toEqual({ detail: 'Not found.' });
    }
    expect((await api('/api/journal-entries/abc/')).status).toBe(404);
  });

  const badBodies: [string, unknown, string][] = [
    ['unbalanced lines', { date: '2026-01-10', lines: [{ account: '1000', debit: '100.00' }, { account: '1001', credit: '90.00' }] }, 'lines'],
    ['fewer than 2 lines', { date: '2026-01-10', lines: [{ account: '1000', debit: '0', credit: '0' }] }, 'lines'],
    ['no lines', { date: '2026-01-10' }, 'lines'],
    ['a bad date', { date: '2026-02-30', lines: balanced() }, 'date'],
    ['a date that is not a date', { date: 'yesterday', lines: balanced() }, 'date'],
    ['a negative amount', { date: '2026-01-10', lines: [{ account: '1000', debit: '-5' }, { account: '1001', credit: '-5' }] }, 'lines'],
    ['a body that is not an object', [1, 2], 'non_field_errors'],
  ];
  for (const [what, body, field] of badBodies) {
    it(`answers 400 naming "${field}" for ${what}, on POST and PUT`, async () => {
      for (const [method, path] of [['POST', '/api/journal-entries/'], ['PUT', '/api/journal-entries/1/']] as const) {
        const res = await api(path, { method, json: body });
        expect(res.status, method).toBe(400);
        const error = res.json<{ detail: string; errors: Record<string, string[]> }>();
        expect(Object.keys(error.errors)).toContain(field);
        expect(error.detail).toContain(field);
      }
    });
  }

  it('answers 400 JSON for malformed JSON', async () => {
    const res = await api('/api/journal-entries/', { method: 'POST', body: '{"date": "2026-01-01", "lines": [' });
    expect(res.status).toBe(400);
    expect(res.json().detail).toMatch(/JSON/);
  });

  // A requests/Locust session sends its JSON headers on every request, body or not.
  const JSON_HEADERS = { 'content-type': 'application/json', 'content-length': '0' };

  it('answers DELETE and GET that carry JSON headers and an empty body as Django does (204, 200)', async () => {
    const created = (await api('/api/journal-entries/', { method: 'POST', json: { date: '2026-01-05', lines: balanced() } })).json<EntryJson>();
    const path = `/api/journal-entries/${created.id}/`;
    expect((await api(path, { headers: JSON_HEADERS })).status).toBe(200);
    const deleted = await api(path, { method: 'DELETE', headers: JSON_HEADERS });
    expect(deleted.status).toBe(204);
    expect((await api(path, { headers: JSON_HEADERS })).status).toBe(404);
  });

  it('reads an empty JSON body on POST as an empty object: field errors, not a parser error', async () => {
    const res = await api('/api/journal-entries/', { method: 'POST', headers: JSON_HEADERS });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json<{ errors: Record<string, string[]> }>().errors)).toEqual(expect.arrayContaining(['date', 'lines']));
  });

  it('validates a PATCH: unbalanced lines or a bad date give 400 and change nothing', async () => {
    const before = (await api('/api/journal-entries/2/')).json();
    const unbalanced = await api('/api/journal-entries/2/', { method: 'PATCH', json: { lines: [{ account: '1000', debit: '1' }, { account: '1001', credit: '2' }] } });
    expect(unbalanced.status).toBe(400);
    const badDate = await api('/api/journal-entries/2/', { method: 'PATCH', json: { date: '2026-13-01' } });
    expect(badDate.status).toBe(400);
    expect((await api('/api/journal-entries/2/')).json()).toEqual(before);
  });
});
