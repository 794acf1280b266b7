/** A CLI run with --web in a child process, and the live view's URL once it prints it. */
import type { spawn } from 'node:child_process';
import { type CliResult, runCli } from '../helpers.js';

export interface LiveRun {
  /** The live view's base URL (`http://127.0.0.1:PORT/`). */
  url: Promise<string>;
  /** The run's end: its exit code and output. */
  done: Promise<CliResult>;
}

export function startLiveRun(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): LiveRun {
  let found: (url: string) => void = () => {};
  let missing: (error: Error) => void = () => {};
  const url = new Promise<string>((resolve, reject) => {
    found = resolve;
    missing = reject;
  });
  const watch = (child: ReturnType<typeof spawn>) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const line = /^Live view: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(seen);
      if (line) found(line[1]!);
    });
  };
  const done = runCli(['run', ...args], { env, onStart: watch, timeoutMs });
  void done.then((result) => missing(new Error(`the run ended without a live view (exit ${result.code}): ${result.stderr}`)));
  return { url, done };
}
