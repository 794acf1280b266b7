/**
 * What every bad-input case asserts, shared by the bad-input test files: the CLI ends within its
 * bound, says one line on stderr naming the problem, exits with the code the README documents, and
 * prints no stack frame (unless --debug asked for them). A target of our own counts the requests
 * that reach it, so a case can also show that no load was sent.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { CLI, type CliResult, tempDir } from '../helpers.js';

export interface BadInput {
  what: string;
  args: string[];
  exit: number;
  /** The one line on stderr. */
  says: RegExp;
}

/** Each case's bound: a hang fails the case instead of the whole file. */
export const CASE_TIMEOUT_MS = 20_000;

/** A stack frame as Node prints it ("    at fn (file:1:2)"). */
export const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;

/** Runs a command line (the CLI with `node`, or wrapped, e.g. in setpriv), killed at the bound. */
export function runBounded(command: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = command;
    const child = spawn(file!, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hung for ${CASE_TIMEOUT_MS} ms: ${args.join(' ')}\n${stderr}`));
    }, CASE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI run as `node bin/browse-load.js ARGS`, from a folder of its own (a stray run folder lands there). */
export function runCliBounded(args: string[], cwd = tempDir('browse-load-bad-input-')): Promise<CliResult> {
  return runBounded([process.execPath, CLI, ...args], { cwd });
}

/** One line naming the problem, the documented exit code, no stack. */
export function expectRefused(result: CliResult, c: Pick<BadInput, 'exit' | 'says'>): void {
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^browse-load: /);
  expect(lines[0]).toMatch(c.says);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.code, result.stderr).toBe(c.exit);
}

/** A loopback HTTP target that answers 200 and counts what reaches it. */
export interface CountingTarget {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

export async function startCountingTarget(): Promise<CountingTarget> {
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * How to run the CLI as a user that permissions stop: root writes anywhere, so as root the child is
 * started as nobody through setpriv; as another user, as itself. null (with the reason) when
 * neither works here.
 */
export function unprivileged(): { prefix: string[]; uid: number; why?: undefined } | { prefix: null; uid: -1; why: string } {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) return { prefix: [], uid };
  const setpriv = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  const probe = spawnSync(setpriv[0]!, [...setpriv.slice(1), process.execPath, '-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)'], { encoding: 'utf8' });
  if (probe.status === 0) return { prefix: setpriv, uid: 65534 };
  return { prefix: null, uid: -1, why: `cannot run a child as nobody (setpriv: ${probe.error?.message ?? probe.stderr.trim()})` };
}
