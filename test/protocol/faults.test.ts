/** Each transport fault, produced by a raw server of our own, is recorded under its one name. */
import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_NAMES, faultName } from '../../src/protocol/fault-names.js';
import type { HttpResponse } from '../../src/flow-api/api.js';
import { faultUser, startFaultServer, startOneHandshakeServer, type FaultServer, type Misbehaviour } from './fault-server.js';

const TIMEOUT_MS = 600;
const HEAD_100 = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n';

let server: FaultServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const faults: { fault: string; misbehave: Misbehaviour; name: string }[] = [
  { fault: 'a reset before the headers', misbehave: (s) => s.resetAndDestroy(), name: 'connection reset (ECONNRESET)' },
  {
    fault: 'a reset in the middle of the body',
    misbehave: (s) => {
      s.write(`${HEAD_100}abc`);
      setTimeout(() => s.resetAndDestroy(), 30);
    },
    name: 'connection reset (ECONNRESET)',
  },
  { fault: 'a normal close before the body ended', misbehave: (s) => s.end(`${HEAD_100}abc`), name: 'closed before the response ended (UND_ERR_SOCKET)' },
  { fault: 'a normal close before any answer', misbehave: (s) => s.end(), name: 'closed before the response ended (UND_ERR_SOCKET)' },
  { fault: 'an answer that is not HTTP', misbehave: (s) => s.end('SSH-2.0-OpenSSH_9.6\r\nnot http\r\n'), name: 'invalid HTTP (HTTPParserError)' },
  {
    fault: 'headers over undici’s limit',
    misbehave: (s) => s.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\nContent-Length: 0\r\n\r\n`),
    name: 'headers too large (UND_ERR_HEADERS_OVERFLOW)',
  },
  { fault: 'silence after the request', misbehave: () => {}, name: `headers timeout (${TIMEOUT_MS / 1000} s)` },
  {
    fault: 'a body trickling one byte every 100 ms',
    misbehave: (s, every) => {
      s.write(HEAD_100);
      every(100, () => s.write('x'));
    },
    name: `total timeout (${TIMEOUT_MS / 1000} s)`,
  },
  {
    fault: 'a chunked body that never ends',
    misbehave: (s, every) => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      every(50, () => s.write('5\r\nchunk\r\n'));
    },
    name: `total timeout (${TIMEOUT_MS / 1000} s)`,
  },
];

describe('transport faults from a raw server', () => {
  for (const { fault, misbehave, name } of faults) {
    it(`records ${fault} as "${name}", within the deadline`, async () => {
      server = await startFaultServer(misbehave);
      const { user, recorder } = faultUser(server.url, { requestTimeoutMs: TIMEOUT_MS });
      const started = performance.now();
      const res = await user.get('/thing/');
      const tookMs = performance.now() - started;
      await user.close(true);
      expect([res.ok, res.status, res.error]).toEqual([false, 0, name]);
      expect(recorder.snapshot().failures).toEqual([expect.objectContaining({ method: 'GET', name: '/thing/', error: name, occurrences: 1 })]);
      // The deadline is the bound: never later than it plus scheduling slack.
      expect(tookMs).toBeLessThan(TIMEOUT_MS + 1000);
    });
  }

  it('names a TLS handshake that never answers "connect timeout"', async () => {
    server = await startFaultServer(() => {});
    const tls = faultUser(server.url.replace('http:', 'https:'), { requestTimeoutMs: TIMEOUT_MS });
    expect((await tls.user.get('/')).error).toBe(`connect timeout (${TIMEOUT_MS / 1000} s)`);
    await tls.user.close(true);
  });

  it('names a wait in the user\'s own queue "total timeout", the request it waited behind "headers timeout"', async () => {
    // The first request waits for headers on the user's one connection, the second waits behind it.
    // The server takes one connection only, so the second is never sent, whenever its deadline fires.
    server = await startOneHandshakeServer();
    const { user } = faultUser(server.url.replace('http:', 'https:'), { requestTimeoutMs: TIMEOUT_MS, insecure: true });
    const started = performance.now();
    const timed = (res: HttpResponse) => ({ error: res.error, tookMs: performance.now() - started });
    const [first, second] = await Promise.all([user.get('/first/').then(timed), user.get('/second/').then(timed)]);
    await user.close(true);
    expect([first.error, second.error]).toEqual([`headers timeout (${TIMEOUT_MS / 1000} s)`, `total timeout (${TIMEOUT_MS / 1000} s)`]);
    // The wait in the queue spans the second request's whole deadline.
    expect(second.tookMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 2);
    expect(second.tookMs).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('gives a request sent after a quick one its own whole deadline, neither the earlier request\'s nor none', async () => {
    // The first request is answered; the connection then stays silent for the second.
    server = await startFaultServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const { user } = faultUser(server.url, { requestTimeoutMs: TIMEOUT_MS });
    expect((await user.get('/quick/')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS / 2));
    const started = performance.now();
    const res = await user.get('/silent/');
    const tookMs = performance.now() - started;
    await user.close(true);
    expect(res.error).toBe(`headers timeout (${TIMEOUT_MS / 1000} s)`);
    // Not cut at the first request's deadline (which fell half-way through this one's)...
    expect(tookMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 2);
    // ...and not left without one.
    expect(tookMs).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('lets a slow body that completes before the deadline through: the deadline is not an idle timeout', async () => {
    server = await startFaultServer((s, every) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n');
      every(100, () => s.write('x'));
    });
    const { user, recorder } = faultUser(server.url, { requestTimeoutMs: TIMEOUT_MS });
    const res = await user.get('/slow/');
    await user.close(true);
    expect([res.ok, res.status, res.text()]).toEqual([true, 200, 'xxxx']);
    expect(recorder.snapshot().failures).toEqual([]);
  });

  it('records a refused connection as "connection refused (ECONNREFUSED)"', async () => {
    server = await startFaultServer(() => {});
    const url = server.url;
    await server.close();
    server = null;
    const { user } = faultUser(url, { requestTimeoutMs: TIMEOUT_MS });
    expect((await user.get('/')).error).toBe('connection refused (ECONNREFUSED)');
    await user.close(true);
  });

  it('records TLS spoken to a plain-text server as a TLS failure', async () => {
    server = await startFaultServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    const { user } = faultUser(server.url.replace('http:', 'https:'), { requestTimeoutMs: TIMEOUT_MS });
    expect((await user.get('/')).error).toMatch(/^TLS failure \((ERR_SSL_|ERR_TLS_)\w+\)$/);
    await user.close(true);
  });
});

describe('fault names of codes a loopback server cannot produce', () => {
  const coded = (code: string, name = 'Error') => Object.assign(new Error(`raw ${code}`), { code, name });
  const table: [Error, string][] = [
    [coded('UND_ERR_CONNECT_TIMEOUT', 'ConnectTimeoutError'), 'connect timeout (UND_ERR_CONNECT_TIMEOUT)'],
    [coded('UND_ERR_HEADERS_TIMEOUT', 'HeadersTimeoutError'), 'headers timeout (UND_ERR_HEADERS_TIMEOUT)'],
    [coded('UND_ERR_BODY_TIMEOUT', 'BodyTimeoutError'), 'body timeout (UND_ERR_BODY_TIMEOUT)'],
    [coded('ENOTFOUND'), 'host not found (ENOTFOUND)'],
    [coded('EAI_AGAIN'), 'host not found (EAI_AGAIN)'],
    [coded('CERT_HAS_EXPIRED'), 'TLS certificate not trusted (CERT_HAS_EXPIRED)'],
    [coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    [coded('HPE_INVALID_CONSTANT', 'HTTPParserError'), 'invalid HTTP (HPE_INVALID_CONSTANT)'],
    [coded('Z_DATA_ERROR'), 'body does not decode as its Content-Encoding says (Z_DATA_ERROR)'],
    [coded('ESOMETHINGNEW'), 'ESOMETHINGNEW'],
  ];
  for (const [error, name] of table) {
    it(`names ${String((error as Error & { code: string }).code)} "${name}"`, () => {
      expect(faultName(error)).toBe(name);
    });
  }

  it('keeps every name short and free of parentheses, so the code is always the last part', () => {
    for (const name of Object.values(FAULT_NAMES)) expect(name).toMatch(/^[A-Za-z][\w -]{2,60}$/);
  });
});
