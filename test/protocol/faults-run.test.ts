/** A whole run against bodies that never finish: it ends on time and counts them under their name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSummary, runCli, tempDir } from '../helpers.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer((socket, every, head) => {
    if (head.startsWith('GET /trickle/ ')) {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
      every(200, () => socket.write('x'));
    } else if (head.startsWith('GET /endless/ ')) {
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      every(100, () => socket.write('5\r\nchunk\r\n'));
    } else {
      // The run's reachability check, on /.
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    }
  });
});
afterAll(async () => {
  await server.close();
});

describe('a run against a trickling and an endless body', () => {
  it('ends on time and records every such request as "total timeout", not as silence', async () => {
    const dir = tempDir();
    const runTimeS = 3;
    const started = Date.now();
    const args = ['run', '--host', server.url, '--url', '/trickle/', '--url', '/endless/', '-u', '2', '-t', `${runTimeS}s`, '-b', '0'];
    const result = await runCli([...args, '--request-timeout', '1s', '--quiet', '--no-html', '--results-dir', dir]);
    const tookMs = Date.now() - started;
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    const summary = readSummary(dir);
    const failures = summary.failures.map((f) => [f.name, f.error]);
    expect(new Set(failures.map(([, error]) => error))).toEqual(new Set(['total timeout (1 s)']));
    expect(new Set(failures.map(([name]) => name))).toEqual(new Set(['/trickle/', '/endless/']));
    // Two users, each request cut at 1 s, for 3 s: a handful of requests, every one a failure.
    expect(summary.aggregate.count).toBeGreaterThanOrEqual(2 * (runTimeS - 1));
    expect(summary.aggregate.failures).toBe(summary.aggregate.count);
    // Start-up, the run, and a stop that waits for nothing that never ends.
    expect(tookMs).toBeLessThan((runTimeS + 10) * 1000);
  });
});
