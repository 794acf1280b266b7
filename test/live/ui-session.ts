/** A `ui` session in a child process: its URL from its first line of output, its child to signal, its end. */
import type { spawn } from 'node:child_process';
import { type CliResult, runCli } from '../helpers.js';

export interface UiSession {
  /** The page's URL, from the first line the command prints. */
  url: Promise<string>;
  /** What had been printed when the URL came (the URL must be the first line). */
  firstOutput: Promise<{ stdout: string; stderr: string }>;
  /** Sends the session a signal (Ctrl-C is SIGINT), by the child's own PID. */
  signal(name: NodeJS.Signals): void;
  done: Promise<CliResult>;
}

export function startUi(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 240_000): UiSession {
  let found: (seen: { stdout: string; stderr: string }) => void = () => {};
  let missing: (error: Error) => void = () => {};
  const firstOutput = new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    found = resolve;
    missing = reject;
  });
  let child: ReturnType<typeof spawn> | undefined;
  const watch = (started: ReturnType<typeof spawn>) => {
    child = started;
    let stdout = '';
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    started.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) found({ stdout, stderr });
    });
  };
  const done = runCli(['ui', ...args], { env, onStart: watch, timeoutMs });
  void done.then((result) => missing(new Error(`ui ended before printing its URL (exit ${result.code}): ${result.stderr}`)));
  const url = firstOutput.then(({ stdout }) => /^Web UI: (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(stdout)?.[1] ?? Promise.reject(new Error(`not a URL first: ${stdout}`)));
  return { url, firstOutput, signal: (name) => child?.kill(name), done };
}
