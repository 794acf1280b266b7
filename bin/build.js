#!/usr/bin/env node
// `npm run build` (also npm's prepare, so `npm ci` runs it; `make deps` runs it with --if-stale):
// compiles src/, flows/ and playwright.config.ts into dist/ with tsconfig.build.json, then bundles
// the compiled CLI into dist/bundle/ (bin/bundle.js), which is what bin/browse-load.js runs.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundle } from './bundle.js';
import { ROOT, compiledIsFresh, stampOf } from './compiled.js';

const LOCK = join(ROOT, 'dist', '.build-lock');
/** A lock older than this is left from a build that died: no build takes this long. */
const ABANDONED_LOCK_MS = 10 * 60_000;
const ifStale = process.argv.includes('--if-stale');

/** One build at a time (two test files, or make and a test, may ask at once); the others wait for it. */
function lock() {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > ABANDONED_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

async function build() {
  const startedAt = new Date();
  // No stamp while tsc writes: a CLI started meanwhile runs the sources, never a half-written dist/.
  rmSync(stampOf(), { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('browse-load: build: tsc failed; bin/browse-load.js runs the sources through tsx until a build succeeds\n');
    return result.status ?? 1;
  }
  const problems = await bundle();
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`browse-load: build: bundle: ${problem}\n`);
    process.stderr.write('browse-load: build: the bundle failed; bin/browse-load.js runs the sources through tsx until a build succeeds\n');
    return 1;
  }
  // Dated when the build started, so a file saved while tsc ran still leaves dist/ stale.
  closeSync(openSync(stampOf(), 'w'));
  utimesSync(stampOf(), startedAt, startedAt);
  process.stderr.write('browse-load: compiled the CLI into dist/ and bundled it into dist/bundle/\n');
  return 0;
}

if (ifStale && compiledIsFresh()) process.exit(0);
lock();
let status = 0;
try {
  // Whoever held the lock may just have built it.
  if (!(ifStale && compiledIsFresh())) status = await build();
} finally {
  rmSync(LOCK, { recursive: true, force: true });
}
process.exit(status);
