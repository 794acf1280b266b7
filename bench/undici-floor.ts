/**
 * undici's floor: what bare undici costs per request on this machine, nothing of ours around it.
 * N Clients (pipelining 1, as each protocol user has), one reused callback handler per Client
 * (undici's own interface, so no adapter), no recording; each Client sends its next request when
 * its last one completes, until exactly `requests` were sent, or, given a duration (`10s`), until
 * that long has passed. Prints one JSON line: `{"requests","seconds","failures"}`.
 *
 * `node --import tsx bench/undici-floor.ts URL CONNECTIONS REQUESTS|SECONDSs`; bench/per-request.ts
 * and bench/throughput.ts run it beside browse-load and autocannon. The Client is loaded as the
 * protocol users load it.
 */
import { Client } from '../src/protocol/undici.js';

type UndiciClient = InstanceType<typeof Client>;

interface Run {
  /** Requests not yet dispatched (Infinity in a timed run). */
  left: number;
  /** No request is dispatched from then on (performance.now(); Infinity in a counted run). */
  readonly until: number;
  /** Requests dispatched and not yet ended. */
  inFlight: number;
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
    const run = this.run;
    if (run.left === 0 || (run.until !== Infinity && performance.now() >= run.until)) {
      if (run.inFlight === 0) run.finished();
      return;
    }
    run.left--;
    run.inFlight++;
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
    this.run.done++;
    this.run.inFlight--;
    this.next();
  }
}

async function main(): Promise<void> {
  const [url, connections, amount] = [process.argv[2], Number(process.argv[3]), process.argv[4] ?? ''];
  const timed = amount.endsWith('s');
  const count = Number(timed ? amount.slice(0, -1) : amount);
  if (!url || !(connections > 0) || !(count > 0)) throw new Error('usage: undici-floor.ts URL CONNECTIONS REQUESTS|SECONDSs');
  const { origin, pathname } = new URL(url);
  const headers = { 'user-agent': 'undici-floor' };
  const clients = Array.from({ length: connections }, () => new Client(origin, { pipelining: 1, keepAliveTimeout: 60_000 }));
  const startedAt = performance.now();
  const run = await new Promise<Run>((resolve) => {
    const until = timed ? startedAt + count * 1000 : Infinity;
    const state: Run = { left: timed ? Infinity : count, until, inFlight: 0, done: 0, failures: 0, finished: () => resolve(state) };
    for (const client of clients) new FloorHandler(client, { origin, path: pathname, method: 'GET', headers }, state).next();
  });
  const seconds = (performance.now() - startedAt) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  process.stdout.write(`${JSON.stringify({ requests: run.done, seconds, failures: run.failures })}\n`);
}

await main();
