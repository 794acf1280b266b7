/** When bin/browse-load.js may run dist/: built after the last change to anything it is compiled from. */
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledIsFresh, stampOf } from '../../bin/compiled.js';
import { tempDir } from '../helpers.js';

const HOUR_S = 3600;
const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000);

/** A repository whose every source was written 3 hours ago. */
function repository(): string {
  const root = tempDir('browse-load-fresh-');
  mkdirSync(join(root, 'src', 'report'), { recursive: true });
  mkdirSync(join(root, 'flows'));
  const files = ['src/cli.ts', 'src/report/index.ts', 'flows/erp.ts', 'tsconfig.json', 'tsconfig.build.json', 'playwright.config.ts'];
  for (const file of files) writeFileSync(join(root, file), '');
  for (const path of [...files, 'src/report', 'src', 'flows']) utimesSync(join(root, path), at(3 * HOUR_S), at(3 * HOUR_S));
  return root;
}

/** dist/ as bin/build.js leaves it: the stamp dated when the build started. */
function built(root: string, secondsAgo: number): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stampOf(root), '');
  utimesSync(stampOf(root), at(secondsAgo), at(secondsAgo));
}

describe('the compiled CLI is fresh', () => {
  it('when built after the last change of every source', () => {
    const root = repository();
    built(root, 2 * HOUR_S);
    expect(compiledIsFresh(root)).toBe(true);
  });

  it('when every file carries the same date, as in an npm package', () => {
    const root = repository();
    built(root, 3 * HOUR_S);
    expect(compiledIsFresh(root)).toBe(true);
  });
});

describe('the compiled CLI is stale, so the sources run through tsx', () => {
  it('when it was never built', () => {
    expect(compiledIsFresh(repository())).toBe(false);
  });

  it('when a file deep in src/ changed after the build started', () => {
    const root = repository();
    built(root, 2 * HOUR_S);
    utimesSync(join(root, 'src/report/index.ts'), at(HOUR_S), at(HOUR_S));
    expect(compiledIsFresh(root)).toBe(false);
  });

  it('when the default flow or the compiler settings changed', () => {
    for (const file of ['flows/erp.ts', 'tsconfig.build.json', 'playwright.config.ts']) {
      const root = repository();
      built(root, 2 * HOUR_S);
      utimesSync(join(root, file), at(HOUR_S), at(HOUR_S));
      expect(compiledIsFresh(root), file).toBe(false);
    }
  });

  it('when a source file was deleted (dist/ still has its compiled twin)', () => {
    const root = repository();
    built(root, 2 * HOUR_S);
    rmSync(join(root, 'src/report/index.ts'));
    expect(compiledIsFresh(root)).toBe(false);
  });
});
