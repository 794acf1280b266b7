/** Shared test helpers: temp folders, the CLI as a child process, reading a run's summary, waiting for an event. */
import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Summary } from '../src/schema/summary.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'bin/browse-load.js');

export function tempDir(prefix = 'browse-load-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function readSummary(runDir: string): Summary {
  return JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
}

/** Every file under a folder, as text (for grepping secrets). */
export function allFilesText(dir: string): string {
  let text = '';
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    text += statSync(path).isDirectory() ? allFilesText(path) : readFileSync(path, 'utf8');
  }
  return text;
}

/** Waits until `test()` holds, polling every 10 ms; fails naming `what` after `withinMs`. */
export async function until(test: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`waited ${withinMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Resolves once an HTTP server of this process (a target the test started in-process) has got
 * (`requested`) or answered (`answered`) `count` requests for `path`, its query ignored, counted
 * from now: a test acts on the load it sees arrive, not after a fixed time a busy machine stretches.
 */
export const requested = (path: string, count = 1): Promise<void> => seenByServer('http.server.request.start', path, count);
export const answered = (path: string, count = 1): Promise<void> => seenByServer('http.server.response.finish', path, count);

function seenByServer(channel: string, path: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const listen = (message: unknown): void => {
      if ((message as { request: IncomingMessage }).request.url?.split('?')[0] !== path || ++seen < count) return;
      unsubscribe(channel, listen);
      resolve();
    };
    subscribe(channel, listen);
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Calls `then` once the run's progress line says it is running (the load has started), however
 * long start-up takes on a busy machine; the run must not be --quiet.
 */
export function whenRunning(child: ReturnType<typeof spawn>, then: () => void): void {
  let seen = '';
  const listen = (chunk: Buffer) => {
    seen += chunk.toString();
    if (seen.includes('running')) {
      child.stderr?.off('data', listen);
      then();
    }
  };
  child.stderr?.on('data', listen);
}

/**
 * Runs the CLI; `onStart` gets the child (to send it signals); `wrap` is a command that starts
 * node in turn (e.g. setpriv, to run it as another user).
 */
export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; onStart?: (child: ReturnType<typeof spawn>) => void; timeoutMs?: number; wrap?: string[] } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [file, ...wrapArgs] = [...(opts.wrap ?? []), process.execPath];
    const child = spawn(file!, [...wrapArgs, CLI, ...args], { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out: ${args.join(' ')}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // let the pipes drain
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
    opts.onStart?.(child);
  });
}
