/**
 * Browser users against the misbehaving target: each fault fails its view promptly (well inside
 * the navigation timeout), under the taxonomy's short name with Chromium's code in parentheses,
 * as the README's table pairs them. A document cut short or carrying a lying gzip used to leave
 * page.goto waiting for a load event that never came, until its timeout.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netErrorName } from '../../src/browser/net-errors.js';
import { startBrowserUsers } from '../../src/browser/pool.js';
import { CollectingRecorder, countedFlow, type PageRow } from '../browser/helpers.js';
import { FAULT_PATHS, startFaultTarget, type FaultTarget } from '../support/fault-target.js';

const NAVIGATION_TIMEOUT_MS = 10_000;
/** Prompt: the view fails at the fault, not at the navigation timeout. */
const PROMPT_MS = 3000;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const VIEWS: { path: keyof typeof FAULT_PATHS; name: string; status?: number }[] = [
  { path: 'earlyClose', name: 'closed before the response ended (net::ERR_CONTENT_LENGTH_MISMATCH)', status: 200 },
  { path: 'lyingGzip', name: 'body does not decode as its Content-Encoding says (net::ERR_CONTENT_DECODING_FAILED)', status: 200 },
  { path: 'resetMidBody', name: 'connection reset (net::ERR_CONNECTION_RESET)', status: 200 },
  { path: 'resetBeforeHeaders', name: 'connection reset (net::ERR_CONNECTION_RESET)' },
  { path: 'garbage', name: 'invalid HTTP (net::ERR_INVALID_HTTP_RESPONSE)' },
  { path: 'redirectLoop', name: 'too many redirects (net::ERR_TOO_MANY_REDIRECTS)' },
  { path: 'pageWithBrokenScript', name: `resource failed: ${FAULT_PATHS.resetBeforeHeaders} connection reset (net::ERR_CONNECTION_RESET)`, status: 200 },
];

describe('browser views of a misbehaving target', () => {
  let target: FaultTarget;
  const recorder = new CollectingRecorder();
  let refusedUrl = '';

  beforeAll(async () => {
    target = await startFaultTarget();
    refusedUrl = `http://127.0.0.1:${await closedPort()}/`;
    const visits = [...VIEWS.map((v) => FAULT_PATHS[v.path]), refusedUrl, FAULT_PATHS.ok];
    const { flow, done } = countedFlow(visits.length, (user, n) => user.visit(visits[n - 1]));
    const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 10, views: ['cold'], flow, recorder, navigationTimeoutMs: NAVIGATION_TIMEOUT_MS });
    try {
      await done;
    } finally {
      await run.stop(3000);
    }
  }, 120_000);
  afterAll(() => target?.close());

  const row = (path: string): PageRow => {
    const found = recorder.rows.filter((r) => r.name === `${path} [cold]`);
    expect(found, path).toHaveLength(1);
    return found[0];
  };

  for (const { path, name, status } of VIEWS) {
    it(`fails a view of ${FAULT_PATHS[path]} promptly as "${name}"`, () => {
      const view = row(FAULT_PATHS[path]);
      expect(view).toMatchObject({ ok: false, error: name, status: status ?? 0 });
      expect(view.ms).toBeLessThan(PROMPT_MS);
    });
  }

  it('fails a view of a port nobody listens on as "connection refused (net::ERR_CONNECTION_REFUSED)"', () => {
    expect(row(refusedUrl)).toMatchObject({ ok: false, error: 'connection refused (net::ERR_CONNECTION_REFUSED)', status: 0 });
  });

  it('measures the next view on the same page as usual', () => {
    expect(row(FAULT_PATHS.ok)).toMatchObject({ ok: true, status: 200, error: null });
  });
});

describe('Chromium error names a loopback target cannot produce', () => {
  const table: [string, string][] = [
    ['net::ERR_NAME_NOT_RESOLVED', 'host not found (net::ERR_NAME_NOT_RESOLVED)'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'connect timeout (net::ERR_CONNECTION_TIMED_OUT)'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'TLS certificate not trusted (net::ERR_CERT_AUTHORITY_INVALID)'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'TLS failure (net::ERR_SSL_PROTOCOL_ERROR)'],
    ['net::ERR_RESPONSE_HEADERS_TOO_BIG', 'headers too large (net::ERR_RESPONSE_HEADERS_TOO_BIG)'],
    ['net::ERR_EMPTY_RESPONSE', 'closed before the response ended (net::ERR_EMPTY_RESPONSE)'],
    ['net::ERR_INCOMPLETE_CHUNKED_ENCODING', 'closed before the response ended (net::ERR_INCOMPLETE_CHUNKED_ENCODING)'],
    // Not in the table: the bare code, as protocol users keep one.
    ['net::ERR_FAILED', 'net::ERR_FAILED'],
    ['page.goto: net::ERR_ABORTED at http://127.0.0.1:9/', 'net::ERR_ABORTED'],
  ];
  for (const [raw, name] of table) {
    it(`names ${raw} "${name}"`, () => expect(netErrorName(raw)).toBe(name));
  }
});
