/**
 * With --start-at a process is ready, JWT logins included, before it waits: the demo target sees
 * every login before the planned start and every measured request after it, in the main thread
 * and in worker threads alike; the logins are not in the run's figures. A refused login is still
 * named in the run: those users log in again at their start, under the login path's row.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlFlow } from '../../src/flow-api/load.js';
import { runLoadTest } from '../../src/runner/run.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import type { Summary } from '../../src/schema/summary.js';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import { tempDir } from '../helpers.js';

interface Arrival {
  method: string;
  path: string;
  at: number;
}

/** A loopback proxy in front of the demo target that notes when each request arrived. */
async function loggingProxy(targetUrl: string): Promise<{ url: string; arrivals: Arrival[]; server: Server }> {
  const arrivals: Arrival[] = [];
  const target = new URL(targetUrl);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    arrivals.push({ method: req.method ?? '', path: req.url ?? '', at: Date.now() });
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, server };
}

const quiet = new Writable({ write: (_chunk, _enc, done) => done() }) as unknown as NodeJS.WriteStream;

const USERS = 4;
/** Enough for the workers to load the flow and every user to log in on a busy machine. */
const READY_WITHIN_MS = 4000;

let target: DemoTarget;
let proxy: Awaited<ReturnType<typeof loggingProxy>>;

beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
  proxy = await loggingProxy(target.url);
});

afterAll(async () => {
  proxy?.server.close();
  await target?.close();
});

async function runFromCommonStart(workers: number, password: string): Promise<{ summary: Summary; plannedStart: number; arrivals: Arrival[] }> {
  proxy.arrivals.length = 0;
  const plannedStart = Math.ceil((Date.now() + READY_WITHIN_MS) / 1000) * 1000;
  const config = buildRunConfig(
    {
      host: proxy.url, url: ['/api/journal-entries/'], users: String(USERS), spawnRate: '100', runTime: '1s', browserUsers: '0', workers: String(workers),
      username: 'admin', password, startAt: new Date(plannedStart).toISOString(), html: false, quiet: true, resultsDir: tempDir(),
    },
    {},
  );
  const outcome = await runLoadTest({ config, flow: urlFlow(config.urls), flowSource: '--url', progressOut: quiet, flowFromConfig: true });
  return { summary: outcome.summary, plannedStart, arrivals: [...proxy.arrivals] };
}

const logins = (arrivals: Arrival[]) => arrivals.filter((a) => a.method === 'POST' && a.path === '/api/token/');
const measured = (arrivals: Arrival[]) => arrivals.filter((a) => a.path.startsWith('/api/journal-entries/'));

describe('JWT logins before a common start', () => {
  for (const workers of [1, 2]) {
    it(`logs every user in before the planned start, measured requests after it (--workers ${workers})`, async () => {
      const { summary, plannedStart, arrivals } = await runFromCommonStart(workers, 'adminpass');
      expect(summary.run.actualStart! - plannedStart).toBeLessThan(100);
      expect(logins(arrivals)).toHaveLength(USERS);
      for (const login of logins(arrivals)) expect(login.at).toBeLessThan(plannedStart);
      expect(measured(arrivals).length).toBeGreaterThan(0);
      for (const call of measured(arrivals)) expect(call.at).toBeGreaterThanOrEqual(plannedStart);
      // The tokens were used, and the logins are not the run's figures.
      expect(summary.stats.map((s) => `${s.type} ${s.name}`)).toEqual(['GET /api/journal-entries/']);
      expect(summary.aggregate.failures).toBe(0);
      expect(summary.warnings.join('\n')).not.toMatch(/logins before the start/);
    }, 30_000);
  }

  it('says so when logins before the start fail, and records those users\' logins at their start', async () => {
    const { summary, plannedStart, arrivals } = await runFromCommonStart(1, 'wrong');
    expect(summary.warnings).toContain(`${USERS} of ${USERS} logins before the start failed (HTTP 401): those users log in again when they start`);
    // One refused login each before the start, and again at each user's start, in the run.
    const [before, after] = [logins(arrivals).filter((a) => a.at < plannedStart), logins(arrivals).filter((a) => a.at >= plannedStart)];
    expect([before.length, after.length]).toEqual([USERS, USERS]);
    const loginRow = summary.stats.find((s) => s.type === 'POST' && s.name === '/api/token/');
    expect(loginRow).toMatchObject({ count: USERS, failures: USERS });
    expect(summary.failures.find((f) => f.name === '/api/token/')?.error).toBe('HTTP 401');
  }, 30_000);
});
