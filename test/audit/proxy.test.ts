/**
 * A proxy that decompresses on the way is not a server that forgot: with a decoding proxy in front
 * of one kind of client only, the audit says the server compresses and names the side whose
 * evidence shows it, instead of reporting should-compress.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/build.js';
import { probeBrowser, probeRoutes } from '../../src/runner/audit/probe.js';
import type { AuditSection } from '../../src/schema/audit.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY, findingMap, row } from './helpers.js';

interface Proxy {
  url: string;
  close(): Promise<void>;
}

/** Forwards to `origin`; gzip answers for the `decode` paths reach the client decoded. */
async function decodingProxy(origin: string, decode: string[]): Promise<Proxy> {
  const target = new URL(origin);
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      const path = (req.url ?? '').split('?')[0];
      if (up.headers['content-encoding'] === 'gzip' && decode.includes(path)) {
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
  let browserProxy: Proxy;
  let protocolProxy: Proxy;
  let audit: AuditSection;
  let base: string;

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
    browserProxy = await decodingProxy(target.url, ['/static/app.js']);
    protocolProxy = await decodingProxy(target.url, ['/static/app.css']);
    base = browserProxy.url;
    const recorder = new MetricsRecorder();
    const common = { auth: API_KEY, requestTimeoutMs: 10_000 };
    // Protocol users: app.js straight from the server, app.css through their own decoding proxy.
    await probeRoutes({ ...common, host: target.url, routes: [{ name: '/static/app.js', path: '/static/app.js' }] }, recorder);
    await probeRoutes({ ...common, host: protocolProxy.url, routes: [{ name: '/static/app.css', path: '/static/app.css' }] }, recorder);
    // The browser goes through a proxy that decodes app.js.
    const browser = await probeBrowser({ host: browserProxy.url, pages: ['/'] }, recorder);
    audit = buildAudit({ stats: recorder.snapshot().stats, browser, revalidate: true });
  });
  afterAll(async () => {
    await browserProxy?.close();
    await protocolProxy?.close();
    await target?.close();
  });

  it('reports no should-compress anywhere', () => {
    expect(audit.resources.filter((r) => r.compression === 'should-compress').map((r) => r.url)).toEqual([]);
    expect(audit.findingCounts['should-compress']).toBeUndefined();
  });

  it('calls app.js compressed on the browser side, with the protocol users as the evidence', () => {
    const js = row(audit, base, '/static/app.js');
    expect(js).toMatchObject({ encoding: 'identity', compression: 'compressed', savingMethod: 'observed-ratio' });
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
