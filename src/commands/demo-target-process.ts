/**
 * `run --demo-target`: the embedded demo ERP in a child process of its own (the same binary and
 * code path as `browse-load demo-target`), so its CPU is not the generator's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CannotRunError } from '../errors.js';
import { PACKAGE_ROOT } from '../version.js';

/** The same entry point as ours, so the child runs compiled when we do (bin/browse-load.js decides). */
const CLI = join(PACKAGE_ROOT, 'bin/browse-load.js');

/** The demo target's default API key: used when --demo-target is given without credentials. */
export const DEMO_API_KEY = 'demo-api-key';

export interface DemoTargetProcess {
  url: string;
  stop(): Promise<void>;
}

export async function spawnDemoTarget(flags: readonly string[] = []): Promise<DemoTargetProcess> {
  const child = spawn(process.execPath, [CLI, 'demo-target', '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'], detached: true /* Ctrl-C reaches the run, not the target */ });
  // Detached (Ctrl-C reaches the run, not the target), so it must not outlive us on any exit path.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new CannotRunError('the demo target did not start within 15 s')), 15_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new CannotRunError(`the demo target exited (code ${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
    });
  });
  child.stdout!.resume();
  return {
    url,
    stop: async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}
