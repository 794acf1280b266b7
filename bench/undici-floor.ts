/**
 * undici's floor: what bare undici costs per request on this machine, nothing of ours around it.
 * N Clients (pipelining 1, as each protocol user has), one reused callback handler per Client
 * (undici's own interface, so no adapter), no recording; each Client sends its next request when
 * its last one completes, until exactly `requests` were sent. Prints one JSON line:
 * `{"requests","seconds","failures"}`.
 *
 * `node --import tsx bench/undici-floor.ts URL CONNECTIONS REQUESTS`; bench/per-request.ts runs it
 * beside browse-load and autocannon. The Client is loaded as the protocol users load it.
 */
import { Client } from '../src/protocol/undici.js';

type UndiciClient = InstanceType<typeof Client>;

interface Run {
  readonly total: number;
  /** Requests not yet dispatched. */
  left: number;
  done: number;
  failures: number;
  finished: () => void;
}

/** One per Client, reused for every request it sends: the least a dispatch can allocate. */
class FloorHandler {
  constructor(
    private readonly client: UndiciClient,
    private readonly opts: { origin: string; path: string; method: 'GET'; headers: Record<string, string> },
    private readonly run: Run,
  ) {}

  next(): void {
    if (this.run.left === 0) return;
    this.run.left--;
    this.client.dispatch(this.opts, this);
  }

  onConnect(): void {}
  onHeaders(statusCode: number): boolean {
    if (statusCode !== 200) this.run.failures++;
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete(): void {
    this.end();
  }
  onError(): void {
    this.run.failures++;
    this.end();
  }

  private end(): void {
    if (++this.run.done === this.run.total) this.run.finished();
    else this.next();
  }
}

async function main(): Promise<void> {
  const [url, connections, requests] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
  if (!url || !(connections > 0) || !(requests > 0)) throw new Error('usage: undici-floor.ts URL CONNECTIONS REQUESTS');
  const { origin, pathname } = new URL(url);
  const headers = { 'user-agent': 'undici-floor' };
  const clients = Array.from({ length: connections }, () => new Client(origin, { pipelining: 1, keepAliveTimeout: 60_000 }));
  const startedAt = performance.now();
  const run = await new Promise<Run>((resolve) => {
    const state: Run = { total: requests, left: requests, done: 0, failures: 0, finished: () => resolve(state) };
    for (const client of clients) new FloorHandler(client, { origin, path: pathname, method: 'GET', headers }, state).next();
  });
  const seconds = (performance.now() - startedAt) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  process.stdout.write(`${JSON.stringify({ requests: run.done, seconds, failures: run.failures })}\n`);
}

await main();
