/**
 * The demo target's TLS (`--tls`) and HTTP/2 (`--http2`): a self-signed certificate made at each
 * start by Debian's `openssl` binary (no key is ever committed or kept: the files live in a
 * temporary folder for the moment openssl writes them), and the fastify server options that
 * serve it. HTTP/2 is served over TLS only, as browsers speak it, with HTTP/1.1 still accepted on
 * the same port (ALPN picks), so h1 clients and h2 clients can load the same target.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CannotRunError } from '../errors.js';

const run = promisify(execFile);

export interface Certificate {
  key: string;
  cert: string;
}

/**
 * A P-256 key and a one-day certificate for 127.0.0.1, ::1 and localhost (and `host` when it is
 * another name or address), valid for what a loopback test needs and no longer.
 */
export async function selfSignedCertificate(host: string): Promise<Certificate> {
  const dir = await mkdtemp(join(tmpdir(), 'browse-load-tls-'));
  const names = new Set(['IP:127.0.0.1', 'IP:::1', 'DNS:localhost']);
  if (host !== '0.0.0.0' && host !== '::') names.add(/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`);
  try {
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=browse-load demo target', '-addext', `subjectAltName=${[...names].join(',')}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ]);
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]);
    return { key, cert };
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new CannotRunError('--tls needs the openssl binary to make its certificate; install it (apt-get install openssl)');
    throw new CannotRunError(`--tls: openssl could not make a certificate: ${(err.stderr ?? err.message).trim().split('\n')[0]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What fastify is given for the transport; {} for plain HTTP/1.1. */
export type TransportOptions = Record<string, never> | { https: Certificate } | { http2: true; https: Certificate & { allowHTTP1: true } };

export async function transportOptions(o: { tls: boolean; http2: boolean; host: string }): Promise<TransportOptions> {
  if (!o.tls) return {};
  const certificate = await selfSignedCertificate(o.host);
  return o.http2 ? { http2: true, https: { ...certificate, allowHTTP1: true } } : { https: certificate };
}
