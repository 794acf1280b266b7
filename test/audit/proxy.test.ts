/**
 * A proxy that decompresses on the way is not a server that forgot: with a proxy that decodes a
 * path for one kind of client only, the audit says the server compresses and names the side whose
 * evidence shows it, instead of reporting should-compress.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/runner/audit/plan.js';
import type { AuditSection } from '../../src/schema/audit.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY, findingMap, row } from './helpers.js';

interface Proxy {
  url: string;
  close(): Promise<void>;
}

/** Which paths reach which client decoded: protocol users send a browse-load User-Agent, Chromium its own. */
interface DecodeFor {
  browser: string[];
  protocol: string[];
}

/** Forwards to `origin`; gzip answers for a client's `decode` paths reach that client decoded. */
async function decodingProxy(origin: string, decode: DecodeFor): Promise<Proxy> {
  const target = new URL(origin);
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      const path = (req.url ?? '').split('?')[0];
      const side = req.headers['user-agent']?.startsWith('browse-load/') ? 'protocol' : 'browser';
      if (up.headers['content-encoding'] === 'gzip' && decode[side].includes(path)) {
        const headers = { ...up.headers };
        delete headers['content-encoding'];
        delete headers['content-length'];
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(createGunzip()).pipe(res);
      } else {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      }
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a decoding proxy in front of one kind of client', () => {
  let target: DemoTarget;
  let proxy: Proxy;
  let audit: AuditSection;
  let base: string;

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
    // The browser gets app.js decoded, the protocol users app.css; everything else passes as sent.
    proxy = await decodingProxy(target.url, { browser: ['/static/app.js'], protocol: ['/static/app.css'] });
    base = proxy.url;
    const routes = ['/static/app.js', '/static/app.css'].map((path) => ({ name: path, path }));
    const { summary } = await runAudit({ host: proxy.url, auth: API_KEY, pages: ['/'], routes, requestTimeoutMs: 10_000, resultsDir: null });
    audit = summary.audit!;
  });
  afterAll(async () => {
    await proxy?.close();
    await target?.close();
  });

  it('reports no should-compress anywhere', () => {
    expect(audit.resources.filter((r) => r.compression === 'should-compress').map((r) => r.url)).toEqual([]);
    expect(audit.findingCounts['should-compress']).toBeUndefined();
  });

  it('calls app.js compressed on the browser side, with the protocol users as the evidence', () => {
    const js = row(audit, base, '/static/app.js');
    // The audit fetched the body again after the views, so the saving is gzip's own.
    expect(js).toMatchObject({ encoding: 'identity', compression: 'compressed', savingMethod: 're-gzip' });
    expect(js.wireBytes).toBe(js.decodedBytes);
    expect(js.compressionEvidence).toEqual({ code: 'other-client', side: 'browser', otherSide: 'protocol', otherEncoding: 'gzip' });
    expect(js.findings.map((f) => f.code)).toEqual(['decoded-on-the-way']);
    expect(audit.savings.perPageView.find((v) => v.page === '/' && v.view === 'cold')!.bytes).toBe(js.potentialSavingBytes);
  });

  it('calls app.css compressed on the protocol side, with the browser as the evidence (and the other way round)', () => {
    const css = audit.resources.find((r) => r.source === 'protocol' && r.url === '/static/app.css')!;
    expect(css).toMatchObject({ encoding: 'identity', compression: 'compressed' });
    expect(css.compressionEvidence).toEqual({ code: 'other-client', side: 'protocol', otherSide: 'browser', otherEncoding: 'gzip' });
    expect(css.findings.map((f) => f.code)).toEqual(['decoded-on-the-way']);
    expect(row(audit, base, '/static/app.css')).toMatchObject({ encoding: 'gzip', compression: 'compressed', findings: [] });
  });

  it('has no other findings', () => {
    expect(findingMap(audit, base)).toEqual({ '/static/app.js': ['decoded-on-the-way'], 'GET /static/app.css': ['decoded-on-the-way'] });
  });
});
