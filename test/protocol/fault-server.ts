/**
 * A raw node:net server of the fault tests' own: it reads a request, then misbehaves as told
 * (resets, closes early, trickles, never ends, sends garbage or huge headers); and a TLS server
 * that takes one connection only. Each connection and timer it opens is closed by close(), so a
 * test that fails leaves nothing running.
 */
import net from 'node:net';
import tls from 'node:tls';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { createAuth } from '../../src/protocol/auth.js';
import { VirtualUser, type UserSettings } from '../../src/protocol/user.js';
import { selfSignedCertificate } from '../../src/target/tls.js';

/** What the server does once a request arrived; `head` is the request's first bytes (its request line first). */
export type Misbehaviour = (socket: net.Socket, every: (ms: number, tick: () => void) => void, head: string) => void;

export interface FaultServer {
  url: string;
  close(): Promise<void>;
}

export function startFaultServer(misbehave: Misbehaviour): Promise<FaultServer> {
  return listen((socket, every) => socket.once('data', (head: Buffer) => misbehave(socket, every, head.toString('latin1'))));
}

/**
 * A TLS server that completes the handshake of its first connection only and is silent on it;
 * the handshake of every later connection is never answered. A request queued behind the first
 * one can then never be sent before its own deadline: when the first is aborted, the user's
 * reconnect hangs, however the scheduler orders the abort, the reconnect and the timers.
 */
export async function startOneHandshakeServer(): Promise<FaultServer> {
  const { key, cert } = await selfSignedCertificate('127.0.0.1');
  let connections = 0;
  return listen((socket) => {
    connections += 1;
    if (connections === 1) new tls.TLSSocket(socket, { isServer: true, key, cert }).on('error', () => {});
  });
}

/** Listens on a free loopback port; close() ends every connection and timer it opened. */
async function listen(onSocket: (socket: net.Socket, every: (ms: number, tick: () => void) => void) => void): Promise<FaultServer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    const every = (ms: number, tick: () => void) => {
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : tick()), ms);
      timers.add(timer);
    };
    onSocket(socket, every);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** One protocol user against `origin`, with its own recorder. */
export function faultUser(origin: string, settings: Partial<UserSettings> = {}) {
  const recorder = new MetricsRecorder();
  const auth = createAuth({ apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' });
  const all: UserSettings = { origin, requestTimeoutMs: 5000, revalidateAll: false, openModel: false, userAgent: 'test', ...settings };
  return { user: new VirtualUser(1, all, recorder, auth, 1), recorder };
}
