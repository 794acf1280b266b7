/**
 * Bodies whose Content-Encoding lies: decoded off the event loop, recorded with their status,
 * headers and wire bytes, failed under a name that says which encoding did not decode, and found
 * by the audit as encoding-mismatch.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/protocol/body.js';
import type { RawResponse } from '../../src/protocol/exchange.js';
import { readSummary, runCli, tempDir } from '../helpers.js';
import { faultUser } from './fault-server.js';

function raw(body: Buffer, split = 1): RawResponse {
  const size = Math.ceil(body.length / split);
  const chunks = Array.from({ length: split }, (_, i) => body.subarray(i * size, (i + 1) * size)).filter((c) => c.length > 0);
  return { status: 200, headers: {}, chunks, wireBytes: body.length };
}

const text = Buffer.from('journal entry '.repeat(5000));
const json = Buffer.from('{"results":[1,2,3]}');
const gz = gzipSync(text);

describe('decodeBody', () => {
  it('decodes gzip across chunks and brotli, and keeps identity bodies as they came', async () => {
    expect((await decodeBody(raw(gz, 7), 'gzip')).equals(text)).toBe(true);
    expect((await decodeBody(raw(brotliCompressSync(text)), 'br')).equals(text)).toBe(true);
    expect((await decodeBody(raw(text, 3), '')).equals(text)).toBe(true);
  });
  it('rejects a gzip label on a body that is not gzip, and a truncated gzip stream', async () => {
    await expect(decodeBody(raw(json), 'gzip')).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
    await expect(decodeBody(raw(gz.subarray(0, gz.length - 9)), 'gzip')).rejects.toMatchObject({ code: 'Z_BUF_ERROR' });
  });
});

/** Routes that lie about their encoding, and one honest gzip route. */
const ROUTES: Record<string, { encoding: string; body: Buffer }> = {
  '/not-gzip/': { encoding: 'gzip', body: json },
  '/truncated/': { encoding: 'gzip', body: gz.subarray(0, gz.length - 9) },
  '/not-deflate/': { encoding: 'deflate', body: json },
  '/not-br/': { encoding: 'br', body: json },
  '/honest/': { encoding: 'gzip', body: gz },
};

let server: http.Server;
let origin: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const route = ROUTES[req.url ?? ''];
    if (!route) return res.end('ok');
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': route.encoding, 'content-length': route.body.length });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('a response whose Content-Encoding lies', () => {
  it.each([
    ['/not-gzip/', 'body does not decode as gzip (Z_DATA_ERROR)'],
    ['/truncated/', 'body does not decode as gzip (Z_BUF_ERROR)'],
    ['/not-deflate/', 'body does not decode as deflate (Z_DATA_ERROR)'],
    ['/not-br/', 'body does not decode as br (ERR__ERROR)'],
  ])('%s keeps its status, headers and wire bytes, failed as "%s"', async (path, name) => {
    const { user } = faultUser(origin);
    const res = await user.get(path);
    await user.close(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(ROUTES[path].encoding);
    expect(res.wireBytes).toBe(ROUTES[path].body.length);
    expect(res.ok).toBe(false);
    expect(res.error?.startsWith(name.replace(/\(.*$/, ''))).toBe(true);
    if (!path.endsWith('br/')) expect(res.error).toBe(name);
  });

  it('an honest gzip body reads as its text, sized as decoded', async () => {
    const { user } = faultUser(origin);
    const res = await user.get('/honest/');
    await user.close(true);
    expect(res.ok).toBe(true);
    expect(res.decodedBytes).toBe(text.length);
    expect(res.text()).toBe(text.toString());
  });

  it('a run records the status and bytes, names the fault, and the audit finds encoding-mismatch', async () => {
    const dir = tempDir();
    const args = ['run', '--host', origin, '--url', '/not-gzip/', '--url', '/truncated/', '--url', '/honest/', '-u', '2', '-t', '3s', '-b', '0'];
    const result = await runCli([...args, '--quiet', '--no-html', '--results-dir', dir]);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    const summary = readSummary(dir);
    const errors = new Map(summary.failures.map((f) => [f.name, f.error]));
    expect(errors.get('/not-gzip/')).toBe('body does not decode as gzip (Z_DATA_ERROR)');
    expect(errors.get('/truncated/')).toBe('body does not decode as gzip (Z_BUF_ERROR)');
    expect(errors.has('/honest/')).toBe(false);
    const lying = summary.stats.find((s) => s.name === '/not-gzip/')!;
    expect(lying.responses?.statuses['200']).toBe(lying.count);
    expect(lying.responses?.encodings.gzip.wireBytes).toBe(lying.count * json.length);
    const findings = new Map(summary.audit!.resources.map((r) => [r.url, r.findings.map((f) => f.code)]));
    expect(findings.get('/not-gzip/')).toContain('encoding-mismatch');
    expect(findings.get('/truncated/')).toContain('encoding-mismatch');
    expect(findings.get('/honest/')).not.toContain('encoding-mismatch');
    // Two users against instant answers: thousands of decodes, none of them on the event loop.
    expect(summary.aggregate.count).toBeGreaterThan(300);
  }, 30_000);
});
