/**
 * A short run keeps undici's HTTP parser (llhttp, WebAssembly) in V8's baseline code: its TurboFan
 * compile costs more CPU than such a run's requests (src/runner/parser-tier-up.ts). V8 says which
 * compiler built each wasm function with --trace-wasm-compilation-times, on stdout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget } from '../../src/target/server.js';
import { CLI, tempDir } from '../helpers.js';

let target: Awaited<ReturnType<typeof startDemoTarget>>;
beforeAll(async () => {
  // 20 ms a response: 40 requests last about a second, long enough for V8's default tier-up.
  target = await startDemoTarget({ port: 0, latencyMs: 20 });
});
afterAll(async () => {
  await target.close();
});

/** stdout of a 40-request run of one user, under node's own flags `nodeFlags`. */
function tracedRun(nodeFlags: string[]): Promise<{ code: number | null; stdout: string }> {
  const args = [...nodeFlags, '--trace-wasm-compilation-times', CLI, 'run', '--host', target.url, '--url', '/health', '-u', '1', '-i', '40', '-t', '30s', '-b', '0', '--quiet', '--no-html', '--results-dir', join(tempDir(), 'run')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

describe("undici's parser in a short run", () => {
  it('stays in baseline code: no function is compiled with TurboFan', async () => {
    const { code, stdout } = await tracedRun([]);
    expect(code).toBe(0);
    // The trace works: the parser's functions are listed as Liftoff's.
    expect(stdout).toMatch(/Compiled function \S+ using Liftoff/);
    expect(stdout).not.toMatch(/using TurboFan/);
  });

  it("leaves a tiering budget given on node's command line as it is", async () => {
    const { code, stdout } = await tracedRun(['--wasm-tiering-budget=1000']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Compiled function \S+ using TurboFan/);
  });
});
