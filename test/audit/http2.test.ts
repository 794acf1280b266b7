/**
 * The audit over TLS and HTTP/2: `audit --insecure` against the demo target's `--tls --http2`,
 * with and without `--http2`, judges the same routes alike, with the same body bytes (headers,
 * HPACK-compressed over h2, are in no byte count), its validator probes reaching the
 * self-signed target too.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCommand, type RawAuditOptions } from '../../src/commands/audit.js';
import type { AuditResource } from '../../src/schema/audit.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY } from './helpers.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const ROUTES = '/api/journal-entries/?page=1,/api/search/?q=cash';

async function auditRows(raw: RawAuditOptions): Promise<AuditResource[]> {
  const out = new Capture();
  const err = new Capture();
  await runAuditCommand({ apiKey: API_KEY.apiKey, routes: ROUTES, browser: false, json: true, ...raw }, out, err);
  expect(err.text).toBe('');
  return JSON.parse(out.text) as AuditResource[];
}

const essentials = (rows: AuditResource[]) =>
  rows.map((r) => ({ url: r.url, status: r.status, encoding: r.encoding, wireBytes: r.wireBytes, decodedBytes: r.decodedBytes, findings: r.findings.map((f) => f.code), revalidation: r.revalidation?.status, probeError: r.revalidation?.error }));

describe('the audit over TLS, HTTP/1.1 against HTTP/2', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, tls: true, http2: true });
  });
  afterAll(() => target?.close());

  it('judges the same routes alike, with the same wire and decoded bytes', async () => {
    const h1 = await auditRows({ host: target.url, insecure: true });
    const h2 = await auditRows({ host: target.url, insecure: true, http2: true });
    expect(h1).toHaveLength(2);
    expect(essentials(h2)).toEqual(essentials(h1));
    for (const row of h1) {
      expect(row.status).toBe(200);
      expect(row.encoding).toBe('gzip');
      // The validator probe reached the self-signed target: a conditional GET answered 304.
      expect(row.revalidation?.status).toBe(304);
    }
  });
});
