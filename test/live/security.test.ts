/**
 * The live view's security: beyond loopback it refuses to start without credentials (exit 2, one
 * line, before any load), and with credentials every page, event stream, download, /metrics and
 * control answers 401 without them.
 */
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget } from '../../src/target/server.js';
import { runCli, tempDir } from '../helpers.js';
import { startLiveRun } from './live-run.js';

let target: Awaited<ReturnType<typeof startDemoTarget>>;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(async () => {
  await target?.close();
});

const basic = (userPassword: string) => ({ authorization: `Basic ${Buffer.from(userPassword).toString('base64')}` });

describe('the live view beyond loopback', () => {
  it('is refused without --web-auth: exit 2, one line, nothing run', async () => {
    const runDir = join(tempDir(), 'run');
    const result = await runCli(['run', '--host', target.url, '-u', '1', '-t', '2s', '-b', '0', '--web', '0', '--web-host', '0.0.0.0', '--results-dir', runDir]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--web-host 0\.0\.0\.0 .*--web-auth user:password/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(runDir), 'no run folder: refused before anything ran').toBe(false);
  });
});

describe('the live view\'s port', () => {
  it('in use stops the command in one line before any load (exit 2)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const runDir = join(tempDir(), 'run');
    const result = await runCli(['run', '--host', target.url, '-u', '1', '-t', '2s', '-b', '0', '--web', String(port), '--results-dir', runDir]);
    await new Promise((resolve) => taken.close(resolve));
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`browse-load: --web: cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    expect(existsSync(runDir)).toBe(false);
  });
});

describe('the live view with --web-auth', () => {
  it('answers 401 to every route without the credentials, and serves them with', async () => {
    const run = startLiveRun(['--host', target.url, '--api-key', 'demo-api-key', '-u', '1', '-t', '60s', '-b', '0', '--workers', '1', '--web', '0', '--results-dir', join(tempDir(), 'run')], { BROWSE_LOAD_WEB_AUTH: 'watcher:open-sesame-41' });
    const url = await run.url;
    const routes: Array<[method: string, path: string]> = [['GET', ''], ['GET', 'events'], ['GET', 'metrics'], ['GET', 'download/summary.json'], ['GET', 'download/report.html'], ['GET', 'download/browse-load_stats.csv'], ['POST', 'users'], ['POST', 'stop']];
    for (const [method, path] of routes) {
      const without = await fetch(`${url}${path}`, { method });
      expect(without.status, `${method} /${path} without credentials`).toBe(401);
      expect(without.headers.get('www-authenticate')).toMatch(/^Basic/);
      const wrong = await fetch(`${url}${path}`, { method, headers: basic('watcher:wrong') });
      expect(wrong.status, `${method} /${path} with a wrong password`).toBe(401);
    }
    const page = await fetch(url, { headers: basic('watcher:open-sesame-41') });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop');
    expect((await fetch(`${url}metrics`, { headers: basic('watcher:open-sesame-41') })).status).toBe(200);
    const stop = await fetch(`${url}stop`, { method: 'POST', headers: { ...basic('watcher:open-sesame-41'), 'content-type': 'application/json' }, body: '{}' });
    expect(stop.status).toBe(200);
    expect((await run.done).code).toBe(3);
  }, 120_000);
});
