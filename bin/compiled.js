// Whether dist/ (the compiled CLI, `npm run build`) may run instead of the TypeScript in src/:
// it must be built after the last change to any file it is compiled from. A developer who edits
// src/ and does not rebuild gets the sources through tsx, never stale code.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What tsconfig.build.json compiles, and what decides how. */
export const SOURCES = ['src', 'flows', 'playwright.config.ts', 'tsconfig.json', 'tsconfig.build.json'];

/** Written by bin/build.js when tsc succeeded, dated when that build started. */
export function stampOf(root = ROOT) {
  return join(root, 'dist', '.build-stamp');
}

/** Folders count too: deleting or renaming a file changes only its folder's date. */
function newestChange(path) {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    // A walk of our own: readdirSync's { recursive } costs a start more than these stats do.
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = `${path}/${entry.name}`;
      newest = Math.max(newest, entry.isDirectory() ? newestChange(child) : lstatSync(child).mtimeMs);
    }
  }
  return newest;
}

/** The newest modification time among the sources of dist/, in ms since the epoch. */
export function sourcesChangedAt(root = ROOT) {
  return Math.max(...SOURCES.map((source) => newestChange(join(root, source))));
}

/**
 * True when dist/ is built and no source changed since its build started. Equal times count as
 * fresh: npm's packages date every file alike.
 */
export function compiledIsFresh(root = ROOT) {
  const stamp = statSync(stampOf(root), { throwIfNoEntry: false });
  return stamp !== undefined && sourcesChangedAt(root) <= stamp.mtimeMs;
}
