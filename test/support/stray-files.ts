/**
 * Tests write only under temporary folders (tempDir() in test/helpers.ts): vitest's global setup
 * lists the repository's root and its results/ before the run, and its teardown fails the run
 * naming whatever a test left there (a run without --results-dir makes results/<run-id>/).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The folders watched, relative to the repository's root. */
const WATCHED = ['.', 'results'];
/**
 * Outputs a run makes on purpose: the startup tests build dist/, --coverage writes coverage/, and
 * `make test` has vitest write its JSON report to results/vitest.json.
 */
const BUILT = new Set(['dist', 'coverage', 'results/vitest.json']);
/**
 * The root config and each of its projects run the setup, each with its own copy of this module:
 * the first teardown that finds something reports it for all, through a flag on the process.
 */
const REPORTED = Symbol.for('browse-load.test.stray-files-reported');

/** Every entry of the watched folders, as its path from the root. */
function repositoryEntries(): Set<string> {
  const found = new Set<string>();
  for (const folder of WATCHED) {
    const dir = join(ROOT, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) found.add(folder === '.' ? name : `${folder}/${name}`);
  }
  return found;
}

/**
 * A throw in a global teardown is printed but leaves vitest's exit code 0: the run is failed by
 * the exit code instead, with one line that names what was left.
 */
export default function setup(): () => void {
  const before = repositoryEntries();
  return () => {
    const stray = [...repositoryEntries()].filter((entry) => !before.has(entry) && !BUILT.has(entry)).sort();
    const flags = globalThis as Record<symbol, unknown>;
    if (stray.length === 0 || flags[REPORTED] === true) return;
    flags[REPORTED] = true;
    console.error(`tests left files in the repository: ${stray.join(', ')}; a test writes under tempDir() (test/helpers.ts), a run with --results-dir`);
    process.exitCode = 1;
  };
}
