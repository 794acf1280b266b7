/** What the startup tests share: dist/ built before they spawn the CLI, and a demo target to run against. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startDemoTarget } from '../../src/target/server.js';
import { ROOT, tempDir } from '../helpers.js';

/** The compiled CLI, and the sources through tsx (bin/browse-load.js). */
export const COMPILED = { BROWSE_LOAD_FROM_SOURCE: '' };
export const SOURCE = { BROWSE_LOAD_FROM_SOURCE: '1' };

/** Builds dist/ when stale (make deps does; after an edit of src/ this rebuilds it) and starts a demo target for the file's tests. */
export function withCompiledCliAndTarget(): { url(): string } {
  let target: Awaited<ReturnType<typeof startDemoTarget>> | undefined;
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.js'), '--if-stale'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    target = await startDemoTarget({ port: 0 });
  }, 180_000);
  afterAll(async () => {
    await target?.close();
  });
  return { url: () => target!.url };
}

/** The arguments of a 1-second run of one protocol user against the target, into a fresh folder. */
export function shortRunArgs(url: string, flowArgs: string[], resultsDir = join(tempDir(), 'run')): string[] {
  return ['run', '--host', url, '--api-key', 'demo-api-key', ...flowArgs, '-u', '1', '-t', '1s', '-b', '0', '--quiet', '--no-html', '--results-dir', resultsDir];
}

