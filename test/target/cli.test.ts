/**
 * `browse-load demo-target` as scripts use it: the real CLI in a child process, the base URL
 * as the first stdout line, flags that reach the wire, exit 2 with one line for bad flags.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoTarget } from '../../src/target/server.js';
import { GZIP, send } from './http.js';

const BIN = new URL('../../bin/browse-load.js', import.meta.url).pathname;
const children: ChildProcess[] = [];

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'demo-target', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Resolves with the first stdout line; rejects if the process exits first. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing a URL: ${stderr}`)));
  });
}

async function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('browse-load demo-target', () => {
  it('prints the base URL first, serves with the given flags, and exits 0 on SIGTERM', async () => {
    const started = performance.now();
    const child = run(['--port', '0', '--no-gzip-for', '/static/vendor.js', '--cache-control', '/=public, max-age=60', '--api-key', 'cli-key']);
    const url = await firstLine(child);
    const startupMs = performance.now() - started;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // About 1–1.5 s on an idle 2-core machine (most of it node, tsx and the CLI's imports);
    // the bound only catches a hang, since a shared CI box can be many times slower.
    expect(startupMs).toBeLessThan(15_000);

    expect((await send(`${url}/health`)).text()).toBe('ok');
    expect((await send(`${url}/static/vendor.js`, { headers: GZIP })).header('content-encoding')).toBeUndefined();
    expect((await send(`${url}/static/app.js`, { headers: GZIP })).header('content-encoding')).toBe('gzip');
    expect((await send(`${url}/`)).header('cache-control')).toBe('public, max-age=60');
    expect((await send(`${url}/api/journal-entries/`, { headers: { 'x-api-key': 'cli-key' } })).status).toBe(200);

    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exit) as [number | null];
    expect(code).toBe(0);
  });

  it('exits 0 on a SIGTERM sent the moment the URL is read', async () => {
    const child = run(['--port', '0']);
    await firstLine(child);
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exit).toEqual([0, null]);
  });

  it('exits 2 with one line naming every bad flag, and no stack trace', async () => {
    const child = run(['--port', 'eighty', '--error-rate', '2', '--stall', 'often', '--latency-for', '/api/*', '--jitter', '-5']);
    const { code, stdout, stderr } = await finished(child);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^browse-load: /);
    for (const flag of ['--port', '--error-rate', '--stall', '--latency-for', '--jitter']) expect(lines[0]).toContain(flag);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with one line when the port is in use', async () => {
    const busy = await startDemoTarget({ port: 0 });
    try {
      const { code, stderr } = await finished(run(['--port', String(busy.port)]));
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^browse-load: port \d+ .*already in use/);
    } finally {
      await busy.close();
    }
  });

  it('documents every flag in --help', async () => {
    const { code, stdout } = await finished(run(['--help']));
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--username', '--password', '--api-key', '--no-gzip ', '--no-gzip-for', '--cache-control', '--no-validators', '--latency ', '--latency-for', '--jitter', '--error-rate', '--stall']) {
      expect(stdout).toContain(flag);
    }
  });
});
