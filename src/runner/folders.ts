/**
 * Output folders made safely, for the run folder and every command's outputs (src/commands): one
 * level at a time, so a folder that cannot be made fails at once with its reason.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * mkdir -p one level at a time from the nearest folder that exists, which must be a writable
 * folder: Node's recursive mkdirSync spins forever on some paths (under /proc it never returns).
 */
export function createFolder(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!exists(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (!statSync(at).isDirectory()) throw new Error(`${at} is not a folder`);
  accessSync(at, constants.W_OK | constants.X_OK);
  for (const level of missing) mkdirSync(level);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
