/** Writes what renderers returned: each file's folder is made first. Returns the paths written. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RenderedFile } from './renderer.js';

export async function writeRendered(files: readonly RenderedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content, 'utf8');
    written.push(file.path);
  }
  return written;
}
