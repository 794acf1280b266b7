/**
 * A target that misbehaves on purpose, one fault per path, for whole runs of the CLI. A raw
 * node:net server reads each request and either misbehaves on the socket (resets, early closes,
 * trickles, endless or lying bodies, garbage, huge headers, silence) or hands the connection,
 * request bytes put back, to a plain node:http server for the well-behaved answers (`/`, the 5xx
 * bursts, redirect loops, a page with a broken script). `outage(ms)` closes the listener and opens it again on the same port:
 * the target going away and coming back mid-run. close() ends every socket and timer it made.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';

/** Paths of the faults; each answers so on every request. */
export const FAULT_PATHS = {
  resetBeforeHeaders: '/reset-before-headers/',
  resetMidBody: '/reset-mid-body/',
  earlyClose: '/early-close/',
  trickle: '/trickle/',
  endless: '/endless/',
  silence: '/silence/',
  garbage: '/garbage/',
  lyingGzip: '/lying-gzip/',
  hugeHeaders: '/huge-headers/',
  burst: '/burst/',
  redirectLoop: '/loop/',
  ok: '/ok/',
  /** An HTML page whose script is the reset before the headers: a browser view's failed resource. */
  pageWithBrokenScript: '/page-with-broken-script/',
} as const;

export type FaultPath = keyof typeof FAULT_PATHS;

const HEAD_100 = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n';

type Every = (ms: number, tick: () => void) => void;

/** What a raw fault does with the socket once its request arrived. */
const RAW: Partial<Record<FaultPath, (socket: net.Socket, every: Every) => void>> = {
  resetBeforeHeaders: (s) => s.resetAndDestroy(),
  resetMidBody: (s) => {
    s.write(`${HEAD_100}abc`);
    setTimeout(() => s.resetAndDestroy(), 30);
  },
  earlyClose: (s) => s.end(`${HEAD_100}abc`),
  trickle: (s, every) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
    every(200, () => s.write('x'));
  },
  endless: (s, every) => {
    s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
    every(100, () => s.write('5\r\nchunk\r\n'));
  },
  silence: () => {},
  garbage: (s) => s.end('SSH-2.0-OpenSSH_9.6\r\nnot http at all\r\n'),
  lyingGzip: (s) => {
    const body = '<!doctype html><p>plain text, not gzip</p>';
    s.write(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  },
  hugeHeaders: (s) => s.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\nContent-Length: 0\r\n\r\n`),
};

export interface FaultTargetOptions {
  /** /burst/: every `burstEvery`th request answers 503 (default 3). */
  burstEvery?: number;
}

export interface FaultTarget {
  url: string;
  port: number;
  /** Requests the target saw, by path (whether it answered or not). */
  seen: Map<string, number>;
  /** Closes the listener (and every open connection) for `ms`, then listens again on the same port. */
  outage(ms: number): Promise<void>;
  close(): Promise<void>;
}

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/;
const pathOf = (head: string): string => head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1)).split('?')[0];

export async function startFaultTarget(opts: FaultTargetOptions = {}): Promise<FaultTarget> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const seen = new Map<string, number>();
  const count = (path: string): number => {
    const n = (seen.get(path) ?? 0) + 1;
    seen.set(path, n);
    return n;
  };
  const burstEvery = opts.burstEvery ?? 3;

  // Each well-behaved answer closes its connection, so a raw fault is always met on a fresh one
  // (node:http keeps the connections it was handed).
  const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const n = count(path);
    res.shouldKeepAlive = false;
    if (path === FAULT_PATHS.burst && n % burstEvery === 0) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('burst');
    } else if (path === FAULT_PATHS.redirectLoop) {
      res.writeHead(302, { location: FAULT_PATHS.redirectLoop, 'content-length': '0' }).end();
    } else if (path === FAULT_PATHS.pageWithBrokenScript) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>broken script</title><script src="${FAULT_PATHS.resetBeforeHeaders}"></script>`);
    } else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });

  const onConnection = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    // Each request decides: a raw fault's path meets the fault (again, on a keep-alive connection
    // after a lying gzip); any other goes to node:http for good, its first bytes put back. On a
    // raw fault's connection a chunk that starts no request (the rest of one split by TCP) is
    // not taken for a request.
    let rawConnection = false;
    const onData = (chunk: Buffer): void => {
      const head = chunk.toString('latin1');
      if (rawConnection && !REQUEST_LINE.test(head)) return;
      const path = pathOf(head);
      const fault = (Object.keys(FAULT_PATHS) as FaultPath[]).find((k) => FAULT_PATHS[k] === path);
      const raw = fault === undefined ? undefined : RAW[fault];
      if (raw === undefined) {
        socket.off('data', onData);
        socket.pause();
        socket.unshift(chunk);
        http.emit('connection', socket);
        socket.resume();
        return;
      }
      rawConnection = true;
      count(path);
      const every: Every = (ms, tick) => {
        const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : tick()), ms);
        timers.add(timer);
      };
      raw(socket, every);
    };
    socket.on('data', onData);
  };

  let server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  const stop = async (): Promise<void> => {
    for (const timer of timers) clearInterval(timer);
    timers.clear();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    async outage(ms) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, ms));
      server = net.createServer(onConnection);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: async () => {
      await stop();
      http.close();
    },
  };
}
