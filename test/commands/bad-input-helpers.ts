/**
 * What every bad-input case asserts, shared by the bad-input test files: the CLI ends within its
 * bound, says one line on stderr naming the problem, exits with the code the README documents, and
 * prints no stack frame (unless --debug asked for them). A target of our own counts the requests
 * that reach it, so a case can also show that no load was sent.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { type CliResult, runCli, tempDir } from '../helpers.js';

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

/**
 * The CLI, from a folder of its own (a stray run folder lands there), killed at the bound; `wrap`
 * starts it as another user.
 */
export function runCliBounded(args: string[], opts: { cwd?: string; wrap?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return runCli(args, { cwd: opts.cwd ?? tempDir('browse-load-bad-input-'), wrap: opts.wrap, env: opts.env, timeoutMs: CASE_TIMEOUT_MS });
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
export function unprivileged(): { prefix: string[] } | { prefix: null; why: string } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const setpriv = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  const probe = spawnSync(setpriv[0]!, [...setpriv.slice(1), process.execPath, '-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)'], { encoding: 'utf8' });
  if (probe.status === 0) return { prefix: setpriv };
  return { prefix: null, why: `cannot run a child as nobody (setpriv: ${probe.error?.message ?? probe.stderr.trim()})` };
}
