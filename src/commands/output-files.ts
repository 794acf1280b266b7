/**
 * Where a command writes, made safe before anything runs or renders: each output folder is made
 * (or found writable) first, so a folder under /proc or under a file, or one the user may not
 * write, is one line and exit 2, before any load and never a hang (Node's recursive mkdir spins
 * forever under /proc). A write that fails anyway is one line too, never a stack trace.
 */
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { createFolder } from '../runner/folders.js';

/** Makes a folder the command writes into, one level at a time (mkdir -p). */
export function makeOutputFolder(flag: string, dir: string): void {
  // '' would resolve to the current folder.
  if (dir.trim() === '') throw new UsageError(`${flag} wants a folder, got ''`);
  const folder = resolve(dir);
  try {
    createFolder(folder);
  } catch (error) {
    throw new UsageError(`${flag}: cannot create ${folder}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}

/** The folder of the files a --csv PREFIX names (PREFIX_stats.csv, …): a prefix may end in /. */
export function makeCsvFolder(prefix: string | null | undefined): void {
  if (prefix?.trim() === '') throw new UsageError("--csv wants a file prefix like results/run, got ''");
  if (prefix) makeOutputFolder('--csv', dirname(resolve(`${prefix}_stats.csv`)));
}

/** Runs the rendered files' write; a failure (the folder became unwritable) is one line. */
export async function writeOutputs(write: () => Promise<string[]>): Promise<string[]> {
  try {
    return await write();
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${failure.path ?? 'the outputs'}: ${failure.code ?? failure.message.split('\n')[0]}`, { cause: error });
  }
}
