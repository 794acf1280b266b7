#!/usr/bin/env node
// `npm run build` (also npm's prepare, so `npm ci` runs it; `make deps` runs it with --if-stale):
// compiles src/, flows/ and playwright.config.ts into dist/ with tsconfig.build.json. The stamp is
// dated when the build started, so a file saved while tsc runs still leaves dist/ stale.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, utimesSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, compiledIsFresh, stampOf } from './compiled.js';

if (process.argv.includes('--if-stale') && compiledIsFresh()) process.exit(0);

const startedAt = new Date();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write('browse-load: build: tsc failed; bin/browse-load.js runs the sources through tsx until a build succeeds\n');
  process.exit(result.status ?? 1);
}
const stamp = stampOf();
mkdirSync(dirname(stamp), { recursive: true });
closeSync(openSync(stamp, 'w'));
utimesSync(stamp, startedAt, startedAt);
process.stderr.write('browse-load: compiled the CLI into dist/\n');
