/**
 * A raw node:net server of the fault tests' own: it reads a request, then misbehaves as told
 * (resets, closes early, trickles, never ends, sends garbage or huge headers). Each connection
 * and timer it opens is closed by close(), so a test that fails leaves nothing running.
 */
import net from 'node:net';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { createAuth } from '../../src/protocol/auth.js';
import { VirtualUser, type UserSettings } from '../../src/protocol/user.js';

/** What the server does once a request arrived; `head` is the request's first bytes (its request line first). */
export type Misbehaviour = (socket: net.Socket, every: (ms: number, tick: () => void) => void, head: string) => void;

export interface FaultServer {
  url: string;
  close(): Promise<void>;
}

export async function startFaultServer(misbehave: Misbehaviour): Promise<FaultServer> {
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
    socket.once('data', (head: Buffer) => misbehave(socket, every, head.toString('latin1')));
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
