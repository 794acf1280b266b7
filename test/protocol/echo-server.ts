/**
 * A tiny node:http server of the protocol tests' own: it answers every request with what it
 * received (path and headers, as JSON), plus the response headers a test's route adds.
 */
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { createAuth, type AuthSettings } from '../../src/protocol/auth.js';
import { VirtualUser } from '../../src/protocol/user.js';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface EchoServer {
  url: string;
  close(): Promise<void>;
}

/** `route` returns the extra response headers (and status) for a request path. */
export async function startEchoServer(route: (path: string) => { status?: number; headers?: OutgoingHttpHeaders } = () => ({})): Promise<EchoServer> {
  const server = createServer((req, res) => {
    const { status = 200, headers = {} } = route(req.url ?? '/');
    const received: Received = { path: req.url ?? '', headers: req.headers };
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(received));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const NO_AUTH: AuthSettings = { apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' };

/** One protocol user against `origin`, recording into a recorder of its own. */
export function testUser(origin: string, opts: { auth?: Partial<AuthSettings>; revalidateAll?: boolean; openModel?: boolean } = {}) {
  const recorder = new MetricsRecorder();
  const auth = createAuth({ ...NO_AUTH, ...opts.auth });
  const settings = { origin, requestTimeoutMs: 5000, revalidateAll: opts.revalidateAll ?? false, openModel: opts.openModel ?? false, userAgent: 'test' };
  return { user: new VirtualUser(1, settings, recorder, auth, 1), recorder };
}
